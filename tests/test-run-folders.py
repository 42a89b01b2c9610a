#!/usr/bin/env python3
"""Run folders and the smaller failures around them, through the CLI.

A run folder has one writer (a lock naming its process), a new run does not land on
an old one unless told (--overwrite), --resume stays in its own folder, temporaries
of killed writers are cleaned, the class split of a folder dataset is the one the
checkpoint recorded, a class folder linked to another is loaded once, and the exit
status tells the truth (Ctrl+C in the final test, a full stdout, a lost metrics
flush that still saves the model).

Usage: test-run-folders.py CLI WORKDIR
"""
import hashlib
import os
import re
import resource
import shutil
import signal
import struct
import subprocess
import sys
import time

from cli_test import check, failures, gray_png

CLI, WORK = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")


def run(*args, timeout=300, **kw):
    p = subprocess.run([CLI, *args], capture_output=True, text=True, env=ENV, timeout=timeout,
                       **kw)
    return p.returncode, p.stdout + p.stderr


def png(path, seed=0, w=28, h=28):
    gray_png(path, w, h, seed)


def read(path, mode="r"):
    with open(path, mode) as f:
        return f.read()


def metrics_iterations(d):
    rows = read(os.path.join(d, "metrics.csv")).splitlines()[1:]
    return [int(r.split(",")[0]) for r in rows if r and r[0].isdigit()]


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
SINE = ["-a", "maml", "-p", "sinusoid", "--set", "eval-every=0", "--set", "test-episodes=5"]

# ---- -o onto a run: refused unless --overwrite, which clears the old run ----
a = os.path.join(WORK, "a")
rc, out = run("train", *SINE, "--set", "iterations=20", "-q", "-o", a)
check("a first run trains", rc == 0 and os.path.exists(os.path.join(a, "result.json")), out)
before = read(os.path.join(a, "checkpoint.mwc"), "rb")
rc, out = run("train", *SINE, "--set", "iterations=7", "--no-test", "-q", "-o", a)
check("-o onto a run: refused, naming the folder and the ways out",
      rc == 2 and a in out and "--overwrite" in out and "--resume" in out, out)
check("-o onto a run: its checkpoint is untouched",
      read(os.path.join(a, "checkpoint.mwc"), "rb") == before)
rc, out = run("train", *SINE, "--set", "iterations=7", "--no-test", "-q", "-o", a, "--overwrite")
check("--overwrite: the new run trains", rc == 0, out)
check("--overwrite: the old run's result.json is gone",
      not os.path.exists(os.path.join(a, "result.json")), str(os.listdir(a)))
check("--overwrite: the metrics are the new run's only",
      metrics_iterations(a) == list(range(1, 8)), str(metrics_iterations(a)))
others = os.path.join(WORK, "others")
os.makedirs(others)
with open(os.path.join(others, "notes.txt"), "w") as f:
    f.write("mine\n")
rc, out = run("train", *SINE, "--set", "iterations=2", "--no-test", "-q", "-o", others, "--overwrite")
check("--overwrite on a folder of other files: refused, the file named and kept",
      rc == 2 and "notes.txt" in out and os.path.exists(os.path.join(others, "notes.txt")), out)

# ---- --resume A -o B: refused (B would start at A's iteration without its metrics) ----
b = os.path.join(WORK, "b")
rows_a = read(os.path.join(a, "metrics.csv"))
rc, out = run("train", "--resume", os.path.join(a, "checkpoint.mwc"), "-o", b, "-q", "--no-test")
check("--resume A -o B: refused, naming A's folder", rc == 2 and a in out and "-o" in out, out)
check("--resume A -o B: nothing written to B, A unchanged",
      not os.path.exists(b) and read(os.path.join(a, "metrics.csv")) == rows_a)
rc, out = run("train", "--resume", os.path.join(a, "checkpoint.mwc"), "--overwrite", "-q")
check("--resume with --overwrite: refused", rc == 2 and "--overwrite" in out, out)

