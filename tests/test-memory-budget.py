#!/usr/bin/env python3
"""The memory budget: the estimate that `train --dry-run` prints is within 2×
of the peak RSS of a short real run, on the seven workloads of tests/bench/bench-meta.c
(on the built-in glyphs at 28×28, Conv4 with 64 filters); absurd settings are refused
before anything is allocated, naming the settings and the estimate (exit status 2).

The peak is reached in the first iteration and the first block of test episodes, so
two iterations and one block (16 episodes) measure it.

Usage: test-memory-budget.py CLI WORKDIR [--all] [--sanitized]
  --all        also the expensive workloads (maml-20w1s, protonet-60w5s, MAML 5-way)
  --sanitized  the CLI is an ASan build: its RSS means nothing, only refusals are checked
"""
import os
import re
import shutil
import subprocess
import sys

from cli_test import check, failures

CLI, WORK = sys.argv[1], sys.argv[2]
ALL = "--all" in sys.argv
SANITIZED = "--sanitized" in sys.argv
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")


CONV = ["--set", "filters=64", "--set", "image-size=28"]
# name, cheap (runs in the default suite), settings; as bench-meta.c's workloads.
WORKLOADS = [
    ("sinusoid-maml", True, ["-a", "maml", "-p", "sinusoid", "--set", "meta-batch=25"]),
    ("reptile-5w1s", True, ["-a", "reptile", *CONV, "--set", "meta-batch=5", "--set", "train-shots=10",
                            "--set", "train-queries=1", "--set", "inner-steps=5", "--set", "inner-batch=10"]),
    ("protonet-5w1s", True, ["-a", "protonet", *CONV, "--set", "ways=5", "--set", "shots=1",
                             "--set", "queries=15"]),
    ("fomaml-5w1s", True, ["-a", "fomaml", *CONV, "--set", "meta-batch=32", "--set", "ways=5",
                           "--set", "shots=1", "--set", "queries=15", "--set", "inner-steps=1"]),
    ("maml-5w1s", False, ["-a", "maml", *CONV, "--set", "meta-batch=32", "--set", "ways=5",
                          "--set", "shots=1", "--set", "queries=15", "--set", "inner-steps=1"]),
    ("protonet-60w5s", False, ["-a", "protonet", *CONV, "--set", "train-ways=60", "--set", "train-shots=5",
                               "--set", "train-queries=5", "--set", "ways=5", "--set", "shots=5",
                               "--set", "queries=5"]),
    ("maml-20w1s", False, ["-a", "maml", *CONV, "--set", "meta-batch=16", "--set", "ways=20",
                           "--set", "shots=1", "--set", "queries=15", "--set", "inner-steps=5",
                           "--set", "inner-lr=0.1"]),
]
SHORT = ["--set", "iterations=2", "--set", "eval-every=0", "--test-episodes", "16", "-t", "2", "-q"]

ABSURD = [
    ("meta-batch 10000 × 20-way at 256 px, 512 filters",
     ["--set", "meta-batch=10000", "--set", "ways=20", "--set", "queries=15", "--set", "image-size=256",
      "--set", "filters=512"], "meta-batch 10000"),
    ("fine-tune, pretrain-batch 10000 at 256 px, 512 filters",
     ["-a", "finetune", "--set", "pretrain-batch=10000", "--set", "image-size=256", "--set", "filters=512"],
     "pretrain-batch 10000"),
    ("glyph-classes 10000 × glyph-samples 1000 at 256 px",
     ["--set", "glyph-classes=10000", "--set", "glyph-samples=1000", "--set", "image-size=256"],
     "glyph-classes 10000"),
]

UNITS = {"bytes": 1, "kB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12, "PB": 1e15, "EB": 1e18}


def size(text):
    m = re.match(r"([\d.]+)\s*(bytes|[kMGTPE]B)", text)
    return float(m.group(1)) * UNITS[m.group(2)]


def estimate(args, limit=None):
    extra = ["--max-memory", limit] if limit else []
    p = subprocess.run([CLI, "train", *args, "--dry-run", *extra], capture_output=True, text=True,
                       env=ENV, timeout=60)
    m = re.search(r"Estimated peak memory: ([\d.]+\s*(?:bytes|[kMGTPE]B))", p.stdout)
    return p.returncode, (size(m.group(1)) if m else None), p.stdout + p.stderr


def peak_rss(args, out):
    """Runs a real training and returns (exit status, its peak RSS in bytes, output)."""
    with open(os.path.join(WORK, "log"), "w+") as log:
        proc = subprocess.Popen([CLI, "train", *args, *SHORT, "-o", out], stdout=log,
                                stderr=subprocess.STDOUT, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        return proc.returncode, usage.ru_maxrss * 1024, log.read()


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
rows = []
for name, cheap, args in WORKLOADS:
    rc, est, text = estimate(args)
    check(name + ": --dry-run prints the estimate", rc == 0 and est is not None, text)
    if SANITIZED or est is None or not (cheap or ALL):
        rows.append((name, est, None))
        continue
    rc, rss, text = peak_rss(args, os.path.join(WORK, name))
    check(name + ": the short run trains", rc == 0, text[-2000:])
    ratio = est / rss
    rows.append((name, est, rss))
    check("%s: estimate %.0f MB within 2x of peak RSS %.0f MB (ratio %.2f)" % (name, est / 1e6, rss / 1e6, ratio),
          0.5 <= ratio <= 2.0)

for name, args, driver in ABSURD:
    rc, est, text = estimate(args)
    check(name + ": refused with exit status 2", rc == 2, text)
    check(name + ": the message gives the estimate and the machine's memory",
          "needs about" in text and "this machine has" in text, text)
    if driver:
        check(name + ": the message names the settings (%s)" % driver, driver in text, text)
    rows.append((name, est, None))

# --max-memory: a workload that fits the machine is refused under a small limit, by
# its estimate, with exit status 2 and without training.
rc, est, text = estimate(WORKLOADS[2][2], "1M")
check("--max-memory 1M refuses protonet-5w1s (exit 2)", rc == 2 and "--max-memory" in text
      and "needs about" in text, text)
p = subprocess.run([CLI, "train", *WORKLOADS[2][2], "--max-memory", "1M", "-o", os.path.join(WORK, "limited")],
                   capture_output=True, text=True, env=ENV, timeout=60)
check("train --max-memory 1M: refused before training, no run folder", p.returncode == 2
      and not os.path.exists(os.path.join(WORK, "limited")), p.stdout + p.stderr)
p = subprocess.run([CLI, "train", "--max-memory", "lots"], capture_output=True, text=True, env=ENV, timeout=60)
check("--max-memory lots: refused naming the option", p.returncode == 2 and "--max-memory" in p.stderr, p.stderr)

print("\n%-52s %12s %12s" % ("settings", "estimate", "peak RSS"))
for name, est, rss in rows:
    print("%-52s %12s %12s" % (name, "%.1f MB" % (est / 1e6) if est is not None else "-",
                                "%.1f MB" % (rss / 1e6) if rss is not None else "(not run)"))
if failures:
    print("\n%d failed: %s" % (len(failures), ", ".join(failures)))
    sys.exit(1)
