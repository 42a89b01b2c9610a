"""The Neural Process from the command line: `train -a np -p sinusoid` (shortened)
writes the NLL and the 50/90/95% coverage to result.json and the val_nll and
val_coverage columns to metrics.csv; `eval` prints them under the result table at
K = 1, 5 and 20, from step 0 only (it takes no gradient steps); the same numbers at
any thread count; and eval of a MAML run prints no NLL (it has no predictive).

usage: test-cli-neural-process.py CLI WORKDIR"""
import csv
import json
import os
import re
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_test import check, failures  # noqa: E402

ENV = dict(os.environ, LANGUAGE="C", LC_ALL="C")


def cli(*args):
    return subprocess.run([CLI] + list(args), capture_output=True, text=True, env=ENV)


def nll_lines(text):
    m = re.search(r"NLL per point ([0-9.]+) ± ([0-9.]+)", text)
    c = re.search(r"intervals: ([0-9.]+)% / ([0-9.]+)% / ([0-9.]+)%", text)
    return (float(m.group(1)) if m else None,
            tuple(float(x) for x in c.groups()) if c else None)


def main():
    global CLI
    CLI, work = sys.argv[1], sys.argv[2]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out = os.path.join(work, "np")
    p = cli("train", "-q", "-a", "np", "-p", "sinusoid", "-s", "iterations=60", "-s", "meta-lr=0.001",
            "-s", "eval-every=30", "-s", "val-episodes=10", "--test-episodes", "20", "-t", "1",
            "-o", out)
    check("train np", p.returncode == 0, p.stderr)
    if p.returncode != 0:
        sys.exit(1)
    with open(os.path.join(out, "result.json")) as f:
        result = json.load(f)
    check("result.json steps: step 0 only", [s["step"] for s in result["steps"]] == [0],
          str(result["steps"]))
    check("result.json nll", isinstance(result.get("nll"), float) and result["nll"] > 0,
          str(result.get("nll")))
    cov = result.get("coverage", {})
    check("result.json coverage 50/90/95", sorted(cov) == ["50", "90", "95"]
          and 0 <= cov["50"] <= cov["90"] <= cov["95"] <= 1, str(cov))
    with open(os.path.join(out, "metrics.csv")) as f:
        rows = list(csv.DictReader(f))
    check("metrics.csv val_nll column", "val_nll" in rows[0] and "val_coverage_90" in rows[0],
          str(list(rows[0])))
    check("metrics.csv val_nll at each validation",
          [r["iteration"] for r in rows if r["val_nll"]] == ["30", "60"],
          str([r["iteration"] for r in rows if r["val_nll"]]))
    nll, _ = nll_lines(p.stdout)
    check("train prints the NLL", nll is not None and abs(nll - result["nll"]) < 1e-4, p.stdout)

    ckpt = os.path.join(out, "checkpoint.mwc")
    seen = {}
    for k in (1, 5, 20):
        e = cli("eval", ckpt, "-e", "20", "-t", "1", "-s", "shots=%d" % k)
        nll, cover = nll_lines(e.stdout)
        check("eval K=%d prints NLL and coverage" % k, e.returncode == 0 and nll is not None
              and cover is not None and cover[0] <= cover[1] <= cover[2], e.stdout + e.stderr)
        check("eval K=%d: one row, step 0" % k, re.search(r"^\s+0\s+[0-9.]+ ±", e.stdout, re.M)
              is not None and re.search(r"^\s+1\s+[0-9.]+ ±", e.stdout, re.M) is None, e.stdout)
        seen[k] = e.stdout
    e2 = cli("eval", ckpt, "-e", "20", "-t", "2", "-s", "shots=5")
    strip = lambda s: re.sub(r", [0-9.]+ s\n", "\n", s)  # noqa: E731
    check("eval the same at 2 threads", strip(e2.stdout) == strip(seen[5]),
          e2.stdout + "\n---\n" + seen[5])

    maml = os.path.join(work, "maml")
    p = cli("train", "-q", "-a", "maml", "-p", "sinusoid", "-s", "iterations=5", "-s", "eval-every=0",
            "--test-episodes", "5", "-t", "1", "-o", maml)
    check("train maml", p.returncode == 0, p.stderr)
    with open(os.path.join(maml, "result.json")) as f:
        check("maml result.json has no nll", "nll" not in json.load(f))
    check("maml prints no NLL", "NLL" not in p.stdout, p.stdout)
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