# ---- two writers into one folder: the second is refused, naming the first ----
c = os.path.join(WORK, "c")
first = subprocess.Popen([CLI, "train", "-a", "fomaml", "--set", "iterations=100000",
                          "--set", "filters=8", "--set", "meta-batch=2", "--set", "eval-every=0",
                          "--set", "checkpoint-every=20", "--no-test", "-q", "-o", c],
                         env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
ckpt_c = os.path.join(c, "checkpoint.mwc")
deadline = time.time() + 900
while time.time() < deadline and not os.path.exists(ckpt_c) and first.poll() is None:
    time.sleep(0.05)
holder = read(os.path.join(c, "run.lock")).strip() if os.path.exists(os.path.join(c, "run.lock")) else ""
check("the lock file names the writer", holder == str(first.pid), holder)
rc, out = run("train", "-a", "fomaml", "--set", "iterations=5", "--no-test", "-q", "-o", c,
              "--overwrite")
check("a second writer (-o --overwrite): refused, naming the first's PID",
      rc == 1 and ("process %d" % first.pid) in out, out)
rc, out = run("train", "--resume", ckpt_c, "-q", "--no-test")
check("a second writer (--resume): refused, naming the first's PID",
      rc == 1 and ("process %d" % first.pid) in out, out)
first.send_signal(signal.SIGINT)
first.wait(timeout=120)
its = metrics_iterations(c)
check("the first writer's metrics are whole (%d rows)" % len(its),
      len(its) > 0 and its == list(range(1, len(its) + 1)), str(its[-5:]))

# ---- a temporary left by a killed checkpoint write goes when the run is resumed ----
d = os.path.join(WORK, "d")
rc, out = run("train", *SINE, "--set", "iterations=10", "--set", "checkpoint-every=5", "--no-test",
              "-q", "-o", d)
stale = os.path.join(d, "checkpoint.mwc.Xy12Zq")
with open(stale, "wb") as f:
    f.write(b"half a checkpoint, its writer killed")
rc, out = run("train", "--resume", os.path.join(d, "checkpoint.mwc"), "-q", "--no-test")
check("a stale checkpoint temporary is removed when the run is resumed",
      rc == 0 and not os.path.exists(stale), out + str(os.listdir(d)))

# ---- the last metrics flush fails: the trained model is saved all the same ----
e = os.path.join(WORK, "e")
def limit_file_size():
    # 40 KiB: the checkpoint (about 24 KiB) fits, 3000 metrics rows do not.
    resource.setrlimit(resource.RLIMIT_FSIZE, (40 * 1024, 40 * 1024))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
rc, out = run("train", *SINE, "--set", "iterations=3000", "--set", "checkpoint-every=0",
              "--no-test", "-q", "-o", e, preexec_fn=limit_file_size)
check("metrics flush fails at the end: the run fails naming the file",
      rc == 1 and "metrics" in out, out)
ck = os.path.join(e, "checkpoint.mwc")
check("metrics flush fails at the end: the trained model is saved",
      os.path.exists(ck) and b"iteration=3000\n" in read(ck, "rb"), out)
rc, out = run("eval", ck, "--episodes", "3")
check("metrics flush fails at the end: the saved model evaluates", rc == 0, out)

# ---- messages about -o name the real file, not a temporary ----
f_dir = os.path.join(WORK, "f")
def tiny_files():
    resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
rc, out = run("train", *SINE, "--set", "iterations=2", "--no-test", "-q", "-o", f_dir,
              preexec_fn=tiny_files)
check("a file of -o that cannot be written is named, not its temporary",
      rc == 1 and os.path.join(f_dir, "experiment.ini") + ":" in out
      and not re.search(r"experiment\.ini\.\w{6}", out), out)

# ---- Ctrl+C during the final test stops it; the exit status says so ----
g = os.path.join(WORK, "g")
proc = subprocess.Popen([CLI, "train", *SINE, "--set", "iterations=5", "--set", "checkpoint-every=0",
                         "--test-episodes", "100000", "-q", "-o", g],
                        env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
ck = os.path.join(g, "checkpoint.mwc")
deadline = time.time() + 900
while time.time() < deadline and not os.path.exists(ck) and proc.poll() is None:
    time.sleep(0.02)
time.sleep(0.5)   # the final test is under way
proc.send_signal(signal.SIGINT)
try:
    out, _ = proc.communicate(timeout=600)
except subprocess.TimeoutExpired:
    proc.kill()
    out, _ = proc.communicate()
check("Ctrl+C in the final test: stops with status 130 (%s)" % proc.returncode,
      proc.returncode == 130 and "test was stopped" in out, out)
check("Ctrl+C in the final test: no result.json", not os.path.exists(os.path.join(g, "result.json")))

# ---- the result table cannot be written to stdout ----
with open("/dev/full", "w") as full:
    p = subprocess.run([CLI, "train", *SINE, "--set", "iterations=2", "-q", "-o",
                        os.path.join(WORK, "h")], stdout=full, stderr=subprocess.PIPE, text=True,
                       env=ENV)
    check("train > /dev/full: fails naming standard output",
          p.returncode != 0 and "standard output" in p.stderr, p.stderr)
    p = subprocess.run([CLI, "eval", os.path.join(d, "checkpoint.mwc"), "--episodes", "3"],
                       stdout=full, stderr=subprocess.PIPE, text=True, env=ENV)
    check("eval > /dev/full: fails naming standard output",
          p.returncode != 0 and "standard output" in p.stderr, p.stderr)

# ---- a folder dataset: the checkpoint's class split, linked class folders ----
ds = os.path.join(WORK, "photos")
for k in range(8):
    os.makedirs(os.path.join(ds, "c%d" % k))
    for i in range(4):
        png(os.path.join(ds, "c%d" % k, "%d.png" % i), seed=k * 10 + i)
os.symlink("c0", os.path.join(ds, "z-link"))
folder = ["--set", "dataset=folder", "-d", ds, "--set", "ways=2", "--set", "queries=1",
          "--set", "filters=8", "--set", "test-episodes=4", "--set", "val-episodes=2"]
fr = os.path.join(WORK, "folder-run")
rc, out = run("train", *folder, "--set", "iterations=4", "-o", fr)
check("a class folder linked to another: loaded once, skipped with the reason",
      rc == 0 and "z-link: a link to the class folder 'c0'" in out
      and "6 training classes, 2 test classes" in out, out)
ck = os.path.join(fr, "checkpoint.mwc")
header = read(ck, "rb").decode("utf-8", "replace")
train_line = re.search(r"^train-classes=(.*)$", header, re.M)
test_line = re.search(r"^test-classes=(.*)$", header, re.M)
check("the checkpoint records the class split", train_line is not None and test_line is not None,
      header[:400])
trained = [n for n in (train_line.group(1) if train_line else "").split(";") if n]
tested = [n for n in (test_line.group(1) if test_line else "").split(";") if n]
rc, out = run("eval", ck)
check("eval, folder unchanged: no note", rc == 0 and "note" not in out, out)
# A new class folder, first in byte order, where a recomputed split would move classes.
os.makedirs(os.path.join(ds, "a-new"))
for i in range(4):
    png(os.path.join(ds, "a-new", "%d.png" % i), seed=90 + i)
rc, out = run("eval", ck)
check("eval after a class was added: the recorded split, a note naming the new class",
      rc == 0 and "a-new" in out and "left out" in out, out)
rc, out = run("eval", ck, "--test-new-classes")
check("eval --test-new-classes: the new class joins the test classes",
      rc == 0 and "a-new" in out and "join" in out, out)
rc, out = run("train", "--resume", ck, "--set", "test-episodes=2", "-q")
check("--resume after a class was added: goes on, with the note", rc == 0 and "a-new" in out, out)
# A trained class goes away: refused.
gone = trained[0]
shutil.move(os.path.join(ds, gone), os.path.join(WORK, "moved-away"))
rc, out = run("eval", ck)
check("eval after a trained class went away: refused, naming it",
      rc != 0 and gone in out and "no longer holds" in out, out)
rc, out = run("train", "--resume", ck, "-q")
check("--resume after a trained class went away: refused, naming it", rc != 0 and gone in out, out)
shutil.move(os.path.join(WORK, "moved-away"), os.path.join(ds, gone))

# An older checkpoint without the record still loads, with a note.
data = read(ck, "rb")
hl = struct.unpack("<I", data[12:16])[0]
old_header = b"".join(l for l in data[16:16 + hl].splitlines(keepends=True)
                      if not l.startswith((b"train-classes=", b"test-classes=")))
body = data[:12] + struct.pack("<I", len(old_header)) + old_header + data[16 + hl:-32]
old = os.path.join(WORK, "older.mwc")
with open(old, "wb") as f:
    f.write(body + hashlib.sha256(body).digest())
rc, out = run("eval", old)
check("an older checkpoint without the record: loads, with a note",
      rc == 0 and "records no class split" in out, out)

print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
