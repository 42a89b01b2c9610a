#!/usr/bin/env python3
"""eval on other data and on hand-built tasks, and make-tasks, through the CLI.

A glyph-trained learner is tested on a generated image folder (--data-dir, --set) with
fixed seeded episodes (the same seed gives the same table), settings that would change
the model or its input are refused naming the setting, make-tasks turns a generated
ROOT/TASK/CLASS/{support*,query*}.png layout into a manifest with the expected roles
(and names the offending folder or file when the layout is wrong), and eval --tasks
reports per-task accuracy whose overall count is the number of CSV rows.  An old
single-task (version 1) manifest still loads.

Usage: test-cli-eval.py CLI WORKDIR
"""
import configparser
import csv
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

from cli_test import check, failures

CLI, WORK = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")


def run(*args, timeout=300):
    p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def png(path, kind, shift, size=28):
    """A gray PNG: a shape of the given kind (bars, a block, a ring, a cross, a
    diagonal) in white ink on black, shifted by `shift` pixels."""
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            xs, ys = x - shift, y - shift
            ink = [10 <= xs < 16,
                   8 <= xs < 20 and 8 <= ys < 20,
                   (xs in (6, 21) and 6 <= ys <= 21) or (ys in (6, 21) and 6 <= xs <= 21),
                   abs(xs - 14) < 2 or abs(ys - 14) < 2,
                   abs(xs - ys) < 2][kind]
            row.append(255 if ink else 0)
        rows.append(bytes(row))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))

    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b""))


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
w = lambda *p: os.path.join(WORK, *p)

# ---- a quick glyph-trained learner of each kind ----
TINY = ["--threads", "1", "--set", "glyph-classes=20", "--set", "glyph-samples=8",
        "--set", "filters=8", "--set", "meta-batch=2", "--set", "eval-every=0", "--no-test"]
rc, out, err = run("train", "-a", "protonet", "--set", "iterations=30", *TINY, "-o", w("proto"))
check("train protonet", rc == 0, out + err)
rc, out, err = run("train", "-a", "maml", "--set", "iterations=2", *TINY, "-o", w("maml"))
check("train maml", rc == 0, out + err)
PROTO, MAML = w("proto", "checkpoint.mwc"), w("maml", "checkpoint.mwc")

# ---- eval --data-dir / --set ----
names = ["bars", "block", "ring", "cross", "diagonal"]
for k, cls in enumerate(names):
    for i in range(6):
        png(w("folder", cls, "%02d.png" % i), k, i - 3)
EVAL = ["eval", PROTO, "--data-dir", w("folder"), "--set", "ways=3", "--set", "queries=2",
        "--episodes", "12", "-t", "1"]
rc, out, err = run(*EVAL)
check("eval --data-dir runs", rc == 0, out + err)
check("eval --data-dir names what it tested",
      w("folder") in out and "dataset folder" in out and "all its classes (5 classes)" in out
      and "3-way 1-shot, 2 queries per class, 12 episodes" in out and "28 × 28" in out, out)
table = lambda text: text[text.index("\nTest:"):] if "\nTest:" in text else ""
strip_time = lambda text: re.sub(r", [0-9.]+ s\n", "\n", text)
check("eval table", re.search(r"\n  0 +[0-9.]+% ± ", out) is not None, out)
rc2, out2, _ = run(*EVAL)
check("same seed gives the same result", rc2 == 0 and strip_time(table(out)) == strip_time(table(out2))
      and table(out) != "", out + out2)
rc3, out3, _ = run(*EVAL, "--seed", "12345")
check("--seed is shown", rc3 == 0 and "seed 12345" in out3, out3)
rc4, out4, _ = run(*EVAL, "--seed", "12345")
check("same given seed, same result", strip_time(table(out3)) == strip_time(table(out4)), out3 + out4)

# A model of a folder, tested on the same folder written another way: its own test
# classes, not all of them (its training classes among them).
rc, out, err = run("train", "-a", "protonet", "--set", "dataset=folder", "--set", "path=" + w("folder"),
                   "--set", "train-fraction=0.4", "--set", "ways=2", "--set", "queries=2", "--set", "iterations=5", *TINY, "-o", w("fproto"))
check("train on a folder", rc == 0, out + err)
rc, out, err = run("eval", w("fproto", "checkpoint.mwc"), "--data-dir", w("folder") + "/./", "--episodes", "4")
check("the model's own folder keeps its test classes", rc == 0 and "the checkpoint's test classes" in out, out + err)

for key, value, needle in [("image-size", "32", "model's input"), ("channels", "3", "model's input"),
                           ("filters", "16", "trained model"), ("inner-lr", "0.5", "trained model")]:
    rc, out, err = run("eval", PROTO, "--data-dir", w("folder"), "--set", "%s=%s" % (key, value))
    check("eval refuses %s=%s" % (key, value), rc == 2 and key in err and needle in err, out + err)
rc, out, err = run("eval", MAML, "--set", "ways=3")
check("eval refuses other ways for a MAML head", rc == 2 and "ways" in err, out + err)
rc, out, err = run("eval", PROTO, "--set", "nonsense=1")
check("eval refuses an unknown setting", rc == 2 and "nonsense" in err, out + err)

