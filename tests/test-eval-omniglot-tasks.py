#!/usr/bin/env python3
"""Fixed Omniglot tasks from PNG folders score as through the Omniglot loader.

A Prototypical Network is trained briefly on the background alphabets; 20 within-
alphabet 20-way 1-shot tasks are written from the evaluation alphabets as PNG folders
(the zip's files as they are: black ink on white paper, fixed support and query roles),
made into a manifest with `make-tasks` and scored with `eval --tasks`.  The same images
are scored through the Omniglot loader by omniglot-score-tasks.  The model was trained
with ink 1 on paper 0, so the folder route must invert the files as the Omniglot
loader does: then every prediction and its probability agree.  Forced not to invert,
the folder route must warn and name the fix.

Usage: test-eval-omniglot-tasks.py CLI SCORER MAKE_TASKS_SCRIPT WORKDIR
Needs MW_OMNIGLOT_DIR (skips, exit 77, without it).
"""
import csv
import os
import shutil
import subprocess
import sys

from cli_test import check, failures

CLI, SCORER, MAKER, WORK = sys.argv[1:5]
DATA = os.environ.get("MW_OMNIGLOT_DIR", "")
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")


def run(*args, timeout=900):
    p = subprocess.run(list(args), capture_output=True, text=True, env=ENV, timeout=timeout)
    return p.returncode, p.stdout + p.stderr


if not DATA or not os.path.exists(os.path.join(DATA, "images_evaluation.zip")):
    print("skipped: set MW_OMNIGLOT_DIR to the folder with Omniglot's zips")
    sys.exit(77)

shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
sanitized = os.environ.get("MW_TEST_SANITIZER") == "1"
model = os.path.join(WORK, "proto")
rc, out = run(CLI, "train", "-a", "protonet", "-q", "--no-test", "-o", model,
              "--set", "dataset=omniglot", "--set", "path=" + DATA,
              "--set", "train-split=background", "--set", "test-split=evaluation",
              "--set", "rotations=0", "--set", "ways=20", "--set", "shots=1",
              "--set", "iterations=%d" % (15 if sanitized else 60), "--set", "eval-every=0")
check("train on the background alphabets", rc == 0, out)
ckpt = os.path.join(model, "checkpoint.mwc")

tasks = os.path.join(WORK, "within")
rc, out = run(sys.executable, MAKER, DATA, tasks, "--tasks", "20", "--ways", "20")
check("write the within-alphabet tasks", rc == 0, out)
manifest = os.path.join(WORK, "tasks.ini")
rc, out = run(CLI, "make-tasks", os.path.join(tasks, "tasks"), "-o", manifest)
check("make-tasks", rc == 0 and "20 tasks" in out, out)

predictions = os.path.join(WORK, "predictions.csv")
rc, out = run(CLI, "eval", ckpt, "--tasks", manifest, "--predictions", predictions)
check("eval --tasks", rc == 0 and "all (20 tasks)" in out, out)
check("no ink warning when the inversion is detected", "warning" not in out.lower(), out)
rc, scored = run(SCORER, ckpt, DATA, os.path.join(tasks, "roles.tsv"))
check("score through the Omniglot loader", rc == 0, scored)

by_loader = {}
for line in scored.splitlines():
    f = line.split("\t")
    if len(f) == 4:
        by_loader[(f[0], f[1])] = (f[2], float(f[3]))
by_folder = {}
if os.path.exists(predictions):
    with open(predictions, newline="") as fh:
        for r in csv.DictReader(fh):
            by_folder[(r["task"], r["true_class"])] = (r["predicted_class"],
                                                       float(r["probability"]))
check("400 queries each way", len(by_loader) == 400 and len(by_folder) == 400,
      "%d by the loader, %d by the folders" % (len(by_loader), len(by_folder)))
same = [k for k in by_loader if k in by_folder and by_loader[k][0] == by_folder[k][0]
        and abs(by_loader[k][1] - by_folder[k][1]) < 2e-6]
check("same predictions and probabilities", len(same) == len(by_loader) == 400,
      "%d of %d agree; first differing: %s" % (
          len(same), len(by_loader),
          next(((k, by_loader[k], by_folder.get(k)) for k in by_loader if k not in same), None)))
right_loader = sum(1 for (t, c), (p, _) in by_loader.items() if p == c)
check("the same count right", ("%d/400" % right_loader) in out,
      "loader: %d right; eval: %s" % (right_loader, out[-300:]))

# Told not to invert, the files reach the model with paper 1: the output must say so and
# name the setting that fixes it.
rc, out = run(CLI, "eval", ckpt, "--tasks", manifest, "--set", "invert=no")
check("un-inverted folder warns and names the fix",
      rc == 0 and "invert=yes" in out and "warning" in out.lower(), out)

print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
