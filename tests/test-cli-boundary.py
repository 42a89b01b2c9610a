#!/usr/bin/env python3
"""eval --boundary through the CLI, on a briefly trained planar-circles MAML model.

The grid CSV has every step's G × G rows, the points CSV the task's support and query
points with a probability per step, and the printed accuracy of each step is the share
of queries on their label's side in that CSV.  The same seed writes the same files.
Each step's PNG is a 480 × 480 picture in which every support point's centre has its
class's colour (orange for 0, blue for 1).  --boundary-start random adapts the run's
untrained model (the same twice, not the trained one); a logistic model's weight path
(PREFIX-weights.csv) predicts the grid.  A glyph model and a grid of 1 are refused.

Usage: test-cli-boundary.py CLI WORKDIR
"""
import csv
import math
import os
import shutil
import subprocess
import sys

from cli_test import check, failures, read_rgb_png

CLI, WORK = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
ORANGE, BLUE = (245, 147, 34), (8, 119, 189)


def run(*args, timeout=300):
    p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
model = os.path.join(WORK, "circles")
rc, out, err = run("train", "-q", "-a", "maml", "-p", "planar-circles", "-s", "iterations=200",
                   "-s", "test-episodes=20", "-s", "val-episodes=10", "-o", model)
check("train planar-circles", rc == 0, err)
ckpt = os.path.join(model, "checkpoint.mwc")
prefix = os.path.join(WORK, "b")
rc, out, err = run("eval", ckpt, "--boundary", prefix, "--grid", "40", "--boundary-task", "2")
check("eval --boundary runs", rc == 0, out + err)

with open(prefix + "-grid.csv") as f:
    grid = list(csv.DictReader(f))
check("grid CSV: 11 steps × 40 × 40 rows", len(grid) == 11 * 1600, str(len(grid)))
check("grid CSV: probabilities in [0, 1]", all(0 <= float(r["p1"]) <= 1 for r in grid))
check("grid CSV: x and y span [-2, 2]",
      min(float(r["x"]) for r in grid) == -2 and max(float(r["y"]) for r in grid) == 2)

with open(prefix + "-points.csv") as f:
    points = list(csv.DictReader(f))
support = [p for p in points if p["role"] == "support"]
query = [p for p in points if p["role"] == "query"]
check("points CSV: 10 support and 30 query points", len(support) == 10 and len(query) == 30,
      "%d, %d" % (len(support), len(query)))
table = [line.split() for line in out.splitlines() if line[:1].isdigit()]
for step in (0, 1, 10):
    right = sum((float(q["p1_step%d" % step]) > 0.5) == (q["label"] == "1") for q in query)
    printed = float(table[step][2])
    check("step %d: printed accuracy is the CSV's" % step, abs(printed - right / 30) < 1e-3,
          "%g against %d/30" % (printed, right))

w, h, rows = read_rgb_png(prefix + "-step1.png")
check("step PNG is 480 × 480", (w, h) == (480, 480), "%d × %d" % (w, h))
wrong = []
for p in support:
    x, y = float(p["x"]), float(p["y"])
    px, py = round((x + 2) / 4 * 479), round((2 - y) / 4 * 479)
    if not (0 <= px < w and 0 <= py < h):
        continue
    pixel = tuple(rows[py][3 * px:3 * px + 3])
    if pixel != (BLUE if p["label"] == "1" else ORANGE):
        wrong.append((x, y, p["label"], pixel))
check("support points drawn in their class's colour", not wrong, str(wrong))
check("a PNG for every step", all(os.path.exists("%s-step%d.png" % (prefix, s)) for s in range(11)))

again = os.path.join(WORK, "again")
rc, out2, err = run("eval", ckpt, "--boundary", again, "--grid", "40", "--boundary-task", "2")
with open(prefix + "-grid.csv", "rb") as a, open(again + "-grid.csv", "rb") as b:
    check("same seed, same grid", rc == 0 and a.read() == b.read())

# A random start: the untrained model of the run's seed, the same twice, not the trained one.
rand = os.path.join(WORK, "random")
rc, out, err = run("eval", ckpt, "--boundary", rand, "--grid", "40", "--boundary-task", "2",
                   "--boundary-start", "random")
check("--boundary-start random runs", rc == 0 and "random start" in out, out + err)
rc, out, err = run("eval", ckpt, "--boundary", rand + "2", "--grid", "40", "--boundary-task", "2",
                   "--boundary-start", "random")
with open(rand + "-grid.csv", "rb") as a, open(rand + "2-grid.csv", "rb") as b:
    check("random start: same seed, same grid", rc == 0 and a.read() == b.read())
with open(rand + "-grid.csv", "rb") as a, open(prefix + "-grid.csv", "rb") as b:
    check("random start differs from the trained model", a.read() != b.read())
check("no weight path for the MLP", not os.path.exists(prefix + "-weights.csv"))
rc, out, err = run("eval", ckpt, "--boundary", rand, "--boundary-start", "scratch")
check("--boundary-start scratch refused", rc == 2 and "trained or random" in err, err)

# The logistic model's weight path: w1, w2, b per step, whose margin predicts the grid.
linear = os.path.join(WORK, "linear")
rc, out, err = run("train", "-q", "-a", "maml", "-p", "planar-linear", "-s", "iterations=50",
                   "-s", "test-episodes=10", "-s", "val-episodes=5", "-o", linear)
check("train planar-linear", rc == 0, err)
lp = os.path.join(WORK, "lin")
rc, out, err = run("eval", os.path.join(linear, "checkpoint.mwc"), "--boundary", lp, "--grid", "9")
check("eval --boundary (logistic) runs", rc == 0, out + err)
with open(lp + "-weights.csv") as f:
    path = list(csv.DictReader(f))
with open(lp + "-grid.csv") as f:
    lgrid = list(csv.DictReader(f))
steps = max(int(r["step"]) for r in lgrid)
check("weights CSV: a row per step", [int(r["step"]) for r in path] == list(range(steps + 1)),
      str(len(path)))
worst = 0.0
for r in lgrid:
    w = path[int(r["step"])]
    z = float(w["w1"]) * float(r["x"]) + float(w["w2"]) * float(r["y"]) + float(w["b"])
    p1 = 1 / (1 + math.exp(-z)) if z > -700 else 0.0
    worst = max(worst, abs(p1 - float(r["p1"])))
check("weight path's margin predicts the grid", worst < 1e-4, "worst %g" % worst)
check("the path moves", path[0] != path[-1])

rc, out, err = run("eval", ckpt, "--boundary", prefix, "--grid", "1")
check("--grid 1 refused", rc == 2 and "2–1000" in err, err)
glyphs = os.path.join(WORK, "glyphs")
rc, out, err = run("train", "-q", "-a", "maml", "-s", "iterations=1", "-s", "glyph-classes=20",
                   "-s", "test-episodes=2", "-s", "val-episodes=2", "-s", "eval-every=0",
                   "-s", "filters=4", "-o", glyphs)
rc, out, err = run("eval", os.path.join(glyphs, "checkpoint.mwc"), "--boundary", prefix)
check("--boundary refused for a glyph model", rc == 2 and "not planar" in err, out + err)

sys.exit(1 if failures else 0)