# ---- make-tasks ----
layout = {"alpha": {"bars": (1, 2), "block": (1, 3)},
          "beta": {"cross": (2, 1), "diagonal": (2, 2), "ring": (2, 1)}}
for task, classes in layout.items():
    for cls, (shots, queries) in classes.items():
        k = names.index(cls)
        for i in range(shots):
            png(w("root", task, cls, "support-%d.png" % i), k, i - 1)
        for i in range(queries):
            png(w("root", task, cls, "query-%d.png" % i), k, 2 - i)
rc, out, err = run("make-tasks", w("root"), "-o", w("tasks.ini"))
check("make-tasks runs", rc == 0 and "Wrote 2 tasks" in out, out + err)
kf = configparser.ConfigParser(interpolation=None)
kf.read(w("tasks.ini"))
lst = lambda v: [x for x in v.split(";") if x]
try:
    ok = kf["task"]["version"] == "2" and kf["task"]["tasks"] == "2"
    for t, (task, classes) in enumerate(sorted(layout.items()), 1):
        g = kf["task %d" % t]
        ok = ok and g["name"] == task and g["folder"] == "root/" + task and int(g["classes"]) == len(classes)
        for c, (cls, (shots, queries)) in enumerate(sorted(classes.items()), 1):
            cg = kf["task %d class %d" % (t, c)]
            ok = ok and cg["name"] == cls
            ok = ok and lst(cg["support"]) == ["support-%d.png" % i for i in range(shots)]
            ok = ok and lst(cg["query"]) == ["query-%d.png" % i for i in range(queries)]
except KeyError as e:
    ok = False
check("make-tasks gives the expected roles", ok, open(w("tasks.ini")).read())

png(w("bad1", "t", "bars", "support-0.png"), 0, 0)
png(w("bad1", "t", "bars", "query-0.png"), 0, 0)
png(w("bad1", "t", "block", "support-0.png"), 1, 0)
png(w("bad1", "t", "block", "picture.png"), 1, 0)
rc, out, err = run("make-tasks", w("bad1"), "-o", w("bad.ini"))
check("make-tasks names a file of no role", rc == 1 and w("bad1", "t", "block", "picture.png") in err, err)
png(w("bad2", "t", "bars", "support-0.png"), 0, 0)
png(w("bad2", "t", "block", "query-0.png"), 1, 0)
rc, out, err = run("make-tasks", w("bad2"), "-o", w("bad.ini"))
check("make-tasks names a class without support", rc == 1 and w("bad2", "t", "block") in err
      and "support" in err, err)
check("a failed make-tasks writes nothing", not os.path.exists(w("bad.ini")))

# ---- eval --tasks ----
rc, out, err = run("eval", PROTO, "--tasks", w("tasks.ini"), "--predictions", w("pred.csv"), "-t", "1")
check("eval --tasks runs", rc == 0, out + err)
per_task = {m.group(1): (int(m.group(2)), int(m.group(3)))
            for m in re.finditer(r"^  (.+?) +(\d+)/(\d+) +[0-9.]+% +\[[0-9.]+%, [0-9.]+%\]$", out, re.M)}
rows = list(csv.DictReader(open(w("pred.csv")))) if os.path.exists(w("pred.csv")) else []
check("per-task counts", per_task.get("alpha", (0, 0))[1] == 5 and per_task.get("beta", (0, 0))[1] == 4, out)
total = per_task.get("all (2 tasks)", (None, None))
check("overall count equals the CSV rows", total[1] == len(rows) == 9
      and total[0] == sum(int(r["correct"]) for r in rows), out + str(rows))
check("CSV columns", rows != [] and all(r["true_class"] in names and r["predicted_class"] in names
                                        and 0 <= float(r["probability"]) <= 1
                                        and r["correct"] == str(int(r["true_class"] == r["predicted_class"]))
                                        and r["query"].endswith(".png") and r["task"] in ("alpha", "beta")
                                        for r in rows), str(rows[:3]))

# An old single-task manifest (version 1: [class N] groups, the folder beside it).
with open(w("root", "alpha", "meta-workbench-task.ini"), "w") as f:
    f.write("[task]\nversion=1\nfolder=.\nclasses=2\n\n[class 1]\nname=bars\nsupport=support-0.png;\n"
            "query=query-0.png;query-1.png;\n\n[class 2]\nname=block\nsupport=support-0.png;\n"
            "query=query-0.png;\n")
rc, out, err = run("eval", PROTO, "--tasks", w("root", "alpha", "meta-workbench-task.ini"), "-t", "1")
check("an old single-task manifest loads", rc == 0 and re.search(r"^  all \(1 task\) +\d+/3 ", out, re.M) is not None,
      out + err)
rc, out, err = run("eval", MAML, "--tasks", w("tasks.ini"), "-t", "1")
check("a MAML head refuses a task of other ways", rc == 1 and "5-way" in err and ("beta" in err or "alpha" in err),
      out + err)

print("%d failed" % len(failures) if failures else "all passed")
sys.exit(1 if failures else 0)
