#!/usr/bin/env python3
"""Domain adaptation through the CLI.

A few ProtoNets iterations on glyphs with domain-adaptation=dann toward inverted glyphs
write the discriminator's accuracy as a metrics.csv column (a number per row, 0–1); the
checkpoint is tested on its own test glyphs and on its target (eval --target) without
being refused for its adaptation setting; a run without adaptation has no such column;
adaptation without a target, or for MAML, is refused naming the setting.

Usage: test-cli-domain-adaptation.py CLI WORKDIR
"""
import csv
import os
import shutil
import subprocess
import sys

from cli_test import check, failures

CLI, WORK = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
SMALL = ["--set", "iterations=4", "--set", "eval-every=0", "--set", "test-episodes=4",
         "--set", "glyph-classes=20", "--set", "glyph-samples=6", "--set", "filters=8"]
TARGET = ["--set", "target-dataset=glyphs", "--set", "target-shift=inverted"]


def run(*args, timeout=300):
    p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def column(path, name):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    return [r.get(name) for r in rows]


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
dann = os.path.join(WORK, "dann")
rc, out, err = run("train", "-a", "protonet", "-o", dann, *SMALL, *TARGET,
                   "--set", "domain-adaptation=dann")
check("train with dann", rc == 0, err)
acc = column(os.path.join(dann, "metrics.csv"), "train_domain_accuracy")
check("metrics.csv has the discriminator's accuracy",
      len(acc) == 4 and all(a not in (None, "") and 0 <= float(a) <= 1 for a in acc), str(acc))
ckpt = os.path.join(dann, "checkpoint.mwc")
rc, out, err = run("eval", ckpt, "--target", "--episodes", "4")
check("eval --target of an adapted run", rc == 0 and "accuracy" in out, err)
rc, out, err = run("eval", ckpt, "--episodes", "4")
check("eval of an adapted run", rc == 0, err)

plain = os.path.join(WORK, "none")
rc, out, err = run("train", "-a", "protonet", "-o", plain, *SMALL, *TARGET)
check("train without adaptation", rc == 0, err)
with open(os.path.join(plain, "metrics.csv")) as f:
    header = f.readline()
check("no domain column without adaptation", "domain" not in header and "mmd2" not in header,
      header)

rc, out, err = run("train", "-a", "protonet", "-o", os.path.join(WORK, "bad1"), *SMALL,
                   "--set", "domain-adaptation=mmd")
check("adaptation without a target is refused", rc != 0 and "domain-adaptation=mmd" in err
      and "target-dataset" in err, err)
rc, out, err = run("train", "-a", "maml", "-o", os.path.join(WORK, "bad2"), *SMALL, *TARGET,
                   "--set", "domain-adaptation=dann")
check("adaptation for MAML is refused", rc != 0 and "domain-adaptation=dann" in err, err)
rc, out, err = run("train", "-a", "protonet", "-o", os.path.join(WORK, "bad3"), *SMALL, *TARGET,
                   "--set", "da-weight=-1")
check("a negative da-weight is refused", rc != 0 and "da-weight" in err, err)

sys.exit(1 if failures else 0)
