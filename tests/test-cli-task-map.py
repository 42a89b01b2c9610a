#!/usr/bin/env python3
"""eval --task-embedding through the CLI: the task map's CSV has one row per test and
training task with the documented columns, its test tasks are eval's own episodes
(their mean accuracy is eval's), distances and nearest training tasks are in range,
the file is the same at any thread count, --embedding-values holds the embeddings, and
misused options are refused.  With MW_OMNIGLOT_DIR, Omniglot tasks are coloured by
their alphabet ("mixed" when no alphabet holds most of a task's classes).

Usage: test-cli-task-map.py CLI WORKDIR
"""
import csv
import os
import re
import shutil
import subprocess
import sys

from cli_test import check, failures

CLI, WORK = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
COLUMNS = ["set", "task", "seed", "property", "classes", "pca_x", "pca_y", "mds_x", "mds_y",
           "nearest_train_distance", "nearest_train_task", "accuracy"]


def run(*args, timeout=600):
    p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def read(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], [dict(zip(rows[0], r)) for r in rows[1:]]


def eval_accuracy(out):
    """The last step's accuracy in eval's table."""
    steps = re.findall(r"^\s+(\d+)\s+([\d.]+)%", out, re.M)
    return float(steps[-1][1]) / 100 if steps else None


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
w = lambda *p: os.path.join(WORK, *p)

TINY = ["--threads", "1", "--set", "glyph-classes=20", "--set", "glyph-samples=8",
        "--set", "filters=8", "--set", "meta-batch=2", "--set", "eval-every=0", "--no-test"]
rc, out, err = run("train", "-a", "fomaml", "--set", "iterations=10", *TINY, "-o", w("maml"))
check("train fomaml", rc == 0, out + err)
rc, out, err = run("train", "-a", "protonet", "--set", "iterations=20", *TINY, "-o", w("proto"))
check("train protonet", rc == 0, out + err)
MAML, PROTO = w("maml", "checkpoint.mwc"), w("proto", "checkpoint.mwc")

for name, ckpt, kind in (("fomaml", MAML, "fisher"), ("protonet", PROTO, "prototypes")):
    rc, out, err = run("eval", ckpt, "--task-embedding", w(name + ".csv"), "--embedding", kind,
                       "--episodes", "24", "--training-tasks", "10", "--steps", "3",
                       "--embedding-values", w(name + "-values.csv"), "-t", "1")
    check(name + ": task map written", rc == 0 and "Task map: 24 test and 10 training tasks" in out,
          out + err)
    header, rows = read(w(name + ".csv"))
    check(name + ": columns", header == COLUMNS, str(header))
    test = [r for r in rows if r["set"] == "test"]
    train = [r for r in rows if r["set"] == "train"]
    check(name + ": one row per task", len(test) == 24 and len(train) == 10 and len(rows) == 34,
          "%d test, %d train" % (len(test), len(train)))
    check(name + ": tasks numbered in order",
          [int(r["task"]) for r in test] == list(range(24))
          and [int(r["task"]) for r in train] == list(range(10)))
    check(name + ": every task placed on both maps",
          all(r[c] != "" and abs(float(r[c])) < 10 for r in rows
              for c in ("pca_x", "pca_y", "mds_x", "mds_y")))
    check(name + ": distances and nearest training tasks in range",
          all(0 <= float(r["nearest_train_distance"]) <= 2 and 0 <= int(r["nearest_train_task"]) < 10
              for r in test) and all(r["nearest_train_distance"] == "" for r in train))
    check(name + ": glyph tasks name their classes and have no alphabet",
          all(len(r["classes"].split()) == 5 and r["property"] == "" for r in rows))
    # The test tasks are eval's episodes of the same seed: the same mean accuracy.
    rc, out, err = run("eval", ckpt, "--episodes", "24", "--steps", "3", "-t", "1")
    mean = sum(float(r["accuracy"]) for r in test) / len(test)
    want = eval_accuracy(out)
    check(name + ": mean accuracy is eval's", rc == 0 and want is not None and abs(mean - want) < 6e-5,
          "%s vs %s" % (mean, want))
    vheader, values = read(w(name + "-values.csv"))
    dim = len(vheader) - 2
    check(name + ": embedding values, one row per task, unit length",
          len(values) == 34 and dim > 0
          and all(abs(sum(float(r["e%d" % j]) ** 2 for j in range(dim)) - 1) < 1e-3 for r in values),
          "%d rows, %d values" % (len(values), dim))

