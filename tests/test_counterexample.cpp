// Counterexamples: each one replays in the model to the violation it
// claims, is a shortest one, survives the JSON round trip, and a tampered
// trace is rejected at the step that was changed.
#include <doctest/doctest.h>

#include <optional>

#include "explorer/check.hpp"
#include "explorer/counterexample.hpp"
#include "explorer/trace_json.hpp"
#include "helpers.hpp"
#include "model/random_algorithm.hpp"

using namespace rbsynth;

namespace {

const Reduction kPor{false, true}, kAll{true, true};

void check_replays(const Model& model, const Trace& trace) {
    int failed = -1;
    const auto states = replay(model, trace, &failed);
    REQUIRE(failed == -1);
    REQUIRE(states.size() == trace.steps.size() + 1);
    CHECK(model.violation(states.back()) == trace.property);
    // It ends at the first state that violates its property (a shortest
    // trace is given only when its search is cheap: docs/reductions.md).
    for (std::size_t i = 0; i + 1 < states.size(); ++i) CHECK(model.violation(states[i]) != trace.property);
}

}  // namespace

TEST_CASE("counterexamples of the library replay to their violation") {
    struct Case {
        const char* alg;
        Config config;
        std::size_t steps;
    };
    const Case cases[] = {
        // p0 broadcasts, crashes, p1 receives from the crashed p0 and delivers.
        {"best-effort", test::config(FaultModel::Crash, 3), 3},
        // A Byzantine p1 hands p0 RELAY(0) before the broadcast.
        {"eager", test::config(FaultModel::Byzantine, 4, 1, 2), 1},
        {"paper-fig3", test::config(FaultModel::Byzantine, 4, 1, 2), 0},
        {"imbs-raynal", test::config(FaultModel::Byzantine, 4, 1, 2), 9},
        {"bracha", test::config(FaultModel::Crash, 3), 0},
    };
    for (const Case& c : cases) {
        CAPTURE(c.alg);
        const Model model(test::shipped(c.alg), c.config);
        for (int threads : {1, 2}) {
            const CheckResult r = test::run(model, threads);
            REQUIRE(r.trace.has_value());
            check_replays(model, *r.trace);
            if (c.steps) CHECK(r.trace->steps.size() == c.steps);
            const Trace back = trace_from_json(model, trace_to_json(model, *r.trace), "t.json");
            CHECK(back.steps == r.trace->steps);
            CHECK(back.initial == r.trace->initial);
            CHECK(back.property == r.trace->property);
        }
    }
}

TEST_CASE("the counterexample is the same for 1 and 2 threads") {
    const Model model(test::shipped("paper-fig3"), test::config(FaultModel::Byzantine, 4, 1, 2));
    const CheckResult a = test::run(model, 1), b = test::run(model, 2);
    REQUIRE(a.trace.has_value());
    REQUIRE(b.trace.has_value());
    CHECK(a.trace->steps == b.trace->steps);
    CHECK(a.property == b.property);
}

