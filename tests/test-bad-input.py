#!/usr/bin/env python3
"""The bad-input matrix through the CLI, and crash safety.

Each case feeds meta-workbench-cli something broken and checks that the message
names the file or setting, that only the affected run stops (exit status), and that
whatever was saved before survives (checkpoints still load, metrics keep their rows).

Usage: test-bad-input.py CLI WORKDIR
"""
import os
import resource
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

from cli_test import check, failures, gray_png as png

CLI, WORK = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")


def run(*args, timeout=300):
    p = subprocess.run([CLI, *args], capture_output=True, text=True, env=ENV, timeout=timeout)
    return p.returncode, p.stdout + p.stderr


def huge_png(path):
    """A valid signature and IHDR claiming 20000×20000, then almost no data."""
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))


def huge_jpeg(path):
    """SOI, a baseline SOF0 header of 20000×20000 grey, EOI: no tables, no scan."""
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, 20000, 20000, 1) + b"\x01\x11\x00"
    with open(path, "wb") as f:
        f.write(b"\xff\xd8" + sof + b"\xff\xd9")


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

# ---- a folder dataset with every kind of broken image in it ----
ds = os.path.join(WORK, "photos")
for c in range(8):
    d = os.path.join(ds, "class%d" % c)
    os.makedirs(d)
    for i in range(6):
        png(os.path.join(d, "%d.png" % i), seed=c * 10 + i)
good = png(os.path.join(WORK, "good.png"))
bad_files = {
    "class0/corrupt.png": os.urandom(300),
    "class1/truncated.png": good[:60],
    "class2/zero-byte.png": b"",
    "class4/not-an-image.jpg": b"hello, I am a text file\n",
    "class5/truncated.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "class6/not-an-image.png": b"<html>not a picture</html>\n",
}
for rel, data in bad_files.items():
    write(os.path.join(ds, rel), data)
huge_png(os.path.join(ds, "class3/huge-20000x20000.png"))
huge_jpeg(os.path.join(ds, "class7/huge-20000x20000.jpg"))
bad_files["class3/huge-20000x20000.png"] = None
bad_files["class7/huge-20000x20000.jpg"] = None

folder = ["--set", "dataset=folder", "-d", ds, "--set", "ways=3", "--set", "queries=2",
          "--set", "train-fraction=0.5", "--set", "iterations=3", "--set", "filters=8",
          "--no-test", "-q"]
rc, out = run("train", *folder, "-o", os.path.join(WORK, "photos-run"))
check("broken images: the run goes on without them", rc == 0, out)
for rel in bad_files:
    path = os.path.join(ds, rel)
    check("broken images: %s is named" % rel, ("skipped " + path + ":") in out, out)
# Huge headers are refused before their pixels are allocated.
peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
check("broken images: huge headers allocate nothing (peak %.0f MB)" % peak_mb, peak_mb < 400)
check("broken images: the reasons are given",
      "corrupt PNG" in out and "not a PNG or JPEG" in out and "20000" in out, out)

# ---- folders and datasets that cannot be used ----
empty = os.path.join(WORK, "empty")
os.makedirs(empty)
rc, out = run("train", "--set", "dataset=folder", "-d", empty, "--no-test", "-q")
check("empty folder: named, run refused", rc != 0 and empty in out, out)
missing = os.path.join(WORK, "no-such-folder")
rc, out = run("train", "--set", "dataset=folder", "-d", missing, "--no-test", "-q")
check("missing dataset: named", rc != 0 and missing in out, out)
rc, out = run("train", "--set", "dataset=omniglot", "-d", missing, "--no-test", "-q")
check("missing Omniglot: named", rc != 0 and missing in out, out)

small = os.path.join(WORK, "small")
for c in "abcdefgh":
    os.makedirs(os.path.join(small, c))
    for i in range(1 if c == "c" else 6):
        png(os.path.join(small, c, "%d.png" % i), seed=i)
rc, out = run("train", "--set", "dataset=folder", "-d", small, "--set", "ways=3",
              "--set", "queries=2", "--set", "train-fraction=0.5", "--set", "iterations=3",
              "--no-test", "-q")
