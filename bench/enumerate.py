#!/usr/bin/env python3
"""bench/enumerate: exhaustive enumeration of the learner's language (the
default vocabulary: 3 types, 6 thresholds, 4 receive rules) for no faults,
crash faults and Byzantine faults with V = 1 and V = 2, on 2 threads; then,
for one fault model, the learner (episodes and seconds to its first optimal
algorithm, seeds 1..5) beside the enumeration and beside uniform random
sampling of the language's classes with the same validator. Writes the
"enumerate" section of docs/benchmarks.md.

  bench/enumerate [--threads 2] [--only none crash byz1 byz2] [--compare none]
                  [--episodes 12000] [--seeds 1 2 3 4 5] [--max-seconds 600]

bench/compare measures the same comparison for every fault model with the
real sampler (`rbsynth enumerate --sample`) and the learner's own seconds.
Here, uniform sampling is simulated on the enumeration's verdicts (the validator's
own, per class): classes are drawn uniformly with replacement (seeded) until
an optimal one comes up; its time is the draws that are new classes times the
enumeration's mean validation time per class (repeated draws are cache hits).
"""
import argparse, json, os, random, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the shared writer of docs/benchmarks.md)

CASES = {"none": ("none", 1), "crash": ("crash", 1), "byz1": ("byzantine", 1), "byz2": ("byzantine", 2)}


VOCABULARY = []  # --types/--max-rules passed to enumerate and learn alike


def enumerate_case(case, threads, limit):
    faults, values = CASES[case]
    out = tempfile.mkdtemp(prefix="rbsynth-enum-")
    cmd = [bench.EXE, "enumerate", "--faults", faults, "--values", str(values), "--threads", str(threads),
           "--out", out, "--quiet"] + VOCABULARY
    start = time.monotonic()
    try:
        p = subprocess.run(cmd, capture_output=True, text=True, timeout=limit)
    except subprocess.TimeoutExpired:
        return None, limit, out
    wall = time.monotonic() - start
    if p.returncode not in (0, 2) or not os.path.exists(os.path.join(out, "report.json")):
        sys.exit(f"bench/enumerate: {' '.join(cmd)} failed ({p.returncode}): {p.stderr}")
    return json.load(open(os.path.join(out, "report.json"))), wall, out


def enum_row(case, r, wall, threads):
    faults, values = CASES[case]
    if r is None:
        return f"| {faults} | {values} | | | | not finished in {wall:.0f} s | | | | |"
    least = r["least_cost_algorithms"]
    opt = (f"{r['least_cost']:g} ({least[0]['messages']} msgs, {least[0]['steps']} steps, k {least[0]['threshold']})"
           if least else "no correct algorithm")
    steps = min((d["steps"] for d in r["steps_distribution"]), default=None)
    return (f"| {faults} | {values} | {','.join(map(str, r['validate']))} | {r['language']['candidates']:,} "
            f"| {r['language']['classes']:,} | {wall:.1f} | {r['holds']:,} / {r['violated']:,} / {r['incomplete']:,} "
            f"| {opt}; {len(least)} tie(s) | {'yes' if r['optimum_proven'] else 'no'} "
            f"| {steps if steps is not None else '-'} |")


def learner_first_optimal(faults, values, seed, episodes, optimum, threads):
    out = tempfile.mkdtemp(prefix="rbsynth-learn-")
    base = [bench.EXE, "learn", "--faults", faults, "--values", str(values), "--seed", str(seed), "--threads",
            str(threads), "--out", out, "--quiet", "--checkpoint-every", "0", "--table-time", "1"] + VOCABULARY
    p = subprocess.run(base + ["--episodes", str(episodes)], capture_output=True, text=True)
    if p.returncode not in (0, 2):
        sys.exit(f"bench/enumerate: learn failed ({p.returncode}): {p.stderr}")
    r = json.load(open(os.path.join(out, "report.json")))
    hits = [c["episode"] for c in r["correct"] if abs(c["cost"] - optimum) < 1e-9]
    if not hits:
        return None, r["seconds"], r["best"]["cost"] if r["best"] else None
    first = min(hits)
    # The learner is deterministic for a seed: the same run cut at that
    # episode measures the seconds to reach it.
    p = subprocess.run(base + ["--episodes", str(first)], capture_output=True, text=True)
    return first, json.load(open(os.path.join(out, "report.json")))["seconds"], optimum


