#!/usr/bin/env python3
"""CI check of `rbsynth enumerate` under Open MPI: a 2-rank run gives the
report of a 1-process run (time aside), and ranks started with different
settings refuse to run (exit 64 naming mpirun), never a mixed report.

Usage: enumerate_mpi.py RBSYNTH MPIRUN
"""
import json
import os
import subprocess
import sys
import tempfile

rbsynth, mpirun = sys.argv[1], sys.argv[2]
# Root in CI containers; shared memory between the two ranks only (no
# network transports to probe), and no single-copy mechanism that
# containers forbid.
launch = [mpirun, "--allow-run-as-root", "--oversubscribe", "--mca", "btl", "self,vader"]
env = dict(os.environ, OMPI_MCA_btl_vader_single_copy_mechanism="none", OMPI_MCA_rmaps_base_oversubscribe="1")
args = ["enumerate", "--faults", "byzantine", "--types", "2", "--max-rules", "3", "--thresholds", "1,F+1",
        "--threads", "1", "--quiet"]


def run(cmd):
    r = subprocess.run(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=500)
    return r.returncode, r.stdout


def report(out):
    with open(os.path.join(out, "report.json")) as f:
        doc = json.load(f)
    doc.pop("seconds")
    return doc


with tempfile.TemporaryDirectory() as tmp:
    single, ranks = os.path.join(tmp, "single"), os.path.join(tmp, "ranks")
    code, text = run([rbsynth] + args + ["--out", single])
    if code != 0:
        sys.exit(f"1 process: exit {code}\n{text}")
    code, text = run(launch + ["-np", "2", rbsynth] + args + ["--out", ranks])
    if code != 0:
        sys.exit(f"2 ranks: exit {code}\n{text}")
    if report(single) != report(ranks):
        sys.exit(f"2 ranks and 1 process disagree:\n{json.dumps(report(single))}\n{json.dumps(report(ranks))}")
    classes = report(single)["language"]["classes"]
    other = [("crash" if a == "byzantine" else a) for a in args]
    mixed = launch + ["-np", "1", rbsynth] + args + ["--out", ranks, ":", "-np", "1", rbsynth] + other + \
        ["--out", ranks]
    code, text = run(mixed)
    if code != 64 or "different settings" not in text:
        sys.exit(f"mismatched ranks: exit {code}, expected 64\n{text}")
    print(f"2 ranks = 1 process on {classes} classes; mismatched settings refused")