check("class with fewer than K+Q images: the class is named",
      rc != 0 and "class 'c' has 1 image" in out, out)

# In a folder of its own that anyone may enter: WORK may sit below a private
# folder (mktemp -d), which would hide it from nobody altogether.
scratch = tempfile.mkdtemp(prefix="mw-bad-input-")
os.chmod(scratch, 0o755)
unreadable = os.path.join(scratch, "unreadable")
os.makedirs(os.path.join(unreadable, "a"))
os.chmod(unreadable, 0)
if os.geteuid() == 0 and shutil.which("setpriv"):
    # root reads anything: run as nobody to see the permission error.
    p = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", CLI,
                        "train", "--set", "dataset=folder", "-d", unreadable, "--no-test", "-q",
                        "-o", "/tmp/mw-bad-input-nobody"],
                       capture_output=True, text=True, env=ENV)
    rc, out = p.returncode, p.stdout + p.stderr
elif os.geteuid() != 0:
    rc, out = run("train", "--set", "dataset=folder", "-d", unreadable, "--no-test", "-q")
else:
    rc, out = 1, "skipped: root without setpriv " + unreadable + " Permission denied"
check("unreadable dataset: named with the reason",
      rc != 0 and unreadable in out and "Permission denied" in out, out)
os.chmod(unreadable, 0o755)
shutil.rmtree(scratch, ignore_errors=True)

# ---- impossible settings, each named ----
for sets, word in [(["ways=500"], "500-way"), (["shots=0"], "shots"),
                   (["meta-lr=-1"], "meta-lr"), (["inner-lr=nan"], "inner-lr"),
                   (["meta-lr=nan"], "meta-lr"), (["inner-lr=-0.5"], "inner-lr"),
                   (["queries=0"], "queries")]:
    args = []
    for s in sets:
        args += ["--set", s]
    rc, out = run("train", *args, "--no-test", "-q", "-o", os.path.join(WORK, "settings"))
    check("setting %s: refused, named" % sets[0], rc != 0 and word in out, out)

# ---- a learning rate so large the loss turns NaN mid-run ----
nan_dir = os.path.join(WORK, "diverges")
rc, out = run("train", "-a", "maml", "-p", "sinusoid", "--set", "meta-lr=10",
              "--set", "iterations=2000", "--set", "checkpoint-every=10", "--set", "eval-every=0",
              "--no-test", "-q", "-o", nan_dir)
check("NaN mid-run: stops with the iteration and the learning rates",
      rc != 0 and "diverged at iteration" in out and "meta-lr 10" in out, out)
rows = open(os.path.join(nan_dir, "metrics.csv")).read().splitlines()
last = int(rows[-1].split(",")[0])
check("NaN mid-run: metrics up to the iteration before (%d rows)" % (len(rows) - 1),
      len(rows) - 1 == last and last > 100, rows[-1])
rc, out = run("eval", os.path.join(nan_dir, "checkpoint.mwc"), "--episodes", "20")
check("NaN mid-run: the last checkpoint still loads and evaluates", rc == 0 and "nan" not in out.split("step")[-1].split("\n")[1], out)