# The same map at any thread count, and again.
rc, out, err = run("eval", MAML, "--task-embedding", w("t2.csv"), "--episodes", "24",
                   "--training-tasks", "10", "--steps", "3", "-t", "2")
with open(w("fomaml.csv"), "rb") as a, open(w("t2.csv"), "rb") as b:
    check("same file with 2 threads", rc == 0 and a.read() == b.read(), out + err)

# The default: 200 test tasks.
rc, out, err = run("eval", PROTO, "--task-embedding", w("default.csv"), "--training-tasks", "5",
                   "-t", "1")
check("200 test tasks by default", rc == 0 and len(read(w("default.csv"))[1]) == 205, out + err)

# Misuse.
for args, why in ((["--embedding", "fisher"], "needs --task-embedding"),
                  (["--task-embedding", w("x.csv"), "--embedding", "nearest"], "unknown kind"),
                  (["--task-embedding", w("x.csv"), "--training-tasks", "-1"], "negative count"),
                  (["--task-embedding", w("x.csv"), "--episodes", "5000"], "too many tasks")):
    rc, out, err = run("eval", MAML, *args)
    check("refused: " + why, rc == 2 and "eval:" in err and not os.path.exists(w("x.csv")), out + err)

# A regression run has no classes to embed.
rc, out, err = run("train", "-a", "maml", "-p", "sinusoid", "--set", "iterations=2", "--set",
                   "eval-every=0", "--no-test", "-t", "1", "-o", w("sine"))
rc, out, err = run("eval", w("sine", "checkpoint.mwc"), "--task-embedding", w("x.csv"))
check("refused: a regression run", rc == 2 and "regression" in err and not os.path.exists(w("x.csv")),
      out + err)

# --set test-episodes chooses the number as --episodes does.
rc, out, err = run("eval", PROTO, "--task-embedding", w("set.csv"), "--set", "test-episodes=7",
                   "--training-tasks", "0", "-t", "1")
check("--set test-episodes", rc == 0 and len(read(w("set.csv"))[1]) == 7, out + err)

# Omniglot: each task's alphabet.
omniglot = os.environ.get("MW_OMNIGLOT_DIR")
if omniglot:
    rc, out, err = run("train", "-a", "protonet", "--set", "dataset=omniglot", "--set",
                       "path=" + omniglot, "--set", "iterations=2", "--set", "filters=8",
                       "--set", "eval-every=0", "--no-test", "-t", "1", "-o", w("omni"))
    check("train on omniglot", rc == 0, out + err)
    ckpt = w("omni", "checkpoint.mwc")
    for same in (False, True):
        extra = ["--set", "episode-classes=same-alphabet"] if same else []
        rc, out, err = run("eval", ckpt, "--task-embedding", w("omni.csv"), "--episodes", "20",
                           "--training-tasks", "5", "--embedding", "prototypes", *extra, "-t", "1")
        rows = read(w("omni.csv"))[1] if rc == 0 else []
        ok = rc == 0 and len(rows) == 25
        for r in rows:
            alphabets = [c.split("/")[0] for c in r["classes"].split()]
            top = max(set(alphabets), key=alphabets.count)
            want = top if 2 * alphabets.count(top) > len(alphabets) else "mixed"
            ok = ok and r["property"] == want and (not same or r["set"] == "train" or want != "mixed")
        check("omniglot tasks coloured by alphabet" + (" (same-alphabet)" if same else ""), ok,
              out + err)
else:
    print("skip omniglot: MW_OMNIGLOT_DIR is not set")

# Planar tasks are coloured by their boundary: the linear family's angle, in 10° bins
# within the family's ±30°.
rc, out, err = run("train", "-a", "maml", "-p", "planar-linear", "--set", "iterations=50",
                   "--set", "eval-every=0", "--no-test", "-t", "1", "-o", w("planar"))
check("train planar", rc == 0, out + err)
rc, out, err = run("eval", w("planar", "checkpoint.mwc"), "--task-embedding", w("planar.csv"),
                   "--episodes", "30", "--training-tasks", "10", "-t", "1")
rows = read(w("planar.csv"))[1] if rc == 0 else []
bins = set(r["property"] for r in rows)
check("planar tasks coloured by angle",
      rc == 0 and len(rows) == 40 and all(b.startswith("angle ") and b.endswith("°") for b in bins)
      and 3 <= len(bins) <= 6 and all(-30 <= int(b.split()[1].split("…")[0]) < 30 for b in bins),
      "%s %s" % (sorted(bins), out + err))

sys.exit(1 if failures else 0)
