#!/usr/bin/env python3
"""Every setting is bounded, does what it says or is refused.

Each case gives meta-workbench-cli a setting that used to end the process (a failed
allocation after gigabytes), to be silently ignored, or to be accepted while
meaningless, and checks the exit status (2: bad settings) and that the message names
the setting and its bound.

Usage: test-settings-limits.py CLI WORKDIR
"""
import json
import os
import shutil
import subprocess
import sys

from cli_test import check, failures

CLI, WORK = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
TINY = ["--threads", "1", "--set", "iterations=3", "--set", "eval-every=2", "--set", "val-episodes=4",
        "--set", "test-episodes=10", "--set", "meta-batch=2", "--set", "glyph-classes=20",
        "--set", "glyph-samples=8", "--set", "filters=8"]


def run(*args, timeout=120):
    try:
        p = subprocess.run([CLI, *args], capture_output=True, env=ENV, timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, "(timed out after %d s)" % timeout
    return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")


def refused(name, args, *needles):
    """args must be refused with exit status 2 and a message with every needle.  A
    train that is wrongly accepted stays small (TINY first: the case's own --set
    comes later and wins) and writes under WORK."""
    if args[0] == "train" and "--resume" not in args:
        args = ["train", *TINY, "--no-test", "-o", os.path.join(WORK, "accepted"), *args[1:]]
    rc, out = run(*args)
    missing = [n for n in needles if n not in out]
    check(name, rc == 2 and not missing, "exit %d, missing %s in: %s" % (rc, missing, out[-1500:]))


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
out_dir = lambda name: os.path.join(WORK, name)

# ---- item 2: upper bounds, named with the bound, before anything is allocated ----
refused("meta-batch=1000000", ["train", "--set", "meta-batch=1000000", "-o", out_dir("a")],
        "'meta-batch'", "1000000", "1–10000")
refused("sinusoid train-queries=2000000000",
        ["train", "-p", "sinusoid", "--set", "train-queries=2000000000", "-o", out_dir("a")],
        "'train-queries'", "0–10000")
refused("finetune pretrain-batch=100000000",
        ["train", "-a", "finetune", "--set", "pretrain-batch=100000000", "-o", out_dir("a")],
        "'pretrain-batch'", "1–10000")
refused("glyph-classes=100000000", ["train", "--set", "glyph-classes=100000000", "-o", out_dir("a")],
        "'glyph-classes'", "4–10000")
refused("filters=100000", ["train", "--set", "filters=100000", "-o", out_dir("a")], "'filters'", "1–512")
# Each within its bounds, together too large: the memory budget names them.
refused("image-size 256 × filters 512 × meta-batch 10000: the memory budget",
        ["train", "--set", "image-size=256", "--set", "filters=512", "--set", "meta-batch=10000",
         "--set", "ways=20", "--set", "queries=15", "--set", "glyph-samples=16", "-o", out_dir("a")],
        "needs about", "this machine has", "meta-batch 10000 × 20-way 1-shot 15-query", "256×256")
# Only Omniglot's classes belong to alphabets.
refused("episode-classes=same-alphabet on glyphs",
        ["train", "--set", "episode-classes=same-alphabet", "-o", out_dir("a")],
        "episode-classes=same-alphabet", "glyphs")
refused("episode-classes=nonsense", ["train", "--set", "episode-classes=nonsense", "-o", out_dir("a")],
        "'episode-classes'", "same-alphabet")
# Both ends of train-fraction are refused (a split needs training and test classes),
# and the bounds say so.
refused("train-fraction=1", ["train", "--set", "train-fraction=1", "-o", out_dir("a")],
        "'train-fraction'", "more than 0, less than 1")
refused("augment=elastic", ["train", "--set", "augment=elastic", "-o", out_dir("a")],
        "'augment'", "affine")
check("no run folder was made for a refused run", not os.path.exists(out_dir("a")))

refused("train --test-episodes 2000000000", ["train", "--test-episodes", "2000000000"], "--test-episodes",
        "'test-episodes'")

# The same bounds in an experiment file, and in `list`.
with open(os.path.join(WORK, "big.ini"), "w") as f:
    f.write("[training]\nmeta-batch=1000000\n")
refused("an experiment file with meta-batch=1000000", ["train", "-c", os.path.join(WORK, "big.ini")],
        "big.ini", "'meta-batch'", "1–10000")
rc, out = run("list")
check("list names the bounds", rc == 0 and "#tasks per meta-iteration (1–10000)" in out
      and "#Conv4 filters per layer (1–512)" in out
      and "#outer Adam learning rate (more than 0, at most 10)" in out, out[-3000:])

# ---- item 8: learning rates that mean nothing ----
refused("finetune-lr=-1", ["train", "-a", "finetune", "--set", "finetune-lr=-1"], "'finetune-lr'", "more than 0")
refused("outer-step=-0.5", ["train", "-a", "reptile", "--set", "outer-step=-0.5"], "'outer-step'", "more than 0")
refused("meta-lr=0", ["train", "--set", "meta-lr=0"], "'meta-lr'", "more than 0")
refused("inner-lr=-0.1", ["train", "--set", "inner-lr=-0.1"], "'inner-lr'")
refused("inner-lr=0 for MAML", ["train", "-a", "maml", "--set", "inner-lr=0"], "inner-lr must be more than 0")
refused("inner-lr=0 for Reptile", ["train", "-a", "reptile", "--set", "inner-lr=0"], "inner-lr must be more than 0")

# ---- item 8: finetune-steps is the number of steps of the test ----
rc, out = run("train", "-a", "finetune", *TINY, "--set", "finetune-steps=3", "-o", out_dir("ft"))
steps = []
if rc == 0:
    with open(os.path.join(out_dir("ft"), "result.json")) as f:
        steps = [s["step"] for s in json.load(f)["steps"]]
check("finetune-steps=3: the test adapts 3 steps", rc == 0 and steps == [0, 1, 2, 3], "%s %s" % (steps, out[-800:]))
with open(os.path.join(WORK, "ft-both.ini"), "w") as f:
    f.write("[experiment]\nalgorithm=finetune\n[training]\nfinetune-steps=3\n[evaluation]\ntest-steps=7\n")
refused("finetune-steps=3 and test-steps=7 in one file", ["train", "-c", os.path.join(WORK, "ft-both.ini")],
        "finetune-steps (3)", "test-steps (7)")

# ---- item 9: a value that is not UTF-8 names its setting ----
rc, out = run(b"train", b"--set", b"name=caf\xe9\xff", b"-o", out_dir("a").encode())
check("--set name=<bad bytes> names the setting", rc == 2 and "'name'" in out and "UTF-8" in out, out)
rc, out = run(b"train", b"--set", b"meta-batch=\xff", b"-o", out_dir("a").encode())
check("--set meta-batch=<bad bytes> names the setting", rc == 2 and "'meta-batch'" in out, out)

# ---- a run to resume and to evaluate ----
rc, out = run("train", "-a", "maml", *TINY, "--set", "checkpoint-every=1", "--no-test", "-o", out_dir("run"))
check("a small run trains", rc == 0, out[-1500:])
ckpt = os.path.join(out_dir("run"), "checkpoint.mwc")

# eval bounds its options as train bounds the settings.
refused("eval --steps 2147483647", ["eval", ckpt, "--steps", "2147483647"], "--steps", "'test-steps'", "0–1000")
refused("eval --queries 100000000", ["eval", ckpt, "--queries", "100000000"], "--queries", "'queries'")
refused("eval --episodes 2000000000", ["eval", ckpt, "--episodes", "2000000000"], "--episodes",
        "'test-episodes'")
rc, out = run("eval", ckpt, "--steps", "2", "--episodes", "4")
check("eval --steps 2 --episodes 4 still evaluates", rc == 0 and "Test: 4 episodes" in out, out[-800:])
refused("eval --set episode-classes=same-alphabet on glyphs",
        ["eval", ckpt, "--set", "episode-classes=same-alphabet"], "episode-classes=same-alphabet",
        "glyphs")

# ---- item 8: --resume with options that would change what the run learns ----
refused("--resume with -a protonet", ["train", "--resume", ckpt, "-a", "protonet"], "-a protonet",
        "maml")
refused("--resume with -d another folder", ["train", "--resume", ckpt, "-d", WORK], "-d")
with open(os.path.join(WORK, "other.ini"), "w") as f:
    f.write("[training]\nmeta-batch=4\n")
refused("--resume with -c a file of other settings", ["train", "--resume", ckpt, "-c", os.path.join(WORK, "other.ini")],
        "meta-batch=4", "meta-batch=2", "other.ini")
refused("--resume with -p omniglot-5w1s", ["train", "--resume", ckpt, "-p", "omniglot-5w1s"], "-p omniglot-5w1s")
# The run's own algorithm and its own experiment.ini agree with it: accepted.
rc, out = run("train", "--resume", ckpt, "-a", "maml", "-c", os.path.join(out_dir("run"), "experiment.ini"),
              "--no-test", "-q")
check("--resume with the run's own -a and -c goes on", rc == 0, out[-1500:])

if failures:
    print("\n%d failed: %s" % (len(failures), ", ".join(failures)))
    sys.exit(1)
