#!/usr/bin/env python3
"""bench/ranks: the speed-up of `rbsynth enumerate` over Open MPI ranks
(issue #16: R ranks should give at least 0.8 R). For each rank count R it
runs `mpirun -np R rbsynth enumerate ... --threads T` (R = 1 runs without
mpirun), one after the other, checks that every report equals the first
(time aside), and for comparison one process with R x T threads. Writes
the section "ranks" of docs/benchmarks.md.

  bench/ranks [--ranks 1 2] [--threads 1] [--faults byzantine] [--values 2]
              [-- ENUMERATE FLAGS...]

On the 16-core machine: bench/ranks --ranks 1 2 4 8 16. Run it on an
otherwise idle machine: the ratios are only meaningful side by side.
"""
import argparse, json, os, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared writer of docs/benchmarks.md)

# Root in containers; shared memory between the ranks of one machine.
LAUNCH = ["mpirun", "--allow-run-as-root", "--oversubscribe", "--mca", "btl", "self,vader"]
ENV = dict(os.environ, OMPI_MCA_btl_vader_single_copy_mechanism="none")


def run(ranks, threads, a, flags):
    out = tempfile.mkdtemp(prefix="rbsynth-ranks-")
    cmd = [bench.EXE, "enumerate", "--faults", a.faults, "--values", str(a.values), "--threads", str(threads),
           "--quiet", "--out", out] + flags
    if ranks > 1:
        cmd = LAUNCH + ["-np", str(ranks)] + cmd
    start = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True, env=ENV)
    wall = time.monotonic() - start
    if p.returncode != 0:
        sys.exit(f"bench/ranks: {' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()}")
    report = json.load(open(os.path.join(out, "report.json")))
    shutil.rmtree(out, ignore_errors=True)
    report.pop("seconds")
    return report, wall


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("--ranks", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--threads", type=int, default=1, help="threads per rank")
    ap.add_argument("--faults", default="byzantine", choices=["none", "crash", "byzantine"])
    ap.add_argument("--values", type=int, default=2)
    ap.add_argument("flags", nargs="*", help="after --: more enumerate flags")
    a = ap.parse_args()
    if shutil.which("mpirun") is None and any(r > 1 for r in a.ranks):
        sys.exit("bench/ranks: mpirun not found (Debian: openmpi-bin)")
    rows = ["| run | ranks | threads per rank | wall s | speed-up | per rank (speed-up / R) | report |",
            "|" + "---|" * 7]
    first, base = None, None
    for r in a.ranks:
        for label, ranks, threads in (("ranks", r, a.threads), ("threads", 1, r * a.threads)):
            if label == "threads" and (r == 1 or a.threads * r > os.cpu_count()):
                continue  # R = 1 is the row above; more threads than cores says nothing
            report, wall = run(ranks, threads, a, a.flags)
            first = first or report
            base = base or wall
            same = "the same" if report == first else "**differs**"
            rows.append(f"| {label} | {ranks} | {threads} | {wall:.1f} | {base / wall:.2f} "
                        f"| {base / wall / r:.2f} | {same} |")
            print(rows[-1], flush=True)
    command = "bench/ranks " + " ".join(sys.argv[1:])
    notes = (f"Each row is one `rbsynth enumerate --faults {a.faults} --values {a.values}` run (the whole "
             "command, language build included), one after the other; speed-up is over the first row. "
             "\"threads\" rows run one process with as many threads as the ranks row above has in all, "
             "for comparison. \"report\": report.json equal to the first row's, time aside.")
    bench.write("ranks", command.strip(), rows, notes)


if __name__ == "__main__":
    main()
