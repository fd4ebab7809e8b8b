// Symmetry and partial-order reduction keep every verdict (docs/reductions.md):
// the same verdict and violated property as the exact search on the library
// and on random candidates, counterexamples that replay in the unreduced
// model, counts that do not depend on the thread count, and a deliberately
// unsound reduction that these comparisons catch.
#include <doctest/doctest.h>

#include "explorer/counterexample.hpp"
#include "helpers.hpp"
#include "model/random_algorithm.hpp"

using namespace rbsynth;

namespace {

const Reduction kSymmetry{true, false}, kPor{false, true}, kAll{true, true};

struct Case {
    const char* name;
    Config config;
};

CheckResult run_limited(const Model& model, Reduction reduce, std::uint64_t max_states) {
    ExplorerOptions o;
    o.threads = 2;
    o.reduce = reduce;
    o.max_states = max_states;
    o.max_memory = std::uint64_t{4} << 30;
    return check(model, o);
}

void check_trace_replays(const Model& model, const CheckResult& r) {
    if (r.verdict != Verdict::Violated) return;
    REQUIRE(r.trace.has_value());
    int failed = -1;
    const auto states = replay(model, *r.trace, &failed);
    REQUIRE(failed == -1);
    CHECK(model.violation(states.back()) == r.trace->property);
}

CheckResult run_full(const Model& model, Reduction reduce, std::uint64_t max_states) {
    ExplorerOptions o;
    o.threads = 2;
    o.reduce = reduce;
    o.max_states = max_states;
    o.stop_at_violation = false;
    o.counterexample = false;
    return check(model, o);
}

// Compares every reduction with the exact search: the verdict and property
// of the default check, and, the heart of the argument in
// docs/reductions.md, the fair-terminal states: partial-order reduction
// alone must reach every one of them (every state it reaches is a real
// one, so equal counts mean equal sets). False when the exact search did
// not finish within its budget (nothing to compare).
bool agrees(const Model& model, std::uint64_t budget, const Reduction* unsound = nullptr, bool* differs = nullptr) {
    const CheckResult all = run_full(model, test::kNoReduction, budget);
    if (!all.count_complete) return false;
    const CheckResult exact = run_limited(model, test::kNoReduction, 0);
    if (unsound) {
        const CheckResult r = run_limited(model, *unsound, 0);
        const CheckResult f = run_full(model, *unsound, 0);
        *differs |= r.verdict != exact.verdict || r.property != exact.property ||
                    f.stats.fair_terminal != all.stats.fair_terminal;
        return true;
    }
    for (const Reduction& red : {kSymmetry, kPor, kAll}) {
        CAPTURE(red.str());
        const CheckResult r = run_limited(model, red, 0);
        CHECK(r.verdict == exact.verdict);
        CHECK(r.property == exact.property);
        check_trace_replays(model, r);
    }
    const CheckResult por = run_full(model, kPor, 0);
    CHECK(por.stats.fair_terminal == all.stats.fair_terminal);
    CHECK(por.stats.states <= all.stats.states);
    return true;
}

}  // namespace

TEST_CASE("reductions keep the verdict on the library for N = 3..5") {
    int compared = 0, skipped = 0;
    for (const char* name : {"best-effort", "eager", "bracha", "paper-fig3", "imbs-raynal"})
        for (FaultModel faults : {FaultModel::None, FaultModel::Crash, FaultModel::Byzantine})
            for (int n = 3; n <= 5; ++n)
                for (int values : {1, 2}) {
                    if (values == 2 && faults != FaultModel::Byzantine) continue;
                    CAPTURE(name);
                    const Config c = test::config(faults, n, -1, values);
                    CAPTURE(c.str());
                    const Model model(test::spec_or_shipped(name), c);
                    (agrees(model, 3'000'000) ? compared : skipped) += 1;
                }
    MESSAGE("library: " << compared << " configurations compared, " << skipped
                        << " too large for the exact search");
    CHECK(compared >= 40);
}

// Half fresh random candidates, half mutants of the library's small
// algorithms (which keep many correct ones in the mix).
Algorithm corpus_candidate(std::uint64_t seed, FaultModel faults) {
    RandomAlgorithmOptions small;
    small.max_types = 2;
    small.max_receive_rules = 3;
    if (seed % 4 < 2) return random_algorithm(seed, small);
    const char* crash_bases[] = {"eager", "best-effort", "paper-fig3"};
    const char* byz_bases[] = {"imbs-raynal", "paper-fig3", "eager"};
    const char* base = (faults == FaultModel::Crash ? crash_bases : byz_bases)[seed / 4 % 3];
    return mutate_algorithm(test::shipped(base), seed, small);
}

