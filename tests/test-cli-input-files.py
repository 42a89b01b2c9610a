#!/usr/bin/env python3
"""Input files through the CLI.

- Paths are bytes: a folder whose name is not UTF-8 is trained on, its run saved
  (checkpoint header, experiment.ini) into a folder whose name is not UTF-8 either,
  then evaluated, resumed, and its experiment.ini run again with -c.
- Experiment files with a NUL byte, bytes that are not UTF-8 or cut short are
  refused naming the file and the line (status 1, nothing trained).
- Only regular files are read: `eval /dev/zero`, `-c /dev/zero`, `--resume /dev/zero`,
  FIFOs given as a checkpoint or an experiment file are refused at once (no hang); a
  checkpoint over the size limit (a sparse file) is refused unread; in a class folder a
  FIFO named x.png and a .png linked to /dev/zero are skipped with a reason.

- Counts from settings that used to wrap round (item 1): 65536 glyph classes × 65537
  drawings (a heap overflow), `eval --steps 2147483647` are refused with a message.

Every CLI call runs under a timeout, so a hang fails the case.

Usage: test-cli-input-files.py CLI WORKDIR
"""
import os
import shutil
import subprocess
import sys

from cli_test import check, failures, gray_png

CLI, WORK = sys.argv[1], os.fsencode(sys.argv[2])
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")


def run(*args, timeout=120):
    try:
        p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timed out after %d s" % timeout
    return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")


def png(path, w=16, h=16, seed=0):
    gray_png(path, w, h, seed)


def write(path, data):
    with open(path, "wb") as f:
        f.write(data)


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
join = os.path.join
TRAIN = ["-a", "protonet", "--set", "dataset=folder", "--set", "image-size=16",
         "--set", "ways=2", "--set", "shots=1", "--set", "queries=2", "--set", "iterations=3",
         "--set", "eval-every=2", "--set", "val-episodes=2", "--set", "test-episodes=5",
         "--threads", "1"]

# ---- item 3: a data folder and a run folder whose names are not UTF-8 ----
data = join(WORK, b"caf\xe9-data")
for c in range(6):
    d = join(data, b"class%d-\xff" % c)
    os.makedirs(d)
    for i in range(5):
        png(join(d, b"%d.png" % i), seed=c * 10 + i)
# The loader's special files (item 6) sit in the same folder.
os.mkfifo(join(data, b"class0-\xff", b"x.png"))
os.symlink("/dev/zero", join(data, b"class1-\xff", b"zero.png"))

out = join(WORK, b"run-\xe9")
rc, text = run("train", *TRAIN, "-d", data, "-o", out)
check("train on a non-UTF-8 folder", rc == 0, text)
check("a FIFO named x.png is skipped with a reason",
      "x.png: is a FIFO (named pipe), not a regular file" in text, text)
check("a .png linked to /dev/zero is skipped with a reason",
      "zero.png: is a device, not a regular file" in text, text)
ini = join(out, b"experiment.ini")
try:
    with open(ini, "rb") as f:
        ini_bytes = f.read()
    ini_bytes.decode("utf-8")
    check("experiment.ini is UTF-8, the path a file:// URI",
          b"path=file://" in ini_bytes and b"caf%E9-data" in ini_bytes, repr(ini_bytes[:300]))
except (OSError, UnicodeDecodeError) as e:
    check("experiment.ini is UTF-8, the path a file:// URI", False, str(e))
    ini_bytes = b""
ckpt = join(out, b"checkpoint.mwc")
rc, text = run("eval", ckpt, "--episodes", "5")
check("eval a checkpoint trained on a non-UTF-8 folder", rc == 0 and "accuracy" in text, text)
rc, text = run("train", "--resume", ckpt, "-q")
check("--resume it", rc == 0, text)
rc, text = run("train", "-c", ini, "-q", "-o", join(WORK, b"again-\xe9"))
check("train -c its experiment.ini", rc == 0, text)

# ---- item 5: experiment files that are not whole text ----
def refused(name, path, want, args=("train", "-q", "-c")):
    rc, text = run(*args, path, "-o", join(WORK, b"never-" + os.path.basename(path)))
    check(name, rc not in (0, None) and want in text, "status %s: %s" % (rc, text))

zeros = join(WORK, b"zeros.mwexp")
write(zeros, b"\0" * 4096)
refused("a zero-filled experiment file is refused", zeros, "zeros.mwexp, line 1: holds a NUL byte")
middle = join(WORK, b"nul.mwexp")
write(middle, b"[experiment]\nalgorithm=protonet\n[episodes]\nways=3\0\nshots=2\n")
refused("a NUL in the middle is refused naming its line", middle, "nul.mwexp, line 4: holds a NUL")
latin1 = join(WORK, b"latin1.mwexp")
write(latin1, b"[experiment]\nalgorithm=maml\nname=caf\xe9\n")
refused("invalid UTF-8 is refused naming its line", latin1, "latin1.mwexp, line 3: is not UTF-8")
cut = join(WORK, b"cut.mwexp")
write(cut, ini_bytes[: len(ini_bytes) * 2 // 3])
refused("a cut-off experiment.ini is refused", cut, "cut.mwexp, line ")
refused("... saying it was cut short", cut, "it was cut short")

# ---- item 6: inputs that are not regular files, or too large ----
fifo = join(WORK, b"fifo.mwc")
os.mkfifo(fifo)
for name, args, want in [
        ("eval /dev/zero", ["eval", "/dev/zero"], "/dev/zero: is a device"),
        ("train -c /dev/zero", ["train", "-q", "-c", "/dev/zero"], "/dev/zero: is a device"),
        ("train --resume /dev/zero", ["train", "-q", "--resume", "/dev/zero"], "/dev/zero: is a device"),
        ("eval FIFO", ["eval", fifo], "fifo.mwc: is a FIFO"),
        ("train -c FIFO", ["train", "-q", "-c", fifo], "fifo.mwc: is a FIFO"),
        ("eval a folder", ["eval", WORK], "is a folder"),
]:
    rc, text = run(*args, timeout=30)
    check(name + " is refused at once", rc not in (0, None) and want in text,
          "status %s: %s" % (rc, text))
big = join(WORK, b"big.mwc")
write(big, b"MWCKPT\r\n")
os.truncate(big, 3 << 30)   # sparse: nothing is written
rc, text = run("eval", big, timeout=30)
check("a 3 GiB checkpoint is refused by its size", rc not in (0, None) and "larger than" in text,
      "status %s: %s" % (rc, text))

# ---- item 1: counts from settings that wrap round ----
rc, text = run("train", "-q", "--set", "glyph-classes=65536", "--set", "glyph-samples=65537",
               "--set", "iterations=1", "-o", join(WORK, b"glyphs"), timeout=60)
check("65536 x 65537 glyphs are refused", rc not in (0, None) and "glyph" in text
      and "ERROR" not in text and "AddressSanitizer" not in text, "status %s: %s" % (rc, text))
rc, text = run("eval", ckpt, "--steps", "2147483647", timeout=60)
check("eval --steps 2147483647 is refused", rc not in (0, None) and "steps" in text
      and "ERROR" not in text, "status %s: %s" % (rc, text))

shutil.rmtree(WORK, ignore_errors=True)

if failures:
    print("%d failed: %s" % (len(failures), ", ".join(failures)))
    sys.exit(1)
print("all passed")