def sampling(r, wall, threads, seed):
    classes = r["language"]["classes"]
    optimal = {a["class"] for a in r["least_cost_algorithms"]}
    per_class = wall * threads / classes  # thread-seconds per class validation
    rng, seen, draws = random.Random(seed), set(), 0
    while True:
        draws += 1
        i = rng.randrange(classes)
        seen.add(i)
        if i in optimal:
            return draws, len(seen) * per_class


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only", nargs="+", choices=list(CASES), default=list(CASES))
    ap.add_argument("--compare", choices=list(CASES), default="none")
    ap.add_argument("--episodes", type=int, default=12000)
    ap.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    ap.add_argument("--max-seconds", type=float, default=600, help="time limit of one enumeration")
    ap.add_argument("--types", type=int, help="a smaller vocabulary: message types (default 3)")
    ap.add_argument("--max-rules", type=int, help="a smaller vocabulary: receive rules (default 4)")
    a = ap.parse_args()
    if a.types:
        VOCABULARY.extend(["--types", str(a.types)])
    if a.max_rules:
        VOCABULARY.extend(["--max-rules", str(a.max_rules)])
    rows = ["| faults | V | validated at N | candidates | classes | wall (s) | hold / violated / incomplete "
            "| least cost (learning N) | proven optimal | fewest steps of a correct one |", "|" + "---|" * 10]
    reports = {}
    for case in a.only:
        r, wall, out = enumerate_case(case, a.threads, a.max_seconds)
        reports[case] = (r, wall, out)
        rows.append(enum_row(case, r, wall, a.threads))
        print(rows[-1], flush=True)
    notes = []
    r, wall, out = reports.get(a.compare, (None, 0, None))
    if r is not None and r["least_cost"] is not None:
        faults, values = CASES[a.compare]
        comp = [f"Time to the first optimal algorithm (cost {r['least_cost']:g}), {faults} faults, V = {values}:", "",
                "| method | seed | candidates validated | seconds |", "|---|---|---|---|",
                f"| exhaustive enumeration (proves optimality) | - | {r['language']['classes']:,} | {wall:.1f} |"]
        for seed in a.seeds:
            ep, sec, best = learner_first_optimal(faults, values, seed, a.episodes, r["least_cost"], a.threads)
            comp.append(f"| learner ({a.episodes:,} episodes) | {seed} | "
                        f"{f'episode {ep:,}' if ep else f'not found (best {best})'} | {sec:.2f} |")
            print(comp[-1], flush=True)
        for seed in a.seeds:
            draws, sec = sampling(r, wall, a.threads, seed)
            comp.append(f"| uniform sampling of the classes | {seed} | {draws:,} draws | {sec:.2f} (estimated) |")
        expected = r["language"]["classes"] / len(r["least_cost_algorithms"])
        comp += ["", f"Uniform sampling needs {expected:,.0f} draws on average ({r['language']['classes']:,} classes, "
                 f"{len(r['least_cost_algorithms'])} optimal); the learner's episodes count every candidate it "
                 "built, cache hits included."]
        notes.append("\n".join(comp))
    command = f"bench/enumerate --threads {a.threads} --compare {a.compare} --episodes {a.episodes}" + \
        ("" if a.only == list(CASES) else " --only " + " ".join(a.only)) + \
        (f" --types {a.types}" if a.types else "") + (f" --max-rules {a.max_rules}" if a.max_rules else "")
    vocabulary = f"{a.types or 3} types, 6 thresholds, {a.max_rules or 4} receive rules"
    notes.insert(0, f"Vocabulary: {vocabulary}" + ("" if vocabulary.startswith("3 types, 6 thresholds, 4")
                                                   else " (smaller than the default 3 types, 4 rules)") + ".")
    notes.append("Wall time includes building the language. Sampling times are estimated from the enumeration's "
                 "mean validation time per class (thread-seconds / classes), since the per-class time varies by "
                 "orders of magnitude only the mean is known; the learner's seconds are its own (episodes only).")
    section = "enumerate" if not VOCABULARY else "enumerate-" + "-".join(VOCABULARY).replace("--", "")
    bench.write(section, command, rows, "\n\n".join(notes))


if __name__ == "__main__":
    main()
