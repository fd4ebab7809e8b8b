#!/usr/bin/env python3
"""Benchmarks of the explorer; each writes its table into docs/benchmarks.md.

  bench/explore [--time-limit S]   Bracha, Byzantine, V = 2, N = 4..7, 1 and 2
                                   threads, no reduction (the raw explorer)
  bench/reduce  [--time-limit S] [--n N...] [--reduce R...]
                                   Bracha and Fig. 3 (Byzantine, V = 1 and 2)
                                   and eager (crash), N = 4..7, per reduction

Runs build/src/tool/rbsynth with --json and records what it reports. A run
that hits the time limit is reported as incomplete with its figures so far.
"""
import argparse, datetime, json, os, platform, re, subprocess, sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXE = os.path.join(ROOT, "build", "src", "tool", "rbsynth")
DOC = os.path.join(ROOT, "docs", "benchmarks.md")


def check(alg, faults, n, values, threads, reduce, limit):
    f = 2 if n == 7 and faults == "byzantine" else None
    cmd = [EXE, "check", os.path.join(ROOT, "algorithms", alg + ".alg"), "--faults", faults, "--n", str(n),
           "--values", str(values), "--threads", str(threads), "--reduce", reduce, "--time-limit", str(limit),
           "--quiet", "--json"]
    if f is not None:
        cmd += ["--f", str(f)]
    out = subprocess.run(cmd, capture_output=True, text=True)
    if out.returncode not in (0, 1, 2):
        sys.exit(f"bench: {' '.join(cmd)} failed ({out.returncode}): {out.stderr}")
    return json.loads(out.stdout)


def verdict(d):
    if d["verdict"] == "violated":
        return f"violated ({d['property']})"
    if d["verdict"] == "incomplete":
        return f"incomplete ({d['limit']})"
    return "holds"


def mib(b):
    return f"{b / 2**20:.0f}"


def transitions_per_second(d):
    # Executables before issue #14 do not report it.
    return d.get("transitions_per_second", d["transitions"] / d["seconds"] if d["seconds"] else 0)


def explore(limit):
    rows = ["| N | F | threads | verdict | states | time (s) | states/s | transitions/s | vector (bits / bytes) "
            "| bytes/state | peak MiB | speed-up |", "|" + "---|" * 12]
    for n in (4, 5, 6, 7):
        one = None
        for threads in (1, 2):
            d = check("bracha", "byzantine", n, 2, threads, "none", limit)
            rate = d["states_per_second"]
            speedup = f"{rate / one:.2f}" if one else ""
            one = one or rate
            rows.append(f"| {n} | {d['f']} | {threads} | {verdict(d)} | {d['states']:,} | {d['seconds']:.1f} "
                        f"| {rate / 1e6:.2f}M | {transitions_per_second(d) / 1e6:.2f}M "
                        f"| {d['vector_bits']} / {d['vector_bytes']} "
                        f"| {d['bytes_per_state']:.1f} | {mib(d['peak_memory_bytes'])} | {speedup} |")
            print(rows[-1], flush=True)
    return rows


def reduce(limit, sizes=(4, 5, 6, 7), reductions=("none", "symmetry", "por", "all")):
    rows = ["| algorithm | faults | V | N | reduction | verdict | states | time (s) | peak MiB | factor |",
            "|" + "---|" * 10]
    cases = [("bracha", "byzantine", 1), ("bracha", "byzantine", 2), ("paper-fig3", "byzantine", 1),
             ("paper-fig3", "byzantine", 2), ("eager", "crash", 1)]
    for alg, faults, values in cases:
        for n in sizes:
            base, base_exact = 0, False
            for red in reductions:
                d = check(alg, faults, n, values, 2, red, limit)
                exact = d["verdict"] != "incomplete" and d["states_complete"]
                if red == "none":
                    base, base_exact = d["states"], exact
                factor = ""
                if red != "none" and exact and d["states"] and base:
                    factor = ("" if base_exact else "> ") + f"{base / d['states']:.1f}"
                rows.append(f"| {alg} | {faults} | {values} | {n} | {red} | {verdict(d)} | {d['states']:,}"
                            f"{'' if exact else '+'} | {d['seconds']:.2f} | {mib(d['peak_memory_bytes'])} "
                            f"| {factor} |")
                print(rows[-1], flush=True)
    return rows


def seed_list(text):
    """Seeds from "1..5" or "1,3"."""
    if ".." in text:
        lo, hi = text.split("..")
        return list(range(int(lo), int(hi) + 1))
    return [int(x) for x in text.split(",")]


def write(section, command, rows, notes):
    text = open(DOC).read() if os.path.exists(DOC) else "# Benchmarks\n"
    cpu = "unknown CPU"
    try:
        cpu = re.search(r"model name\s*:\s*(.*)", open("/proc/cpuinfo").read()).group(1)
    except (OSError, AttributeError):
        pass
    body = (f"<!-- {section}:begin -->\n## {section}\n\n`{command}` ({datetime.date.today()}, {cpu}, "
            f"{os.cpu_count()} cores, {platform.system()})\n\n" + "\n".join(rows) + "\n\n" + notes +
            f"\n<!-- {section}:end -->")
    pattern = re.compile(rf"<!-- {re.escape(section)}:begin -->.*?<!-- {re.escape(section)}:end -->", re.S)
    text = pattern.sub(lambda _: body, text) if pattern.search(text) else text.rstrip() + "\n\n" + body + "\n"
    open(DOC, "w").write(text)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("bench", choices=["explore", "reduce"])
    ap.add_argument("--time-limit", type=float, default=600)
    ap.add_argument("--n", type=int, nargs="+", help="reduce: the N to run (default 4 5 6 7)")
    ap.add_argument("--reduce", nargs="+", choices=["none", "symmetry", "por", "all"],
                    help="reduce: the reductions to run (default: all four)")
    ap.add_argument("--exe", help="the rbsynth executable (default build/src/tool/rbsynth)")
    a = ap.parse_args()
    global EXE
    if a.exe:
        EXE = os.path.abspath(a.exe)
    command = f"bench/{a.bench} --time-limit {a.time_limit:g}" + (f" --n {' '.join(map(str, a.n))}" if a.n else "")
    if a.reduce:
        command += f" --reduce {' '.join(a.reduce)}"
    if a.bench == "explore":
        write("explore", command, explore(a.time_limit),
              "`+`-free counts are complete. Speed-up: 2-thread over 1-thread states per second. "
              "Bytes/state: state store bytes over states stored.")
    else:
        section = "reduce" + ("-" + "-".join(a.reduce) if a.reduce else "")
        write(section, command, reduce(a.time_limit, tuple(a.n or (4, 5, 6, 7)),
                                        tuple(a.reduce or ("none", "symmetry", "por", "all"))),
              "`+`: a partial count (the search stopped at a violation or at the time limit). Factor: exact states over states stored "
              "under the reduction (`> x`: against the exact search's partial count).")


if __name__ == "__main__":
    main()