TEST_CASE("reductions keep the verdict on 200 random candidates") {
    int compared = 0, holds = 0, violated = 0;
    for (std::uint64_t seed = 1; compared < 200 && seed < 1000; ++seed) {
        const FaultModel faults = seed % 2 ? FaultModel::Crash : FaultModel::Byzantine;
        const Algorithm alg = corpus_candidate(seed, faults);
        const Config c = test::config(faults, 4, -1, faults == FaultModel::Byzantine ? 2 : -1);
        CAPTURE(to_string(alg));
        CAPTURE(c.str());
        const Model model(alg, c);
        if (!agrees(model, 1'000'000)) continue;
        ++compared;
        (run_limited(model, kAll, 0).verdict == Verdict::Holds ? holds : violated) += 1;
    }
    MESSAGE("random corpus: " << compared << " compared, " << holds << " hold, " << violated << " violated");
    CHECK(compared == 200);
    CHECK(holds >= 20);
    CHECK(violated >= 20);
}

TEST_CASE("an unsound reduction is caught by the same comparison") {
    // Persistent sets of one process that ignore what others may still send
    // it: exactly the mistake the closure over active senders prevents.
    Reduction unsound{false, true};
    unsound.unsound_por = true;
    bool differs = false;
    for (std::uint64_t seed = 1; seed < 400 && !differs; ++seed) {
        const Algorithm alg = random_algorithm(seed);
        const Config c = seed % 2 ? test::config(FaultModel::Crash, 4) : test::config(FaultModel::Byzantine, 4, 1, 2);
        agrees(Model(alg, c), 400'000, &unsound, &differs);
    }
    for (const char* name : {"bracha", "paper-fig3", "imbs-raynal"})
        if (!differs) agrees(Model(test::shipped(name), test::config(FaultModel::Byzantine, 4, 1, 2)), 3'000'000,
                             &unsound, &differs);
    CHECK(differs);
}

TEST_CASE("reduced state counts are the same for 1 and 2 threads") {
    const Case cases[] = {
        {"bracha", test::config(FaultModel::Byzantine, 4, 1, 1)},
        {"eager", test::config(FaultModel::Crash, 4)},
        {"paper-fig3", test::config(FaultModel::Byzantine, 5, 1, 1)},
    };
    for (const Case& c : cases)
        for (const Reduction& red : {kSymmetry, kPor, kAll}) {
            CAPTURE(c.name);
            CAPTURE(c.config.str());
            CAPTURE(red.str());
            const Model model(test::shipped(c.name), c.config);
            const CheckResult one = test::run(model, 1, false, red), two = test::run(model, 2, false, red);
            CHECK(one.verdict == Verdict::Holds);
            CHECK(one.count_complete);
            CHECK(one.stats.states == two.stats.states);
            CHECK(one.stats.transitions == two.stats.transitions);
        }
}

TEST_CASE("canonical forms stay in the orbit and traces map back through them") {
    const Model model(test::shipped("bracha"), test::config(FaultModel::Byzantine, 5, 1, 2));
    State s = model.initial_states()[3];
    int steps = 0;
    // Walk a fixed path; at every state the relabelling returned by
    // canonical() must reproduce the canonical form exactly.
    while (steps < 40) {
        Relabelling to{};
        const State c = canonical(model, s, &to);
        CHECK(relabel(model, s, to) == c);
        CHECK(model.fair_terminal(c) == model.fair_terminal(s));
        CHECK(model.violation(c) == model.violation(s));
        CHECK(canonical(model, c) == c);
        bool moved = false;
        model.for_each_successor(s, [&](const Step&, const State& next) {
            if (!moved) s = next, moved = true;
        });
        if (!moved) break;
        ++steps;
    }
    CHECK(steps >= 20);
}

TEST_CASE("the breadth-first pass gives the parallel search's verdict and count") {
    const Case cases[] = {
        {"bracha", test::config(FaultModel::Byzantine, 4, 1, 1)},
        {"eager", test::config(FaultModel::Crash, 4)},
        {"paper-fig3", test::config(FaultModel::Byzantine, 4, 1, 2)},
        {"imbs-raynal", test::config(FaultModel::Byzantine, 4, 1, 2)},
        {"best-effort", test::config(FaultModel::Crash, 5)},
    };
    for (const Case& c : cases)
        for (const Reduction& red : {test::kNoReduction, kAll}) {
            CAPTURE(c.name);
            CAPTURE(red.str());
            const Model model(test::shipped(c.name), c.config);
            ExplorerOptions o;
            o.reduce = red;
            o.threads = 2;
            o.breadth_first_states = 10'000'000;
            const CheckResult bfs = check(model, o);
            const CheckResult par = test::run(model, 2, false, red);
            CHECK(bfs.verdict == par.verdict);
            CHECK(bfs.property == par.property);
            if (par.verdict == Verdict::Holds) {
                CHECK(bfs.stats.states == par.stats.states);
                CHECK(bfs.stats.transitions == par.stats.transitions);
                CHECK(bfs.stats.fair_terminal == par.stats.fair_terminal);
            } else {
                REQUIRE(bfs.trace.has_value());
                REQUIRE(par.trace.has_value());
                CHECK(bfs.trace->steps == par.trace->steps);
            }
        }
}
