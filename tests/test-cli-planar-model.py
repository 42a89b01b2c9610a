#!/usr/bin/env python3
"""A planar preset's step sizes follow the model --set chooses, and --set's own step
sizes win: `train -p planar-linear --set planar-model=mlp` trains the MLP with the MLP's
rates (inner 0.1, meta 0.001), not logistic regression's (2 and 0.01).

Usage: test-cli-planar-model.py CLI WORKDIR
"""
import configparser
import os
import shutil
import subprocess
import sys

from cli_test import check, failures

CLI, WORK = sys.argv[1], sys.argv[2]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)


def settings(name, *sets):
    out = os.path.join(WORK, name)
    args = [CLI, "train", "-a", "maml", "-p", "planar-linear", "-q", "-o", out,
            "--set", "iterations=1", "--set", "test-episodes=2", "--set", "val-episodes=2"]
    for s in sets:
        args += ["--set", s]
    p = subprocess.run(args, capture_output=True, env=ENV, timeout=120)
    check(name + ": trains", p.returncode == 0, p.stderr.decode("utf-8", "replace"))
    ini = configparser.ConfigParser(interpolation=None)
    ini.read(os.path.join(out, "experiment.ini"))
    values = {}
    for section in ini.sections():
        values.update(ini[section])
    return values


plain = settings("logistic")
check("preset: logistic rates", (plain.get("planar-model"), plain.get("inner-lr"), plain.get("meta-lr"))
      == ("logistic", "2", "0.01"), str(plain))
mlp = settings("mlp", "planar-model=mlp")
check("--set planar-model=mlp: the MLP's rates",
      (mlp.get("planar-model"), mlp.get("inner-lr"), mlp.get("meta-lr")) == ("mlp", "0.1", "0.001"),
      str(mlp))
typed = settings("mlp-typed", "inner-lr=0.3", "planar-model=mlp")
check("--set inner-lr stays", (typed.get("inner-lr"), typed.get("meta-lr")) == ("0.3", "0.001"),
      str(typed))
sys.exit(1 if failures else 0)
