#include "differential.hpp"

#include <chrono>
#include <random>

#include <fmt/core.h>

#include "explorer/check.hpp"
#include "explorer/counterexample.hpp"
#include "model/random_language.hpp"

namespace rbsynth::soundness {
namespace {

struct Slot {
    FaultModel faults;
    int n, f, values, weight;
};

// The configuration mix, weighted towards Byzantine faults (where the
// reductions do the most). N = 6 and 7 with V = 1 only: with V = 2 their
// exact search rarely finishes under the cap.
constexpr Slot kMix[] = {
    {FaultModel::None, 3, 0, 1, 3},      {FaultModel::None, 4, 0, 1, 3},
    {FaultModel::Crash, 3, 1, 1, 3},     {FaultModel::Crash, 4, 1, 1, 4},
    {FaultModel::Crash, 4, 2, 1, 3},     {FaultModel::Crash, 5, 2, 1, 4},
    {FaultModel::Crash, 5, 1, 1, 2},     {FaultModel::Byzantine, 4, 1, 1, 8},
    {FaultModel::Byzantine, 4, 1, 2, 8}, {FaultModel::Byzantine, 5, 1, 1, 6},
    {FaultModel::Byzantine, 5, 1, 2, 5}, {FaultModel::Byzantine, 5, 2, 1, 6},
    {FaultModel::Byzantine, 5, 2, 2, 4}, {FaultModel::Byzantine, 6, 2, 1, 3},
    {FaultModel::Byzantine, 7, 2, 1, 2},
};

Config draw_config(std::mt19937_64& rng) {
    int total = 0;
    for (const Slot& s : kMix) total += s.weight;
    int x = static_cast<int>(rng() % static_cast<std::uint64_t>(total));
    for (const Slot& s : kMix) {
        if (x < s.weight) return Config{s.faults, s.n, s.f, s.values};
        x -= s.weight;
    }
    return Config{};
}

std::string verdict_text(const ModeResult& m) {
    return m.verdict == Verdict::Violated ? "violated (" + to_string(m.property) + ")" : to_string(m.verdict);
}

// A counterexample must replay in the unreduced model, step by step, to a
// state that violates the property it claims, which is the one reported.
void check_trace(const Model& model, const CheckResult& r, bool want_trace, const std::string& mode,
                 std::vector<std::string>& problems) {
    if (r.verdict != Verdict::Violated) return;
    if (!r.trace) {
        // A trace is left out only with a note saying why (a limit).
        if (want_trace && r.note.empty()) problems.push_back(fmt::format("{}: violated without a counterexample", mode));
        return;
    }
    int failed = -1;
    const auto states = replay(model, *r.trace, &failed);
    if (states.empty()) {
        problems.push_back(fmt::format("{}: counterexample step {} is not enabled in the unreduced model", mode, failed));
        return;
    }
    const Property at_end = model.violation(states.back());
    if (at_end != r.trace->property || r.trace->property != r.property)
        problems.push_back(fmt::format("{}: counterexample ends in a state violating {}, reported {}", mode,
                                       to_string(at_end), to_string(r.property)));
}

ModeResult run_mode(const Model& model, const std::string& mode, const Reduction& reduce, const Candidate& c,
                    const Options& o, std::vector<std::string>& problems) {
    ExplorerOptions eo;
    eo.threads = 1;
    eo.reduce = reduce;
    eo.max_states = o.max_states;
    eo.max_memory = std::uint64_t{2} << 30;
    // One seed in four goes straight to the depth-first search (1 thread)
    // and builds no trace: its verdict and property are compared.
    if (c.seed % 4 == 3) {
        eo.breadth_first_states = 0;
        eo.counterexample = false;
    }
    // One in four gives the reduced searches' breadth-first pass a budget
    // of 1..64 states, so that the parallel search goes on from the pass's
    // store and frontier (SearchSeed); the exact search stays the reference.
    if (c.seed % 4 == 1 && reduce.any()) eo.breadth_first_states = 1 + c.seed / 4 % 64;
    const auto start = std::chrono::steady_clock::now();
    const CheckResult r = check(model, eo);
    ModeResult m;
    m.mode = mode;
    m.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m.verdict = r.verdict;
    m.property = r.property;
    m.states = r.stats.states;
    if (r.trace) m.trace_steps = static_cast<int>(r.trace->steps.size());
    check_trace(model, r, eo.counterexample, mode, problems);
    return m;
}

}  // namespace

std::string to_string(Outcome o) {
    switch (o) {
    case Outcome::Agree: return "agree";
    case Outcome::Disagree: return "disagree";
    case Outcome::SkippedExactTooBig: return "skipped: exact too big";
    case Outcome::ReducedIncomplete: return "reduced incomplete";
    }
    return "?";
}

const std::vector<std::pair<std::string, Reduction>>& modes() {
    static const std::vector<std::pair<std::string, Reduction>> all = {
        {"none", Reduction{false, false}},
        {"symmetry", Reduction{true, false}},
        {"por", Reduction{false, true}},
        {"all", Reduction{true, true}},
    };
    return all;
}

Candidate draw(std::uint64_t seed, const Options& o) {
    // Seeds map to unrelated streams (splitmix64's increment), so nearby
    // seeds give unrelated candidates.
    std::mt19937_64 rng(seed * 0x9e3779b97f4a7c15ULL + 0x2545f4914f6cdd1dULL);
    Candidate c;
    c.seed = seed;
    c.config = o.configs.empty() ? draw_config(rng) : o.configs[rng() % o.configs.size()];
    LanguageOptions lo;
    lo.sizes = {{c.config.n, c.config.f}};
    // Up to 54 bits of state per process at N = 7, V = 2 with 4 types.
    for (int attempt = 0;; ++attempt) {
        if (!o.bases.empty() && rng() % 5 < 3) {
            const Algorithm& base = o.bases[rng() % o.bases.size()];
            c.algorithm = mutate_language_algorithm(base, rng, lo);
            c.origin = "mutant of " + base.name;
        } else {
            c.algorithm = random_language_algorithm(rng, lo);
            c.origin = "fresh";
        }
        c.algorithm.name = fmt::format("soundness-{}", seed);
        // A base's own threshold may be no k for this N and F (N-2F at N = 4,
        // F = 2): draw again.
        try {
            const Model probe(c.algorithm, c.config);
            return c;
        } catch (const Error&) {
            if (attempt > 20) throw;
        }
    }
}

CaseResult run(const Candidate& c, const Options& o) {
    CaseResult out;
    out.candidate = c;
    out.max_states = o.max_states;
    const Model model(c.algorithm, c.config);
    auto compared = modes();
    if (!o.reduced.empty()) compared.resize(1), compared.insert(compared.end(), o.reduced.begin(), o.reduced.end());
    for (const auto& [name, reduce] : compared) {
        out.modes.push_back(run_mode(model, name, reduce, c, o, out.problems));
        if (name == "none" && out.modes.back().verdict == Verdict::Incomplete) {
            out.outcome = Outcome::SkippedExactTooBig;
            out.problems.clear();
            return out;
        }
    }
    const ModeResult& exact = out.modes.front();
    bool reduced_incomplete = false;
    for (const ModeResult& m : out.modes) {
        // A reduced search that ran out of states gave no verdict, false
        // or not (the depth-first search may meet a violation late that
        // the exact one met early): counted apart, never as agreement.
        if (m.verdict == Verdict::Incomplete) {
            reduced_incomplete = true;
            continue;
        }
        // The reported property is the first of Integrity, Agreement,
        // Validity that some reachable state violates, whatever the order
        // of the search (docs/semantics.md): comparable on every seed.
        // A search that hit the cap while going on for an earlier property
        // reports the later one it met: its property is undecided.
        const bool capped = m.states >= o.max_states || exact.states >= o.max_states;
        if (m.verdict != exact.verdict || (!capped && m.property != exact.property))
            out.problems.push_back(fmt::format("{} says {}, none says {}", m.mode, verdict_text(m), verdict_text(exact)));
    }
    out.outcome = !out.problems.empty() ? Outcome::Disagree
                  : reduced_incomplete   ? Outcome::ReducedIncomplete
                                         : Outcome::Agree;
    return out;
}

nlohmann::json to_json(const CaseResult& r) {
    const Config& c = r.candidate.config;
    nlohmann::json j = {{"seed", r.candidate.seed},   {"faults", to_string(c.faults)},
                        {"n", c.n},                   {"f", c.f},
                        {"values", c.values},         {"origin", r.candidate.origin},
                        {"outcome", to_string(r.outcome)}, {"problems", r.problems},
                        {"max_states", r.max_states},
                        {"algorithm", to_string(r.candidate.algorithm)}};
    for (const ModeResult& m : r.modes)
        j["modes"][m.mode] = {{"verdict", to_string(m.verdict)}, {"property", to_string(m.property)},
                              {"states", m.states},              {"seconds", m.seconds},
                              {"trace_steps", m.trace_steps}};
    return j;
}

std::string reproducer(const CaseResult& r) {
    const Config& c = r.candidate.config;
    std::string s = fmt::format("### seed {}: {} (--faults {} --n {} --f {} --values {})\n\n```\n{}```\n\n",
                                r.candidate.seed, c.str(), to_string(c.faults), c.n, c.f, c.values,
                                to_string(r.candidate.algorithm));
    for (const ModeResult& m : r.modes)
        s += fmt::format("- `--reduce {}`: {} ({} states, trace {} steps)\n", m.mode, verdict_text(m), m.states,
                         m.trace_steps);
    for (const std::string& p : r.problems) s += "- problem: " + p + "\n";
    return s;
}

}  // namespace rbsynth::soundness
