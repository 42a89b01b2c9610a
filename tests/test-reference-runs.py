#!/usr/bin/env python3
"""Same seed, same numbers: short runs of every algorithm on the glyph set and on the
sinusoid compared with files recorded by an earlier build: the metrics file and the
test result value by value (as printed), and the final weights by their SHA-256
(bit-identical floats).  A change that only reorganises code must leave them alone.

Usage: test-reference-runs.py CLI WORKDIR [--record] [--quick]

--record rewrites tests/reference-runs/ from this build.  --quick (the sanitizer
build) runs two algorithms instead of all.

Floats depend on the machine's vector kernels: OpenBLAS is pinned to its Haswell
kernels (any x86-64 with AVX2), and the project's own kernels pick AVX-512 where the
processor has it, so the files hold the instruction set they were recorded with and
the test is skipped (exit 77) on a processor that would take another path.  Wall-clock
columns (seconds) are left out."""
import csv
import hashlib
import json
import struct
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from cli_test import check, failures  # noqa: E402

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference-runs")
SETTINGS = ["iterations=30", "eval-every=10", "val-episodes=10", "test-episodes=10", "threads=1"]
RUNS = [("glyphs", a) for a in ("maml", "fomaml", "reptile", "protonet", "matching",
                                "finetune", "metasgd")] + \
       [("sinusoid", a) for a in ("maml", "fomaml", "reptile", "finetune", "metasgd", "cnp",
                                  "np")]
QUICK = [("glyphs", "protonet"), ("sinusoid", "maml")]
IGNORED = {"seconds", "train_seconds"}


def machine():
    flags = set()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    if "avx2" not in flags or "fma" not in flags:
        return None
    return "x86-64 avx512f" if "avx512f" in flags else "x86-64 avx2"


def weights_digest(path):
    """SHA-256 of the checkpoint's state (names, sizes and float bytes): what follows
    the experiment text, up to the file's own trailing digest."""
    with open(path, "rb") as f:
        data = f.read()
    header_len = struct.unpack_from("<I", data, 12)[0]
    return hashlib.sha256(data[16 + header_len:-32]).hexdigest()


def run(cli, work, dataset, algorithm):
    out = os.path.join(work, "%s-%s" % (dataset, algorithm))
    shutil.rmtree(out, ignore_errors=True)
    cmd = [cli, "train", "-q", "-a", algorithm, "-s", "dataset=" + dataset, "-o", out]
    for s in SETTINGS:
        cmd += ["-s", s]
    env = dict(os.environ, OPENBLAS_CORETYPE="Haswell", LANGUAGE="C", LC_ALL="C")
    p = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if p.returncode != 0:
        sys.exit("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
    with open(os.path.join(out, "metrics.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out, "result.json")) as f:
        result = json.load(f)
    metrics = [{k: v for k, v in r.items() if k not in IGNORED} for r in rows]
    steps = result.get("steps", [])
    return metrics, steps, weights_digest(os.path.join(out, "checkpoint.mwc"))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    record = "--record" in sys.argv
    runs = QUICK if "--quick" in sys.argv else RUNS
    cli, work = args[0], args[1]
    os.makedirs(work, exist_ok=True)
    here = machine()
    if here is None:
        print("SKIP: the reference files were recorded on x86-64 with AVX2 and FMA; "
              "this processor would take other float paths")
        sys.exit(77)
    if record:
        os.makedirs(HERE, exist_ok=True)
        for dataset, algorithm in RUNS:
            metrics, steps, weights = run(cli, work, dataset, algorithm)
            with open(os.path.join(HERE, "%s-%s.json" % (dataset, algorithm)), "w") as f:
                json.dump({"machine": here, "settings": SETTINGS, "weights": weights,
                           "metrics": metrics, "steps": steps}, f, indent=0)
                f.write("\n")
        print("recorded %d runs in %s (%s)" % (len(RUNS), HERE, here))
        return
    for dataset, algorithm in runs:
        name = "%s-%s" % (dataset, algorithm)
        with open(os.path.join(HERE, name + ".json")) as f:
            ref = json.load(f)
        if ref["machine"] != here:
            print("SKIP: %s was recorded on %s, this is %s (other vector kernels, other "
                  "rounding)" % (name, ref["machine"], here))
            sys.exit(77)
        metrics, steps, weights = run(cli, work, dataset, algorithm)
        check(name + " final weights bit-identical", weights == ref["weights"],
              "sha256 %s, recorded %s" % (weights[:16], ref["weights"][:16]))
        check(name + " rows", len(metrics) == len(ref["metrics"]),
              "%d rows, recorded %d" % (len(metrics), len(ref["metrics"])))
        diff = None
        for i, (a, b) in enumerate(zip(metrics, ref["metrics"])):
            for key, value in b.items():
                if a.get(key) != value:
                    diff = "row %d %s: %r, recorded %r" % (i + 1, key, a.get(key), value)
                    break
            if diff:
                break
        check(name + " metrics bit-identical", diff is None, diff or "")
        check(name + " test result bit-identical", steps == ref["steps"],
              "%s, recorded %s" % (json.dumps(steps)[:200], json.dumps(ref["steps"])[:200]))
    if failures:
        sys.exit(1)


if __name__ == "__main__":
    main()
