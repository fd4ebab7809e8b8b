#!/usr/bin/env python3
"""bench/learn: 12,000 learning episodes per fault model (Byzantine with V = 1
and V = 2), on 2 threads, beside the reference paper's times for the same
episode count (9 h without faults, 3 days under crashes, 47 days under
Byzantine faults, on 32 vCPUs). Writes the "learn" section of
docs/benchmarks.md.

  bench/learn [--episodes 12000] [--threads 2] [--seeds 1..5]
              [--only none crash byz1 byz2]
"""
import argparse, json, os, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared writer of docs/benchmarks.md)

PAPER = {"none": 9 * 3600, "crash": 3 * 86400, "byzantine": 47 * 86400}
CASES = {"none": ("none", 1), "crash": ("crash", 1), "byz1": ("byzantine", 1), "byz2": ("byzantine", 2)}
REFERENCE = {"none": "best-effort", "crash": "eager", "byz1": "paper-fig3", "byz2": "bracha"}


def reference_cost(name, faults, n):
    out = subprocess.run([bench.EXE, "metrics", os.path.join(bench.ROOT, "algorithms", name + ".alg"),
                          "--faults", faults, "--n", str(n), "--json"], capture_output=True, text=True)
    if out.returncode != 0:
        return None
    m = json.loads(out.stdout)
    m = m[0] if isinstance(m, list) else m
    return m.get("messages"), m.get("steps")


def run(case, episodes, threads, seed):
    faults, values = CASES[case]
    out = tempfile.mkdtemp(prefix="rbsynth-learn-")
    cmd = [bench.EXE, "learn", "--faults", faults, "--values", str(values), "--episodes", str(episodes),
           "--threads", str(threads), "--seed", str(seed), "--out", out, "--quiet", "--checkpoint-every", "0", "--table-time", "10"]
    start = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode not in (0, 2):
        sys.exit(f"bench/learn: {' '.join(cmd)} failed ({p.returncode}): {p.stderr}")
    report = json.load(open(os.path.join(out, "report.json")))
    return faults, values, wall, report


def summary(case, faults, values, runs, episodes):
    """One row over the seeds: wall time (median, min, max), the episode of
    the first correct and of the first optimal algorithm (optimal: the best
    cost any seed reached), the best cost, and how candidates were rejected."""
    walls = sorted(w for _, w, _ in runs)
    best_costs = [r["best"]["cost"] for _, _, r in runs if r["best"]]
    optimum = min(best_costs) if best_costs else None
    firsts, optimal, costs, rej = [], [], [], {"replay": 0, "cache": 0, "search": 0}
    for seed, wall, r in runs:
        correct = r["correct"]
        firsts.append(str(min(c["episode"] for c in correct)) if correct else "-")
        hit = [c["episode"] for c in correct if optimum is not None and c["cost"] == optimum]
        optimal.append(str(min(hit)) if hit else "-")
        costs.append(f"{r['best']['cost']:g}" if r["best"] else "-")
        for k in rej:
            rej[k] += r["validation"]["rejected"][k]
    n = r["validate"] + r.get("final_validate", [])
    ref = reference_cost(REFERENCE[case], faults, r["validate"][0])
    ref_text = f"{REFERENCE[case]}: {ref[0]} msgs, {ref[1]} steps" if ref else REFERENCE[case]
    median = walls[len(walls) // 2]
    seeds = ",".join(str(s) for s, _, _ in runs)
    return (f"| {faults} | {values} | {episodes:,} | {','.join(map(str, n))} | {seeds} "
            f"| {median:.1f} ({walls[0]:.1f}-{walls[-1]:.1f}) | {' '.join(firsts)} | {' '.join(optimal)} "
            f"| {' '.join(costs)} | {rej['replay']:,}/{rej['cache']:,}/{rej['search']:,} | {ref_text} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--episodes", type=int, default=12000)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seeds", default="1..5", help="e.g. 1..5 or 1,3")
    ap.add_argument("--only", nargs="+", choices=list(CASES), default=list(CASES))
    a = ap.parse_args()
    rows = ["| faults | V | episodes | validated at N | seeds | wall s: median (min-max) | first correct (episode, "
            "per seed) | first optimal (episode, per seed) | best cost (per seed) | rejected by replay/cache/search "
            "(all seeds) | reference at the learning N |", "|" + "---|" * 11]
    for case in a.only:
        runs = []
        for seed in bench.seed_list(a.seeds):
            faults, values, wall, report = run(case, a.episodes, a.threads, seed)
            runs.append((seed, wall, report))
        rows.append(summary(case, faults, values, runs, a.episodes))
        print(rows[-1], flush=True)
    command = f"bench/learn --episodes {a.episodes} --threads {a.threads} --seeds {a.seeds}" + \
        ("" if a.only == list(CASES) else " --only " + " ".join(a.only))
    notes = ("Paper's time: 9 h (none), 3 days (crash), 47 days (Byzantine) for 12,000 episodes on 32 vCPUs. "
             "Wall time includes the resilience table of the best algorithm. Optimal: the least best cost over the "
             "seeds of that row. Measured on a shared 2-core machine: times are noisy.")
    bench.write("learn", command, rows, notes)


if __name__ == "__main__":
    main()
