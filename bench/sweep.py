#!/usr/bin/env python3
"""bench/sweep: how many seeds of `rbsynth learn` reach a target cost, one
single-threaded run per seed (a run is a function of its seed and flags),
for comparing the learner's settings over many seeds (docs/learner.md,
"Defaults and why"). Writes the section "sweep-LABEL" of docs/benchmarks.md.

  bench/sweep [--faults byzantine] [--values 2] [--seeds 1..200]
              [--episodes 12000] [--target-cost C] [--jobs 2]
              [--label NAME] [-- LEARN FLAGS...]

e.g. the defaults against the settings before RAVE, seeds 101..200:
  bench/sweep --seeds 101..200 --target-cost 39
  bench/sweep --seeds 101..200 --target-cost 39 --label before-rave -- \\
      --rave 0 --ucb-c 10 --alpha 0.1 --weak-credit 5
"""
import argparse, collections, concurrent.futures, json, os, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared writer of docs/benchmarks.md)


def learn(seed, a, flags):
    out = tempfile.mkdtemp(prefix=f"rbsynth-sweep-{seed}-")
    cmd = [bench.EXE, "learn", "--faults", a.faults, "--values", str(a.values), "--episodes", str(a.episodes),
           "--seed", str(seed), "--threads", "1", "--quiet", "--checkpoint-every", "0", "--out", out] + flags
    start = time.monotonic()
    p = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.monotonic() - start
    if p.returncode not in (0, 2):
        sys.exit(f"bench/sweep: {' '.join(cmd)} failed ({p.returncode}): {p.stderr.strip()}")
    best = json.load(open(os.path.join(out, "report.json")))["best"]
    shutil.rmtree(out, ignore_errors=True)
    return seed, (best or {}).get("cost"), wall


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("--faults", default="byzantine", choices=["none", "crash", "byzantine"])
    ap.add_argument("--values", type=int, default=2)
    ap.add_argument("--seeds", default="1..200", help="e.g. 1..200 or 1,3")
    ap.add_argument("--episodes", type=int, default=12000)
    ap.add_argument("--target-cost", type=float, help="default: the least best cost over the seeds")
    ap.add_argument("--jobs", type=int, default=2, help="runs at once (each on one thread)")
    ap.add_argument("--label", help="names the section (default: the flags)")
    ap.add_argument("flags", nargs="*", help="after --: passed to rbsynth learn")
    a = ap.parse_args()
    seeds = bench.seed_list(a.seeds)
    with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as pool:
        runs = sorted(pool.map(lambda s: learn(s, a, a.flags), seeds))
    costs = [c for _, c, _ in runs if c is not None]
    target = a.target_cost if a.target_cost is not None else (min(costs) if costs else None)
    hits = [s for s, c, _ in runs if c is not None and target is not None and c <= target]
    walls = sorted(w for _, _, w in runs)
    spread = collections.Counter("none" if c is None else f"{c:g}" for _, c, _ in runs)
    flags = " ".join(a.flags) or "(the defaults)"
    rows = ["| faults | V | flags | episodes | seeds | reached cost <= target | best cost: seeds | "
            "wall s per run: median (min-max) |", "|" + "---|" * 8,
            f"| {a.faults} | {a.values} | `{flags}` | {a.episodes:,} | {a.seeds} | "
            f"{len(hits)} / {len(runs)} (target {target:g}) | "
            + ", ".join(f"{k}: {v}" for k, v in sorted(spread.items(), key=lambda kv: (kv[0] == 'none', kv[0])))
            + f" | {walls[len(walls) // 2]:.1f} ({walls[0]:.1f}-{walls[-1]:.1f}) |"]
    print("\n".join(rows))
    print("seeds reaching the target:", " ".join(map(str, hits)))
    label = a.label or (re.sub(r"[^a-z0-9]+", "-", " ".join(a.flags).lower()).strip("-") or "defaults")
    command = (f"bench/sweep --faults {a.faults} --values {a.values} --seeds {a.seeds} --episodes {a.episodes}"
               + (f" --target-cost {a.target_cost:g}" if a.target_cost is not None else "")
               + (f" --label {a.label}" if a.label else "") + (" -- " + " ".join(a.flags) if a.flags else ""))
    notes = ("One `rbsynth learn --threads 1` run per seed (deterministic per seed and flags); "
             f"{a.jobs} runs at once, so wall times are those of a shared machine. "
             "Seeds reaching the target: " + (" ".join(map(str, hits)) or "none") + ".")
    bench.write("sweep-" + label, command, rows, notes)


if __name__ == "__main__":
    main()
