#!/usr/bin/env python3
"""bench/compare: the learner against exhaustive enumeration and against
uniform random sampling of the same language with the same validator, for
no faults, crash faults and Byzantine faults with V = 1 and V = 2 at the
default vocabulary (3 types, 6 thresholds, 4 receive rules). Writes the
"compare" section of docs/benchmarks.md.

  bench/compare [--threads 2] [--seeds 1..5] [--episodes 12000]
                [--only none crash byz1 byz2] [--optimum byz2=38 ...]
                [--enumerate-cap 600] [--learn-cap 300] [--sample-cap 300]
                [--methods [sampling]]   (--methods alone: the learner only)

Per fault model:
- enumeration: `rbsynth enumerate` proves the least cost (none and crash
  with the cost bound of docs/enumerate.md, which still proves the least
  cost of the whole language); its wall time, language build included.
  `--optimum CASE=C` skips it and takes C as the optimum.
- learner: `rbsynth learn --episodes E --final-validate none` (the same
  validation sizes and budget as the enumeration), seeds as given; the
  episode and learning seconds at which it first recorded a correct
  algorithm and one of the optimal cost (report.json's `correct` entries).
- sampling: `rbsynth enumerate --sample D --target-cost OPT`, seeds as
  given; the draws, the distinct classes validated and the seconds until
  the first optimal class, and the seconds to build the language.
A method that runs past its cap is stopped with SIGINT and recorded as
"not within cap" with what it had done.
"""
import argparse, json, os, signal, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared writer of docs/benchmarks.md)

CASES = {"none": ("none", 1), "crash": ("crash", 1), "byz1": ("byzantine", 1), "byz2": ("byzantine", 2)}
# The bounded runs of docs/enumerate.md: without faults and under crashes
# most classes hold and the whole walk takes about 35 minutes each; a cost
# bound at the optimum still proves it for the whole language.
ENUM_BOUND = {"none": ["--max-cost", "5"], "crash": ["--max-cost", "11"], "byz1": [], "byz2": []}


def run_capped(cmd, cap):
    """Runs cmd; past `cap` seconds sends SIGINT (the tools then write what
    they have) and waits. Returns (exit code, wall seconds, capped)."""
    start = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    capped = False
    try:
        _, err = p.communicate(timeout=cap)
    except subprocess.TimeoutExpired:
        capped = True
        p.send_signal(signal.SIGINT)
        _, err = p.communicate()
    wall = time.monotonic() - start
    if p.returncode not in (0, 2):
        sys.exit(f"bench/compare: {' '.join(cmd)} failed ({p.returncode}): {err}")
    return p.returncode, wall, capped


def enumeration(case, threads, cap):
    faults, values = CASES[case]
    out = tempfile.mkdtemp(prefix="rbsynth-cmp-enum-")
    cmd = [bench.EXE, "enumerate", "--faults", faults, "--values", str(values), "--threads", str(threads),
           "--out", out, "--quiet", "--checkpoint-every", "0"] + ENUM_BOUND[case]
    _, wall, capped = run_capped(cmd, cap)
    if capped:
        return None, wall
    r = json.load(open(os.path.join(out, "report.json")))
    proven = r["optimum_proven_without_bound"] if ENUM_BOUND[case] else r["optimum_proven"]
    if r["least_cost"] is None or not proven:
        sys.exit(f"bench/compare: {' '.join(cmd)} proved no least cost")
    return r, wall


def learner(case, seed, episodes, threads, optimum, cap):
    faults, values = CASES[case]
    out = tempfile.mkdtemp(prefix="rbsynth-cmp-learn-")
    cmd = [bench.EXE, "learn", "--faults", faults, "--values", str(values), "--episodes", str(episodes),
           "--threads", str(threads), "--seed", str(seed), "--final-validate", "none", "--out", out, "--quiet",
           "--checkpoint-every", "0", "--table-time", "1"]
    _, wall, capped = run_capped(cmd, cap)
    # An interrupted run writes its checkpoint (the same `correct` entries), not the report.
    r = json.load(open(os.path.join(out, "checkpoint.json" if capped else "report.json")))
    correct = r.get("correct") or []
    first = min(correct, key=lambda c: c["episode"]) if correct else None
    hits = [c for c in correct if abs(c["cost"] - optimum) < 1e-9]
    best = min(hits, key=lambda c: c["episode"]) if hits else None
    return {"first": first, "optimal": best, "episodes": r["episodes"], "seconds": r["seconds"], "capped": capped,
            "best_cost": min((c["cost"] for c in correct), default=None)}


def sampling(case, seed, threads, optimum, draws, cap):
    faults, values = CASES[case]
    out = tempfile.mkdtemp(prefix="rbsynth-cmp-sample-")
    cmd = [bench.EXE, "enumerate", "--faults", faults, "--values", str(values), "--threads", str(threads),
           "--sample", str(draws), "--seed", str(seed), "--target-cost", f"{optimum:g}", "--out", out, "--quiet"]
    _, wall, capped = run_capped(cmd, cap)
    path = os.path.join(out, "report.json")
    if not os.path.exists(path):  # stopped while the language was built
        return {"capped": True, "reached": False, "draws": 0, "validated": 0, "seconds": wall,
                "language": wall, "first": None}
    r = json.load(open(path))
    return {"capped": capped, "reached": r["reached_target"], "draws": r["draws"], "validated": r["validated"],
            "seconds": r["seconds"], "language": r["language_seconds"], "first": r["first_correct"]}


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else None


