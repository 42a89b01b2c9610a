#!/usr/bin/env python3
"""Omniglot splits through the CLI: `list` and `train --help` name every split and say
what it holds; a preset says which splits it chose and keeps those the user gave (by
--set or an experiment file), and the rotations; a split file given by a relative path
is read from the current folder and stored as given.

The last part trains briefly on the real data and is left out when MW_OMNIGLOT_DIR is
not set; the rest needs no data (a dry run loads none).

Usage: test-omniglot-splits.py CLI WORKDIR
"""
import os
import shutil
import subprocess
import sys

from cli_test import check, failures

CLI, WORK = os.path.abspath(sys.argv[1]), sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
SPLITS = ["vinyals-train", "vinyals-val", "vinyals-trainval", "vinyals-test", "background",
          "evaluation", "FILE"]


def run(*args, cwd=None, env=ENV, timeout=300):
    try:
        p = subprocess.run([CLI, *args], capture_output=True, env=env, cwd=cwd,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, "(timed out after %d s)" % timeout
    return p.returncode, (p.stdout + p.stderr).decode("utf-8", "replace")


def split_line(out, key):
    """The line of the preset's report about key ("train-split"), or ""."""
    for line in out.splitlines():
        if line.strip().startswith(key + "="):
            return line.strip()
    return ""


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

# ---- every split named, with what it holds ----
for cmd in (["list"], ["train", "--help"]):
    rc, out = run(*cmd)
    missing = [s for s in SPLITS if "\n  %s\n" % s not in out]
    check(" ".join(cmd) + " names every split", rc == 0 and not missing,
          "exit %d, missing %s" % (rc, missing))
    flat = " ".join(out.split())   # the descriptions are wrapped
    check(" ".join(cmd) + " says what they hold",
          all(n in flat for n in ("1,028 characters", "4,112 classes", "423 characters",
                                 "964 characters", "659 characters", "rotDDD",
                                 "Usually without rotations")), out[-2000:])
rc, out = run("list")
flat = " ".join(out.split())
check("list shows episode-classes with its help",
      "episode-classes=any" in out and "same-alphabet draws every episode's classes" in flat
      and "Lake et al.'s within-alphabet test" in flat, out[-3000:])
check("list: the omniglot presets show their splits",
      "omniglot-5w1s   train-split=vinyals-train val-split=vinyals-val test-split=vinyals-test"
      in out, out[-3000:])
# Chinese as well, from the uninstalled catalogues meson points MW_LOCALE_DIR at.
if os.environ.get("MW_LOCALE_DIR"):
    rc, out = run("list", env=dict(ENV, LANGUAGE="zh_CN"))
    check("list in Chinese names the splits", rc == 0 and "Omniglot 划分" in out
          and "1,028 个字符" in out, out[-1500:])

# ---- presets keep the user's splits and say which they chose ----
DRY = ["train", "-n", "-a", "protonet", "-p", "omniglot-5w1s", "-d", os.path.join(WORK, "data")]
rc, out = run(*DRY)
check("preset alone: exit 0", rc == 0, out[-1500:])
for key, value in (("train-split", "vinyals-train"), ("val-split", "vinyals-val"),
                   ("test-split", "vinyals-test")):
    line = split_line(out, key)
    check("preset alone: %s=%s, chosen by the preset" % (key, value),
          line.startswith("%s=%s " % (key, value)) and "chosen by the preset omniglot-5w1s" in line,
          out[-1500:])
check("preset alone: rotations stays auto", split_line(out, "rotations").startswith("rotations=auto "),
      out[-1500:])

rc, out = run(*DRY, "--set", "test-split=evaluation", "--set", "rotations=0")
check("--set test-split: kept and called yours",
      split_line(out, "test-split").startswith("test-split=evaluation ")
      and "yours" in split_line(out, "test-split"), out[-1500:])
check("--set rotations=0: kept", split_line(out, "rotations").startswith("rotations=0 "),
      out[-1500:])

exp = os.path.join(WORK, "mine.ini")
with open(exp, "w") as f:
    f.write("[data]\ntrain-split=my-classes.txt\nrotations=4\n")
rc, out = run("train", "-n", "-c", exp, "-p", "omniglot-20w1s", "-d", os.path.join(WORK, "data"))
check("experiment file + preset: exit 0", rc == 0, out[-1500:])
check("experiment file's train-split kept",
      split_line(out, "train-split").startswith("train-split=my-classes.txt ")
      and "yours" in split_line(out, "train-split"), out[-1500:])
check("beside your train-split the preset chooses no val-split or test-split",
      split_line(out, "val-split").startswith("val-split= ")
      and "validation on the test split" in split_line(out, "val-split")
      and split_line(out, "test-split").startswith("test-split= "), out[-1500:])
check("experiment file's rotations kept",
      split_line(out, "rotations").startswith("rotations=4 "), out[-1500:])

rc, out = run(*DRY, "-q")
check("-q: no report", rc == 0 and "train-split=" not in out, out[-1500:])

# ---- a split file on the real data, by a relative path ----
data = os.environ.get("MW_OMNIGLOT_DIR")
if not data or not os.path.isdir(data):
    print("# MW_OMNIGLOT_DIR not set: the training with a split file is left out")
else:
    folder = os.path.join(WORK, "cwd")
    os.makedirs(folder)
    with open(os.path.join(folder, "few.txt"), "w") as f:
        f.write("Latin/character01\nLatin/character02\nAngelic/character01/rot090\n"
                "Greek/character03/rot180\n")
    with open(os.path.join(folder, "val.txt"), "w") as f:
        f.write("Latin/character03\nLatin/character04\nGreek/character05\n")
    with open(os.path.join(folder, "bad.txt"), "w") as f:
        f.write("Latin/character01\nLatin/character01/rot000\n")
    run_dir = os.path.join(WORK, "run")
    rc, out = run("train", "-a", "protonet", "-p", "omniglot-5w1s", "-d", data, "-o", run_dir,
                  "--threads", "1", "--set", "train-split=few.txt", "--set", "val-split=val.txt",
                  "--set", "ways=3", "--set", "train-ways=3", "--set", "train-queries=2",
                  "--set", "iterations=2", "--set", "eval-every=2", "--set", "val-episodes=2",
                  "--test-episodes", "2", cwd=folder)
    check("training on a relative split file: exit 0", rc == 0, out[-2000:])
    check("it has the file's 4 classes", "4 training classes" in out, out[-2000:])
    ini = open(os.path.join(run_dir, "experiment.ini")).read() if rc == 0 else ""
    check("the run stores the path as given", "\ntrain-split=few.txt\n" in ini, ini[-1500:])
    rc, out = run("eval", os.path.join(run_dir, "checkpoint.mwc"), "--set", "test-split=few.txt",
                  "--set", "ways=3", "--episodes", "2", cwd=folder)
    check("eval on the training characters refused",
          rc != 0 and "train-split=few.txt and test-split=few.txt share 4 characters" in out,
          out[-1500:])
    # Splits that share characters are refused before training, naming both.
    rc, out = run("train", "-a", "protonet", "-p", "omniglot-5w1s", "-d", data,
                  "-o", os.path.join(WORK, "overlap"), "--set", "train-split=background",
                  "--set", "val-split=vinyals-val", "--set", "iterations=1")
    check("train-split=background with val-split=vinyals-val refused",
          rc != 0 and "train-split=background and val-split=vinyals-val share 172 characters" in out,
          out[-1500:])
    rc, out = run("train", "-a", "protonet", "-p", "omniglot-5w1s", "-d", data,
                  "-o", os.path.join(WORK, "overlap2"), "--set", "train-split=vinyals-train",
                  "--set", "test-split=evaluation", "--set", "iterations=1")
    check("train-split=vinyals-train with test-split=evaluation refused",
          rc != 0 and "test-split=evaluation share" in out, out[-1500:])
    # A dry run loads no data: the file is read when the run starts.
    rc, out = run("train", "-p", "omniglot-5w1s", "-d", data, "-o", os.path.join(WORK, "bad"),
                  "--set", "test-split=bad.txt", "--set", "iterations=1", cwd=folder)
    check("a duplicate line is refused naming the file and line",
          rc != 0 and "bad.txt, line 2" in out and "line 1" in out, out[-1500:])

    # Within-alphabet episodes: training, validation and test on the background and
    # evaluation alphabets, then eval of the checkpoint on random within-alphabet episodes.
    alpha_dir = os.path.join(WORK, "alphabet")
    rc, out = run("train", "-a", "protonet", "-p", "omniglot-5w1s", "-d", data, "-o", alpha_dir,
                  "--threads", "1", "--set", "episode-classes=same-alphabet",
                  "--set", "train-split=background", "--set", "test-split=evaluation",
                  "--set", "train-ways=5", "--set", "train-queries=2", "--set", "queries=2",
                  "--set", "iterations=3", "--set", "eval-every=3", "--set", "val-episodes=2",
                  "--test-episodes", "2")
    check("train --set episode-classes=same-alphabet on background: exit 0", rc == 0, out[-2000:])
    ini = open(os.path.join(alpha_dir, "experiment.ini")).read() if rc == 0 else ""
    check("the run stores episode-classes", "\nepisode-classes=same-alphabet\n" in ini, ini[-1500:])
    ckpt = os.path.join(alpha_dir, "checkpoint.mwc")
    rc, out = run("eval", ckpt, "--episodes", "2", "--set", "queries=2",
                  "--set", "episode-classes=same-alphabet")
    check("eval --set episode-classes=same-alphabet: exit 0",
          rc == 0 and "one alphabet" in out, out[-2000:])
    rc, out = run("eval", ckpt, "--episodes", "2", "--set", "queries=2",
                  "--set", "episode-classes=any")
    check("eval --set episode-classes=any: exit 0", rc == 0 and "one alphabet" not in out, out[-2000:])
    rc, out = run("eval", ckpt, "--episodes", "2", "--set", "queries=2", "--set", "ways=200")
    check("no alphabet of 200 classes: refused naming the setting and the largest",
          rc != 0 and "episode-classes=same-alphabet" in out and "200-way" in out
          and "largest alphabet here has" in out, out[-1500:])

if failures:
    print("%d failed: %s" % (len(failures), ", ".join(failures)))
    sys.exit(1)
