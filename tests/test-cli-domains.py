#!/usr/bin/env python3
"""Domain shifts and target data through the CLI.

A briefly trained ProtoNets glyph model with a target (the glyphs inverted) is tested on
its own test glyphs, on them shifted (--set shift=inverted) and on its target
(--target): the last two are the same data, so the same numbers, and the header names
the shift.  show-data writes a strip whose inverted row is 255 minus its first row,
pixel by pixel, and whose size follows --columns and --scale; --target gives the
source's and the target's rows.  Bad settings are refused naming the setting.  With
Debian's dataset-fashion-mnist and hershey-fonts-data installed, a model trains on each
and is tested on the other (skipped, naming the package, otherwise).

Usage: test-cli-domains.py CLI WORKDIR
"""
import os
import re
import shutil
import subprocess
import sys

from cli_test import check, failures, read_rgb_png

CLI, WORK = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
SIDE, GAP = 28, 2


def run(*args, timeout=300):
    p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def accuracy(out):
    """The step-0 accuracy of eval's or train's result table."""
    m = re.search(r"^\s+0\s+([0-9.]+)% ± ([0-9.]+)", out, re.M)
    return (float(m.group(1)), float(m.group(2))) if m else None


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
QUICK = ["-s", "iterations=40", "-s", "glyph-classes=30", "-s", "glyph-samples=10",
         "-s", "test-episodes=40", "-s", "val-episodes=5", "-s", "eval-every=0",
         "-s", "filters=8"]
model = os.path.join(WORK, "glyphs")
rc, out, err = run("train", "-q", "-a", "protonet", *QUICK, "-s", "target-dataset=glyphs",
                   "-s", "target-shift=inverted", "-o", model)
check("train with a target", rc == 0, err)
ckpt = os.path.join(model, "checkpoint.mwc")

rc, own, err = run("eval", ckpt)
check("eval on its own test glyphs", rc == 0 and accuracy(own) is not None, own + err)
check("no shift named for its own data", "Domain shift" not in own, own)
rc, shifted, err = run("eval", ckpt, "--set", "shift=inverted")
check("eval --set shift=inverted", rc == 0 and "Domain shift: inverted" in shifted, shifted + err)
rc, target, err = run("eval", ckpt, "--target")
check("eval --target", rc == 0 and "Domain shift: inverted" in target, target + err)
check("--target is the run's target: the same numbers as --set shift=inverted",
      accuracy(target) == accuracy(shifted), "%s against %s" % (accuracy(target), accuracy(shifted)))
check("inverted glyphs are harder than the model's own",
      accuracy(shifted) and accuracy(own) and accuracy(shifted)[0] < accuracy(own)[0],
      "%s against %s" % (accuracy(shifted), accuracy(own)))

rc, out, err = run("eval", ckpt, "--set", "shift=blurred")
check("an unknown shift is refused, naming the setting", rc == 2 and "setting 'shift'" in err, err)
rc, out, err = run("eval", ckpt, "--target", "--data-dir", WORK)
check("--target with --data-dir is refused", rc == 2 and "--target" in err, err)
plain = os.path.join(WORK, "plain")
rc, out, err = run("train", "-q", "-a", "protonet", *QUICK, "-s", "iterations=1", "-o", plain)
rc, out, err = run("eval", os.path.join(plain, "checkpoint.mwc"), "--target")
check("--target without a target is refused", rc == 2 and "no target-dataset" in err, err)
rc, out, err = run("train", "-q", "-a", "protonet", *QUICK, "-s", "target-split=background",
                   "-o", os.path.join(WORK, "stray"))
check("a target setting without target-dataset is refused",
      rc != 0 and "target-split is set but target-dataset is not" in err, err)

strip = os.path.join(WORK, "strip.png")
rc, out, err = run("show-data", "-o", strip, "-n", "5", "--scale", "1",
                   "--shifts", "none,inverted,textured", "-s", "glyph-classes=30")
check("show-data writes a strip", rc == 0 and os.path.exists(strip), out + err)
if rc == 0:
    w, h, rows = read_rgb_png(strip)
    check("strip size: 5 columns, 3 rows of 28 px with 2 px gaps",
          (w, h) == (GAP + 5 * (SIDE + GAP), GAP + 3 * (SIDE + GAP)), "%d × %d" % (w, h))
    inverted_ok = all(rows[GAP + SIDE + GAP + y][3 * x] == 255 - rows[GAP + y][3 * x]
                      for y in range(SIDE) for x in range(GAP, w - GAP)
                      if (x - GAP) % (SIDE + GAP) < SIDE)
    check("the inverted row is 255 minus the first", inverted_ok)
    textured = [rows[GAP + 2 * (SIDE + GAP) + y][3 * (GAP + x)] for y in range(SIDE) for x in range(SIDE)]
    check("the textured row has no black paper", sum(v < 10 for v in textured) < SIDE * SIDE // 4)
rc, out, err = run("show-data", "-o", strip, "-n", "4", "--target", "-s", "glyph-classes=30",
                   "-s", "target-dataset=glyphs", "-s", "target-shift=rotated")
check("show-data --target: two rows", rc == 0 and "2 rows of 4 images" in out, out + err)
rc, out, err = run("show-data", "-o", strip, "--shifts", "none,smudged")
check("show-data refuses an unknown shift", rc == 2 and "smudged" in err, err)
rc, out, err = run("show-data", "-o", strip, "--columns", "1000")
check("show-data bounds its columns", rc == 2 and "--columns" in err, err)


def far_domain(dataset, package, folder, other):
    """Trains on dataset and tests on the other far domain, when both are installed."""
    if not (os.path.isdir(folder) and os.path.isdir(other[1])):
        print("skip %s: install the Debian packages %s and %s (build-aux/install-deps.sh)"
              % (dataset, package, other[2]))
        return
    path = os.path.join(WORK, dataset)
    rc, out, err = run("train", "-q", "-a", "protonet", "-s", "dataset=" + dataset,
                       "-s", "iterations=20", "-s", "test-episodes=20", "-s", "val-episodes=5",
                       "-s", "eval-every=0", "-s", "filters=8",
                       "-s", "target-dataset=" + other[0], "-s", "target-shift=textured", "-o", path)
    check("train on %s" % dataset, rc == 0, err)
    rc, out, err = run("eval", os.path.join(path, "checkpoint.mwc"), "--target")
    check("eval --target: %s → %s, textured" % (dataset, other[0]),
          rc == 0 and "dataset %s" % other[0] in out and "Domain shift: textured" in out
          and accuracy(out) is not None, out + err)
    rc, out, err = run("show-data", "-o", os.path.join(WORK, dataset + ".png"),
                       "-s", "dataset=" + dataset)
    check("show-data of %s" % dataset, rc == 0, out + err)


FASHION = ("fashion-mnist", "/usr/share/datasets/fashion-mnist", "dataset-fashion-mnist")
HERSHEY = ("hershey", "/usr/share/hershey-fonts", "hershey-fonts-data")
far_domain(HERSHEY[0], HERSHEY[2], HERSHEY[1], FASHION)
far_domain(FASHION[0], FASHION[2], FASHION[1], HERSHEY)

sys.exit(1 if failures else 0)