# ---- broken checkpoints and experiment files ----
ckpt = os.path.join(nan_dir, "checkpoint.mwc")
data = open(ckpt, "rb").read()
truncated = os.path.join(WORK, "truncated.mwc")
write(truncated, data[: len(data) // 2])
rc, out = run("eval", truncated)
check("truncated checkpoint: named, damaged", rc != 0 and truncated in out and "damaged" in out, out)
rc, out = run("train", "--resume", truncated, "-q")
check("truncated checkpoint on --resume: named", rc != 0 and truncated in out, out)
foreign = os.path.join(WORK, "foreign.mwc")
write(foreign, good)
rc, out = run("eval", foreign)
check("foreign checkpoint: named, not a checkpoint",
      rc != 0 and foreign in out and "not a Meta Workbench checkpoint" in out, out)
write(os.path.join(WORK, "zero.mwc"), b"")
rc, out = run("eval", os.path.join(WORK, "zero.mwc"))
check("zero-byte checkpoint: named", rc != 0 and "zero.mwc" in out, out)

garbage = os.path.join(WORK, "garbage.ini")
write(garbage, b"garbage\n\x00\x01\x02")
rc, out = run("train", "-c", garbage, "-q")
check("garbage experiment file: named", rc != 0 and garbage in out, out)
foreign_ini = os.path.join(WORK, "picture.ini")
write(foreign_ini, good)
rc, out = run("train", "-c", foreign_ini, "-q")
check("foreign experiment file (a PNG): named", rc != 0 and foreign_ini in out, out)
cut = os.path.join(WORK, "cut.ini")
text = open(os.path.join(nan_dir, "experiment.ini")).read()
write(cut, text[: text.index("algorithm=") + len("algorithm=ma")].encode())
rc, out = run("train", "-c", cut, "-q")
# The file the CLI wrote ends with an end line: cut anywhere, it is refused naming the
# line where it stops (here the half-written algorithm= line).
cut_line = text[: text.index("algorithm=")].count("\n") + 1
check("experiment file cut in a value: named with the line",
      rc != 0 and "%s, line %d:" % (cut, cut_line) in out and "cut short" in out, out)

# ---- a full disk while saving ----
def full_disk_case():
    mnt = os.path.join(WORK, "full")
    os.makedirs(mnt)
    run_dir = os.path.join(mnt, "run")
    args = [CLI, "train", "-a", "maml", "--set", "iterations=40", "--set", "checkpoint-every=10",
            "--set", "eval-every=0", "--no-test", "-q", "-o", run_dir]
    script = 'mount -t tmpfs -o size=600k none "$0" && "${@}"; rc=$?; ' \
             'cp -r "$0/run" "$0.saved" 2>/dev/null; umount "$0"; exit $rc'
    if os.geteuid() == 0:
        cmd = ["sh", "-c", script, mnt, *args]
    elif shutil.which("unshare"):
        cmd = ["unshare", "-r", "-m", "sh", "-c", script, mnt, *args]
    else:
        return None
    p = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    if "mount" in p.stderr and "permission" in p.stderr.lower():
        return None
    return p.returncode, p.stdout + p.stderr, mnt + ".saved"

res = full_disk_case()
if res is None:
    print("SKIP full disk: cannot mount a small tmpfs here (needs root or user namespaces)")
else:
    rc, out, saved = res
    check("full disk: the run stops, naming the checkpoint and the reason",
          rc == 1 and "checkpoint.mwc" in out and "No space left on device" in out, out)
    rc2, out2 = run("eval", os.path.join(saved, "checkpoint.mwc"), "--episodes", "5")
    check("full disk: the previous checkpoint survives and loads", rc2 == 0, out2)
    rows = open(os.path.join(saved, "metrics.csv")).read().splitlines()
    check("full disk: metrics kept up to the stop (%d rows)" % (len(rows) - 1), len(rows) - 1 >= 10)

# ---- kill -9 during training, then resume ----
def wait_for_file(path, proc, limit=900):
    """Waits until `path` exists or `proc` ends: an event, not a guess at how long a run
    takes (the sanitizer build on a busy machine is many times slower)."""
    deadline = time.time() + limit
    while time.time() < deadline and not os.path.exists(path) and proc.poll() is None:
        time.sleep(0.05)

def kill_after_checkpoint(out_dir, settings, linger):
    """Trains a small first-order MAML run into out_dir, kills it with SIGKILL `linger`
    seconds after its first checkpoint appears; returns (was it still running, path)."""
    args = [CLI, "train", "-a", "fomaml", "--set", "iterations=300", "--set", "filters=8",
            "--set", "meta-batch=2", "--no-test", "-q", "-o", out_dir]
    for setting in settings:
        args += ["--set", setting]
    proc = subprocess.Popen(args, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ckpt = os.path.join(out_dir, "checkpoint.mwc")
    wait_for_file(ckpt, proc)
    time.sleep(linger)
    running = proc.poll() is None
    if running:
        proc.send_signal(signal.SIGKILL)
    proc.wait()
    return running, ckpt

crash = os.path.join(WORK, "crash")
killed, ckpt = kill_after_checkpoint(crash, ["checkpoint-every=25", "eval-every=0"], 0.5)
check("kill -9: the run was killed mid-training", killed)
rows = open(os.path.join(crash, "metrics.csv")).read().split("\n")
flushed = [r for r in rows[1:] if r and r[0].isdigit()]
rc, out = run("train", "--resume", ckpt, "-q", "--no-test")
check("kill -9: resumes from the last checkpoint", rc == 0, out)
rows = open(os.path.join(crash, "metrics.csv")).read().splitlines()
its = [int(r.split(",")[0]) for r in rows[1:]]
check("kill -9: metrics have every iteration once after resuming (%d rows, %d before)"
      % (len(its), len(flushed)), its == list(range(1, 301)), str(its[:3]) + "…" + str(its[-3:]))
check("kill -9: metrics reached the checkpoint before the crash", len(flushed) >= 25)

# Without a checkpoint schedule (the presets have none), every validation saves one: a
# run killed after its first validation can still go on.
noschedule = os.path.join(WORK, "no-schedule")
running, ckpt = kill_after_checkpoint(
    noschedule, ["checkpoint-every=0", "eval-every=20", "val-episodes=2"], 0)
check("checkpoint-every=0: a checkpoint is saved at the first validation, mid-run", running)
rc, out = run("train", "--resume", ckpt, "-q", "--no-test")
check("checkpoint-every=0: the killed run resumes from it", rc == 0, out)

# ---- a preset's run name follows --set (the seed is part of it) ----
renamed = os.path.join(WORK, "renamed")
rc, out = run("train", "-a", "fomaml", "-p", "glyphs-5w1s", "--set", "iterations=1",
              "--set", "seed=7", "--no-test", "-q", "-o", renamed)
ini = open(os.path.join(renamed, "experiment.ini")).read() if rc == 0 else ""
check("preset + --set seed=7: the run's name says seed 7", "seed 7\n" in ini, out + ini)

# ---- Ctrl+C during training: the iteration finishes, a checkpoint is written ----
interrupted = os.path.join(WORK, "interrupted")
proc = subprocess.Popen(
    [CLI, "train", "-a", "fomaml", "--set", "iterations=100000", "--set", "filters=8",
     "--set", "meta-batch=2", "--set", "eval-every=0", "--set", "checkpoint-every=10",
     "--no-test", "-q", "-o", interrupted],
    env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    # Whoever runs the tests may ignore SIGINT (a background job); the CLI keeps an
    # ignored signal ignored, so the child gets the default back.
    preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
# Interrupted once it is training: after its first checkpoint.
wait_for_file(os.path.join(interrupted, "checkpoint.mwc"), proc)
proc.send_signal(signal.SIGINT)
try:
    out, _ = proc.communicate(timeout=600)
except subprocess.TimeoutExpired:
    proc.kill()
    out, _ = proc.communicate()
check("Ctrl+C: the run stops with status 130 (%s)" % proc.returncode, proc.returncode == 130, out)
check("Ctrl+C: says where it stopped and how to go on",
      "stopped at iteration" in out and "--resume" in out, out)
ckpt = os.path.join(interrupted, "checkpoint.mwc")
rows = open(os.path.join(interrupted, "metrics.csv")).read().splitlines()
its = [int(r.split(",")[0]) for r in rows[1:] if r and r[0].isdigit()]
check("Ctrl+C: metrics up to the stop (%d rows)" % len(its),
      len(its) > 0 and its == list(range(1, len(its) + 1)), str(its[-3:]))
rc, info = run("eval", ckpt, "--episodes", "2")
check("Ctrl+C: the checkpoint saved at the stop loads", rc == 0, info)
check("Ctrl+C: the checkpoint is the last iteration's",
      ("iteration %d" % its[-1]) in out if its else False, out)

print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
