#!/usr/bin/env python3
"""`domain-moons`: a short run prints one row per method asked for, with accuracies in
percent, the same twice for the same seed; a bad method or seed count is refused.

Usage: test-cli-domain-moons.py CLI
"""
import os
import re
import subprocess
import sys

from cli_test import check, failures

CLI = sys.argv[1]
ENV = dict(os.environ, LANGUAGE="en", LC_ALL="C.UTF-8")


def run(*args):
    p = subprocess.run([CLI, "domain-moons", *args], capture_output=True, env=ENV, timeout=300)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


short = ("--seeds", "2", "--iterations", "200")
rc, out, err = run("-m", "mmd", *short)
check("mmd runs", rc == 0, err)
rows = [line for line in out.splitlines() if re.match(r"^(none|dann|mmd|cdan)\s", line)]
check("one row, the method asked for", [r.split()[0] for r in rows] == ["mmd"], out)
numbers = [float(x) for x in re.findall(r"(\d+\.\d+)%", rows[0])] if rows else []
check("accuracies in percent", len(numbers) == 3 and all(0 <= x <= 100 for x in numbers), out)
rc2, out2, _ = run("-m", "mmd", *short)
check("same seed, same table", rc2 == 0 and out2 == out, out2)
rc, out, err = run("-m", "all", "--seeds", "1", "--iterations", "50")
check("all: four rows", rc == 0 and len([l for l in out.splitlines()
                                         if re.match(r"^(none|dann|mmd|cdan)\s", l)]) == 4, out + err)
rc, _, err = run("-m", "adda")
check("unknown method refused", rc == 2 and "--method" in err, err)
rc, _, err = run("--seeds", "0")
check("no seeds refused", rc == 2 and "--seeds" in err, err)
rc, _, err = run("--points", "1", "--seeds", "1")
check("a setting out of bounds named", rc == 1 and "'points'" in err, err)
sys.exit(1 if failures else 0)