// The breadth-first pass expands a level's states on every thread and adds
// their successors in the level's order (explorer/level_expand.hpp): its
// counts, its limits and its trace must not depend on the thread count.
TEST_CASE("the breadth-first pass is the same for 1 and 2 threads") {
    struct Case {
        const char* alg;
        Config config;
        Reduction reduce;
        std::uint64_t max_states;
    };
    const Case cases[] = {
        {"bracha", test::config(FaultModel::Byzantine, 7, 2, 2), kAll, 0},
        {"eager", test::config(FaultModel::Crash, 7), kAll, 0},
        {"imbs-raynal", test::config(FaultModel::Byzantine, 4, 1, 2), kAll, 0},
        {"imbs-raynal", test::config(FaultModel::Byzantine, 4, 1, 2), test::kNoReduction, 0},
        {"paper-fig3", test::config(FaultModel::Byzantine, 7, 2, 1), kPor, 0},
        {"bracha", test::config(FaultModel::Byzantine, 4, 1, 1), test::kNoReduction, 30'000},
    };
    for (const Case& c : cases) {
        CAPTURE(c.alg);
        CAPTURE(c.config.str());
        CAPTURE(c.reduce.str());
        const Model model(test::shipped(c.alg), c.config);
        std::optional<CounterexampleOutcome> first;
        for (int threads : {1, 2}) {
            CAPTURE(threads);
            ExplorerOptions o;
            o.threads = threads;
            o.reduce = c.reduce;
            o.max_states = c.max_states;
            const CounterexampleOutcome r = shortest_counterexample(model, o);
            CHECK(r.limit == (c.max_states ? Limit::States : Limit::None));
            if (!first) {
                first = r;
                continue;
            }
            CHECK(r.complete == first->complete);
            CHECK(r.stats.states == first->stats.states);
            CHECK(r.stats.transitions == first->stats.transitions);
            CHECK(r.stats.fair_terminal == first->stats.fair_terminal);
            REQUIRE(r.trace.has_value() == first->trace.has_value());
            if (!r.trace) continue;
            CHECK(r.trace->initial == first->trace->initial);
            CHECK(r.trace->steps == first->trace->steps);
            CHECK(r.trace->property == first->trace->property);
        }
        REQUIRE(first.has_value());
        CHECK((first->complete || first->trace || c.max_states));
    }
}

// The parallel search on two threads, going on from the breadth-first
// pass's store and frontier (SearchSeed): the counts of the search with no
// pass (tests/test_handoff.cpp has the sweep over budgets and candidates;
// this one runs under ThreadSanitizer, tests/tsan/run).
TEST_CASE("two threads go on from where the breadth-first pass stopped") {
    const Model model(test::shipped("bracha"), test::config(FaultModel::Byzantine, 5, 1, 2));
    ExplorerOptions o;
    o.threads = 2;
    o.reduce = kPor;
    o.hunt = false;
    o.breadth_first_states = 0;
    const CheckResult ref = check(model, o);
    REQUIRE(ref.verdict == Verdict::Holds);
    CHECK(ref.stats.resumed == 0);
    for (std::uint64_t budget : {1, 60, 200}) {
        CAPTURE(budget);
        o.breadth_first_states = budget;
        const CheckResult r = check(model, o);
        CHECK(r.verdict == Verdict::Holds);
        CHECK(r.stats.resumed > budget);
        CHECK(r.stats.states == ref.stats.states);
        CHECK(r.stats.transitions == ref.stats.transitions);
        CHECK(r.stats.fair_terminal == ref.stats.fair_terminal);
    }
}

TEST_CASE("counterexamples of random algorithms replay") {
    int seen = 0;
    for (std::uint64_t seed = 500; seed < 600; ++seed) {
        const Algorithm alg = random_algorithm(seed);
        const Model model(alg, seed % 2 ? test::config(FaultModel::Crash, 4) : test::config(FaultModel::Byzantine, 4, 1, 2));
        ExplorerOptions o;
        o.threads = 2;
        o.max_states = 2'000'000;
        const CheckResult r = check(model, o);
        if (!r.trace) continue;
        CAPTURE(to_string(alg));
        check_replays(model, *r.trace);
        ++seen;
    }
    CHECK(seen >= 30);
}

TEST_CASE("a tampered trace is rejected at the step that was changed") {
    const Model model(test::shipped("imbs-raynal"), test::config(FaultModel::Byzantine, 4, 1, 2));
    const CheckResult r = test::run(model, 2);
    REQUIRE(r.trace.has_value());
    const Trace good = *r.trace;
    REQUIRE(good.steps.size() >= 6);
    for (std::size_t k = 0; k < good.steps.size(); ++k) {
        CAPTURE(k);
        Trace bad = good;
        // Receiving the same message twice is never enabled: repeat step k.
        bad.steps.insert(bad.steps.begin() + static_cast<long>(k) + 1, good.steps[k]);
        int failed = -1;
        CHECK(replay(model, bad, &failed).empty());
        CHECK(failed == static_cast<int>(k) + 1);
    }
    // A step taken by a process that the trace says is Byzantine.
    Trace bad = good;
    Step& s = bad.steps[2];
    for (int b = 0; b < model.config().n; ++b)
        if (model.is_byzantine(good.initial, b)) s.process = static_cast<std::uint8_t>(b);
    REQUIRE(model.is_byzantine(good.initial, s.process));
    int failed = -1;
    CHECK(replay(model, bad, &failed).empty());
    CHECK(failed == 2);
    // Dropping the last step leaves a state that violates nothing.
    Trace shorter = good;
    shorter.steps.pop_back();
    const auto states = replay(model, shorter);
    REQUIRE_FALSE(states.empty());
    CHECK(model.violation(states.back()) == Property::None);
}

TEST_CASE("without the shortest search, the trace is a path to the violating state the search met") {
    // Issue #13: a violation found in milliseconds must not wait minutes for
    // its shortest trace. With no budget for the breadth-first search, the
    // trace comes from the state the parallel search met
    // (src/explorer/witness.cpp); it replays, and ends at the first state
    // that violates the reported property.
    const char* text = R"(algorithm crash-two-phase
types MSG R1 R2
on broadcast:
  send MSG to others
on receive:
  send R1 to all if received MSG from 1
  send R2 to all if received R1 from N-F
  send R1 to others if received R1 from 1
  deliver if received R2 from N-F
  deliver if received R1 from N-1
)";
    const Algorithm alg = parse_algorithm(text, "crash-two-phase.alg");
    for (const Reduction red : {test::kNoReduction, Reduction{true, true}}) {
        CAPTURE(red.str());
        const Model model(alg, test::config(FaultModel::Crash, 5, 2));
        ExplorerOptions o;
        o.threads = 2;
        o.reduce = red;
        o.breadth_first_states = 0;
        o.shortest_budget_states = 1;
        o.hunt = false;
        const CheckResult r = check(model, o);
        CHECK(r.verdict == Verdict::Violated);
        // Agreement, not the Validity violation met first: the first of
        // Integrity, Agreement, Validity that some reachable state violates.
        CHECK(r.property == Property::Agreement);
        REQUIRE(r.trace.has_value());
        check_replays(model, *r.trace);
    }
}

TEST_CASE("the exact search hunting beside the reduced one changes no verdict or property") {
    for (const char* name : {"best-effort", "eager", "paper-fig3", "imbs-raynal"})
        for (FaultModel faults : {FaultModel::Crash, FaultModel::Byzantine}) {
            CAPTURE(name);
            const Model model(test::shipped(name), test::config(faults, 4, -1, faults == FaultModel::Byzantine ? 2 : -1));
            ExplorerOptions o;
            o.threads = 2;
            o.breadth_first_states = 0;
            o.hunt = false;
            const CheckResult plain = check(model, o);
            o.hunt = true;
            o.hunt_after = 0;
            const CheckResult hunted = check(model, o);
            CHECK(plain.verdict == hunted.verdict);
            CHECK(plain.property == hunted.property);
            if (hunted.trace) check_replays(model, *hunted.trace);
        }
}
