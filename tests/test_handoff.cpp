// The breadth-first pass hands its store and frontier to the parallel
// search when it outgrows its budget (issue #14; SearchSeed in
// src/explorer/search.hpp), instead of the parallel search starting over
// from the initial states. Every budget, small ones included, must give
// the verdict and property of the search with no pass at all, and, where
// the search is complete, the same stored states, transitions and
// fair-terminal states, on the library and on candidates of the whole
// language; the hand-off that drops one state
// (ExplorerOptions::unsound_handoff) must be caught.
#include <doctest/doctest.h>

#include "differential.hpp"
#include "explorer/check.hpp"
#include "explorer/counterexample.hpp"
#include "helpers.hpp"

using namespace rbsynth;

namespace {

struct Tally {
    int compared = 0;
    int resumed = 0;                        // runs that went on from a seed
    int differ = 0;                         // any difference at all
    int false_holds = 0;                    // "holds" where the reference is violated
    int capped = 0;                         // a violation not met before the state cap
};

// A verdict no limit touched: a violation's property does not depend on
// the search order only if the search for the properties before it ended.
bool decided(const CheckResult& r) { return r.verdict != Verdict::Incomplete && r.note.empty(); }

struct Sweep {
    std::vector<std::uint64_t> budgets;
    std::uint64_t max_states;
};

const Sweep kLibrary{{1, 2, 3, 5, 9, 17, 40, 120, 500, 3000}, 400'000};
const Sweep kCandidates{{1, 4, 30, 400}, 20'000};

ExplorerOptions options(int threads, const Reduction& red, std::uint64_t budget, bool unsound, std::uint64_t cap) {
    ExplorerOptions o;
    o.threads = threads;
    o.reduce = red;
    o.breadth_first_states = budget;
    o.unsound_handoff = unsound;
    o.max_states = cap;
    o.max_memory = std::uint64_t{2} << 30;
    o.hunt = false;  // the hunt's exact search would find what a dropped state hides
    return o;
}

// One configuration under pass budgets from 1 state up: each against the
// parallel search alone. A violated result's trace must replay to its
// property.
void sweep(const Model& model, const Reduction& red, const Sweep& how, bool unsound, Tally& t) {
    for (int threads : {1, 2}) {
        const CheckResult ref = check(model, options(threads, red, 0, false, how.max_states));
        if (!decided(ref)) continue;
        for (std::uint64_t budget : how.budgets) {
            CAPTURE(threads);
            CAPTURE(budget);
            const CheckResult r = check(model, options(threads, red, budget, unsound, how.max_states));
            // A violation's search order decides how many states are stored
            // before it is met: near the cap, one order meets it and
            // another stops, incomplete (not a wrong answer).
            if (!decided(r) && ref.verdict == Verdict::Violated) {
                ++t.capped;
                continue;
            }
            ++t.compared;
            t.resumed += r.stats.resumed > 0;
            bool same = r.verdict == ref.verdict && r.property == ref.property;
            if (ref.verdict == Verdict::Holds)
                same = same && r.stats.states == ref.stats.states && r.stats.transitions == ref.stats.transitions &&
                       r.stats.fair_terminal == ref.stats.fair_terminal &&
                       r.stats.initial_states == ref.stats.initial_states;
            t.differ += !same;
            t.false_holds += ref.verdict == Verdict::Violated && r.verdict == Verdict::Holds;
            if (unsound) continue;
            CHECK(same);
            if (r.verdict != Verdict::Violated) continue;
            REQUIRE(r.trace.has_value());
            const auto states = replay(model, *r.trace);
            REQUIRE(!states.empty());
            CHECK(model.violation(states.back()) == r.property);
        }
    }
}

struct LibraryCase {
    const char* name;
    Config config;
    Reduction reduce;
};

Reduction por_only() { return Reduction{false, true}; }

// Held and violated, exact and reduced, crash and Byzantine.
const std::vector<LibraryCase>& library() {
    static const std::vector<LibraryCase> cases = {
        {"bracha", test::config(FaultModel::Byzantine, 5, 1, 2), por_only()},
        {"bracha", test::config(FaultModel::Byzantine, 7, 2, 1), Reduction{}},
        {"eager", test::config(FaultModel::Crash, 6), por_only()},
        {"eager", test::config(FaultModel::Crash, 4), test::kNoReduction},
        {"paper-fig3", test::config(FaultModel::Byzantine, 4, 1, 1), test::kNoReduction},
        {"paper-fig3", test::config(FaultModel::Byzantine, 7, 2, 1), por_only()},
        {"paper-fig3", test::config(FaultModel::Byzantine, 5, 1, 2), Reduction{}},
        {"imbs-raynal", test::config(FaultModel::Byzantine, 4, 1, 2), Reduction{}},
        {"best-effort", test::config(FaultModel::Crash, 5), test::kNoReduction},
        {"best-effort", test::config(FaultModel::Crash, 4), por_only()},
    };
    return cases;
}

Tally sweep_library(bool unsound) {
    Tally t;
    for (const LibraryCase& c : library()) {
        CAPTURE(c.name);
        CAPTURE(c.config.str());
        CAPTURE(c.reduce.str());
        sweep(Model(test::shipped(c.name), c.config), c.reduce, kLibrary, unsound, t);
    }
    return t;
}

}  // namespace

TEST_CASE("the parallel search goes on from where the breadth-first pass stopped") {
    const Tally t = sweep_library(false);
    MESSAGE("compared ", t.compared, ", resumed ", t.resumed);
    CHECK(t.capped == 0);
    CHECK(t.compared >= 150);
    CHECK(t.resumed >= t.compared / 2);  // the hand-off, not a restart, was tested
    CHECK(t.differ == 0);
}

TEST_CASE("candidates of the whole language: the hand-off keeps verdicts and counts") {
    soundness::Options o;
    Tally t;
    for (std::uint64_t seed = 1; seed <= 150; ++seed) {
        const soundness::Candidate c = soundness::draw(seed, o);
        CAPTURE(seed);
        CAPTURE(c.origin);
        CAPTURE(c.config.str());
        const Model model(c.algorithm, c.config);
        sweep(model, Reduction{}, kCandidates, false, t);
    }
    MESSAGE("compared ", t.compared, ", resumed ", t.resumed, ", capped ", t.capped);
    CHECK(t.resumed >= 300);
    CHECK(t.capped <= t.compared / 50);
    CHECK(t.differ == 0);
}

TEST_CASE("a hand-off that drops a state is caught") {
    const Tally t = sweep_library(true);
    MESSAGE("unsound hand-off: ", t.differ, " of ", t.compared, " differ, ", t.false_holds, " false holds");
    CHECK(t.differ > 0);
    CHECK(t.false_holds > 0);
}