def cells(case, enum, wall, runs, samples, draws, optimum):
    """One table row: the enumeration, then per seed the learner's and the
    sampler's way to the first correct and the first optimal algorithm."""
    faults, values = CASES[case]
    if enum is None:
        enum_text = "not run (`--optimum`)"
    else:
        bound = f", `{' '.join(ENUM_BOUND[case])}`" if ENUM_BOUND[case] else ""
        ties = len(enum["least_cost_algorithms"])
        enum_text = f"{wall:.0f} s ({enum['language']['classes']:,} classes{bound}; {ties:,} optimal)"

    def lr(r, key, what):
        if r[key] is None:
            return f"no ({r['episodes']:,} ep{', cap' if r['capped'] else ''})"
        return f"{r[key]['episode']:,} ({r[key]['seconds']:.2f})" if what == "both" else f"{r[key]['episode']:,}"

    def sr(s):
        if not s["reached"]:
            return f"not within {'cap' if s['capped'] else f'{draws:,} draws'} ({s['draws']:,} draws, {s['seconds']:.0f} s)"
        return f"{s['draws']:,} / {s['validated']:,} ({s['seconds']:.2f})"

    learn_first = " ".join(lr(r, "first", "ep") for r in runs)
    learn_opt = "; ".join(lr(r, "optimal", "both") for r in runs)
    samp_first = " ".join(f"{s['first']['draw']:,}" if s["first"] else "-" for s in samples)
    samp_opt = "; ".join(sr(s) for s in samples)
    lang = median([s["language"] for s in samples])
    lang = f"{lang:.1f}" if lang is not None else "-"
    return (f"| {faults} | {values} | {optimum:g} | {enum_text} | {learn_first} | {learn_opt} "
            f"| {samp_first or '-'} | {samp_opt or 'not run'} | {lang} |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--seeds", default="1..5", help="e.g. 1..5 or 1,3")
    ap.add_argument("--episodes", type=int, default=12000)
    ap.add_argument("--draws", type=int, default=10_000_000, help="sampling's draw budget")
    ap.add_argument("--only", nargs="+", choices=list(CASES), default=list(CASES))
    ap.add_argument("--optimum", nargs="+", default=[], help="CASE=COST: skip that enumeration")
    ap.add_argument("--enumerate-cap", type=float, default=600)
    ap.add_argument("--learn-cap", type=float, default=300)
    ap.add_argument("--sample-cap", type=float, default=300)
    ap.add_argument("--methods", nargs="*", choices=["sampling"], default=["sampling"],
                    help="beside the learner (and the enumeration unless --optimum)")
    ap.add_argument("--raw", default=os.path.join(tempfile.gettempdir(), "rbsynth-compare.json"),
                    help="every measurement, as JSON")
    a = ap.parse_args()
    raw = {}
    given = {k: float(v) for k, v in (x.split("=") for x in a.optimum)}
    seeds = bench.seed_list(a.seeds)
    rows = ["| faults | V | least cost (enumeration) | enumeration: wall | learner: first correct, episode per seed "
            "| learner: first optimal, episode (learning s) per seed | sampling: first correct, draw per seed "
            "| sampling: first optimal, draws / distinct classes validated (s) per seed "
            "| sampling: language build s (median) |", "|" + "---|" * 9]
    for case in a.only:
        enum, wall = None, 0
        if case in given:
            optimum = given[case]
        else:
            enum, wall = enumeration(case, a.threads, a.enumerate_cap)
            if enum is None:
                rows.append(f"| {CASES[case][0]} | {CASES[case][1]} | not within cap ({wall:.0f} s) | | | | | | |")
                continue
            optimum = enum["least_cost"]
        print(f"{case}: optimum {optimum:g} ({wall:.0f} s)", flush=True)
        runs = [learner(case, s, a.episodes, a.threads, optimum, a.learn_cap) for s in seeds]
        print(f"{case}: learner {[(r['optimal'] or {}).get('episode') for r in runs]}", flush=True)
        samples = [sampling(case, s, a.threads, optimum, a.draws, a.sample_cap) for s in seeds] \
            if "sampling" in a.methods else []
        rows.append(cells(case, enum, wall, runs, samples, a.draws, optimum))
        raw[case] = {"optimum": optimum, "enumeration": enum and {k: enum[k] for k in ("language", "seconds")},
                     "enumeration_wall": wall, "learner": runs, "sampling": samples}
        json.dump(raw, open(a.raw, "w"), indent=1)
        print(rows[-1], flush=True)
    command = (f"bench/compare --threads {a.threads} --seeds {a.seeds} --episodes {a.episodes} "
               f"--enumerate-cap {a.enumerate_cap:g} --learn-cap {a.learn_cap:g} --sample-cap {a.sample_cap:g}"
               + ("" if a.only == list(CASES) else " --only " + " ".join(a.only))
               + (" --optimum " + " ".join(a.optimum) if a.optimum else "")
               + ("" if "sampling" in a.methods else " --methods"))
    notes = ("Default vocabulary (3 types, 6 thresholds, 4 receive rules); every method validates at N = 3,4,5 "
             "(none, crash) or 4,5,6 (Byzantine) with 10,000 states per check, and the learner runs with "
             f"`--final-validate none` so that its validator is the enumeration's. {a.threads} threads each. "
             "Learner: seeds in order; an entry is the episode (and the learning seconds, episodes only) of the "
             "first correct algorithm of the least cost; `no (E ep)`: not within E episodes. Sampling: draws "
             "until the first class of the least cost, the distinct classes among them (each validated once; "
             "a repeated draw is a cache hit) and the sampling seconds, the language build (same for every "
             "seed) aside. Enumeration: the whole command, language build included. Measured on a shared "
             "2-core machine: times are noisy.")
    # Other budgets than the default get their own section beside the default one.
    section = "compare" + ("" if a.episodes == 12000 else f"-episodes-{a.episodes}")
    bench.write(section, command, rows, notes)


if __name__ == "__main__":
    main()
