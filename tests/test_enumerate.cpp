// The enumeration library: the language's size pinned on vocabularies small
// enough to count by hand, the known optima found, and reports identical for
// every thread count and after a checkpoint and resume.
#include <set>

#include <doctest/doctest.h>

#include <fmt/core.h>

#include "enumerate/driver.hpp"
#include "enumerate/report.hpp"
#include "learner/heuristics.hpp"
#include "learner/reward.hpp"
#include "learner/validator.hpp"
#include "model/random_algorithm.hpp"
#include "tiny_vocabulary.hpp"

using namespace rbsynth;

namespace {

void run_all(Enumeration& e, int threads) {
    ChunkQueue queue(e.todo(), threads);
    run_threads(e, queue, threads, DriverHooks{});
}

nlohmann::json report_without_time(const Enumeration& e) {
    nlohmann::json j = enumeration_report(e, summarize(e), 0);
    j.erase("seconds");
    return j;
}

std::string canonical_text(const std::string& file) {
    return to_string(canonical_candidate(load_algorithm(std::string(RBSYNTH_ALGORITHMS) + "/" + file)));
}

}  // namespace

TEST_CASE("enumerate: the language of 2 types, threshold 1 and 2 receive rules has 18 candidates in 18 classes") {
    // Per broadcast target (all, others): [deliver T0] alone; or one of the
    // 4 sends of T1 (to all/others, unguarded or guarded by T0 from 1; a
    // guard on T1 needs a rule that sends T1 first) followed by deliver on
    // T0 or on T1 (deliver-required fills the last slot with a deliver): 1 +
    // 4 * 2 = 9. No two of the 18 differ only in type names or rule order.
    const Enumeration e(test::tiny_vocabulary(FaultModel::None, 2, 1));
    CHECK(e.language().stats().candidates == 18);
    CHECK(e.classes() == 18);
    CHECK(e.language().vocabulary().size() == 2 + 2 * 3 + 2 + 1);
}

TEST_CASE("enumerate: classes merge candidates that differ only in type names") {
    // With 3 types, per broadcast target: [deliver T0], or one of 8 sends
    // (T1 or T2, to all/others, unguarded or guarded by T0 from 1) and a
    // deliver on T0 or on the type sent: 1 + 8 * 2 = 17, 34 candidates. A
    // send of T2 is a send of T1 renamed (canonical_candidate renumbers the
    // types used), so the classes are the 18 of the 2-type language.
    LearnerOptions o = test::tiny_vocabulary(FaultModel::None, 2, 1);
    o.types = 3;
    o.finish();
    const Enumeration e(o);
    CHECK(e.language().stats().candidates == 34);
    CHECK(e.classes() == 18);
}

TEST_CASE("enumerate: the classes are exactly the learner's cache keys (canonical texts)") {
    // Every complete candidate an episode can build, found independently by
    // walking allowed_actions, grouped by canonical_candidate's text (the
    // validation cache's key): as many groups as classes, and the classes'
    // representatives fall in distinct groups.
    LearnerOptions o = test::tiny_vocabulary(FaultModel::Byzantine, 3, 2);
    o.types = 3;
    o.finish();
    const Enumeration e(o);
    const Vocabulary& vocab = e.language().vocabulary();
    std::set<std::string> texts;
    std::vector<PartialAlgorithm> stack{PartialAlgorithm{}};
    while (!stack.empty()) {
        PartialAlgorithm p = stack.back();
        stack.pop_back();
        if (p.complete()) {
            texts.insert(to_string(canonical_candidate(p.algorithm(vocab))));
            continue;
        }
        for (int a : allowed_actions(vocab, p, o)) {
            PartialAlgorithm child = p;
            child.add(vocab, a, o.max_rules);
            stack.push_back(child);
        }
    }
    CHECK(texts.size() == e.classes());
    std::set<std::string> reps;
    for (std::size_t i = 0; i < e.classes(); ++i) reps.insert(to_string(e.language().algorithm(i)));
    CHECK(reps == texts);
}

TEST_CASE("enumerate: no faults, the optimum is best-effort's cost") {
    Enumeration e(test::tiny_vocabulary(FaultModel::None, 2, 2));
    run_all(e, 2);
    const EnumerationSummary s = summarize(e);
    REQUIRE(e.complete());
    CHECK(s.incomplete == 0);
    const Algorithm best_effort = canonical_candidate(load_algorithm(std::string(RBSYNTH_ALGORITHMS) + "/best-effort.alg"));
    const Cost cost = measure_cost(best_effort, e.options());
    REQUIRE(s.least_cost);
    CHECK(*s.least_cost == cost.value);
    bool found = false;
    for (std::uint32_t i : s.least) found |= to_string(e.language().algorithm(i)) == to_string(best_effort);
    CHECK(found);
    // Cheaper is impossible: cost.messages == N - 1, one step, threshold 1.
    CHECK(cost.messages == e.options().learn_n - 1);
    CHECK(cost.steps == 1);
}

TEST_CASE("enumerate: crash faults, the optimum is eager's cost") {
    // Validated at N = 3 and 4 (N = 5 adds minutes, not classes decided).
    LearnerOptions o = test::tiny_vocabulary(FaultModel::Crash, 4, 1);
    o.validate = {3, 4};
    Enumeration e(o);
    run_all(e, 2);
    const EnumerationSummary s = summarize(e);
    REQUIRE(e.complete());
    CHECK(e.classes() == 250);
    // Some relaying classes outgrow the 10,000-state budget; each sends
    // relays, so its failure-free cost is at least eager's: the optimum is
    // proven all the same.
    CHECK(s.optimum_proven());
    const std::string eager = canonical_text("eager.alg");
    const Cost cost = measure_cost(canonical_candidate(load_algorithm(std::string(RBSYNTH_ALGORITHMS) + "/eager.alg")),
                                   e.options());
    REQUIRE(s.least_cost);
    CHECK(*s.least_cost == cost.value);
    bool found = false;
    for (std::uint32_t i : s.least) found |= to_string(e.language().algorithm(i)) == eager;
    CHECK(found);
}

TEST_CASE("enumerate: the report is the same for 1 and 2 threads and after a checkpoint and resume") {
    const LearnerOptions o = test::tiny_vocabulary(FaultModel::Byzantine, 2, 2);
    Enumeration one(o), two(o), first_half(o);
    run_all(one, 1);
    run_all(two, 2);
    CHECK(report_without_time(one) == report_without_time(two));
    // Half the classes (every other one), a checkpoint, and the rest after a resume.
    std::vector<std::uint32_t> half;
    for (std::uint32_t i = 0; i < first_half.classes(); i += 2) half.push_back(i);
    ChunkQueue queue(half, 1);
    run_threads(first_half, queue, 1, DriverHooks{});
    CHECK(!first_half.complete());
    const nlohmann::json doc = nlohmann::json::from_msgpack(nlohmann::json::to_msgpack(first_half.checkpoint()));
    Enumeration resumed(o);
    resumed.resume(doc, "checkpoint");
    CHECK(resumed.done() == half.size());
    CHECK(resumed.todo().size() == resumed.classes() - half.size());
    run_all(resumed, 2);
    CHECK(report_without_time(resumed) == report_without_time(one));
}

TEST_CASE("enumerate: a checkpoint of other settings is refused") {
    Enumeration a(test::tiny_vocabulary(FaultModel::None, 2, 1)), b(test::tiny_vocabulary(FaultModel::Crash, 2, 1));
    CHECK_THROWS_AS(b.resume(a.checkpoint(), "a.msgpack"), Error);
    CHECK_THROWS_AS(b.resume(nlohmann::json{{"settings", 1}}, "junk"), Error);
}

TEST_CASE("enumerate: the quick rejection only rejects, and every other verdict is the validator's") {
    // Byzantine faults with V = 2 (stubborn sets) and crash faults (their
    // own persistent sets): every class the quick search rejects is one
    // the validator finds violated or runs out of budget on (never holds);
    // every class it passes on gets the validator's own result.
    LearnerOptions o;
    SUBCASE("byzantine, V = 2") {
        o = test::tiny_vocabulary(FaultModel::Byzantine, 3, 2);
        o.types = 3;
    }
    SUBCASE("crash") {
        o = test::tiny_vocabulary(FaultModel::Crash, 3, 2);
        o.validate = {3, 4};
    }
    o.finish();
    const Enumeration quick(o), plain(o, EnumerateOptions{.quick_states = 0});
    QuickRejecter scratch = quick.scratch();
    std::size_t rejected = 0;
    for (std::size_t i = 0; i < quick.classes(); ++i) {
        const ClassResult q = quick.evaluate(i, scratch), v = plain.evaluate(i);
        INFO("class ", i, ": ", to_string(quick.language().algorithm(i)));
        if (q.verdict == Verdict::Violated && q.checks == 0 && !q.input_error) {
            ++rejected;
            CHECK(v.verdict != Verdict::Holds);
            CHECK(q.failed_n == o.validate.front());
        } else {
            CHECK(q.verdict == v.verdict);
            CHECK(q.property == v.property);
            CHECK(q.cost == v.cost);
        }
    }
    CHECK(rejected > quick.classes() / 2);  // most wrong classes never reach the explorer
}

TEST_CASE("enumerate: a step bound leaves out exactly the classes with more failure-free steps") {
    LearnerOptions o = test::tiny_vocabulary(FaultModel::Byzantine, 3, 3);
    o.values = 1;  // a non-equivocating sender: some classes are correct
    Enumeration all(o), bounded(o, EnumerateOptions{.max_steps = 1});
    run_all(all, 2);
    run_all(bounded, 2);
    const auto a = all.snapshot(), b = bounded.snapshot();
    REQUIRE(a.size() == b.size());
    std::size_t over = 0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        const ClassResult &x = a[k].second, &y = b[k].second;
        const Cost cost = measure_cost(all.language().algorithm(k), o);
        INFO("class ", k);
        CHECK(y.over_bound == (cost.valid && cost.steps > 1));
        if (y.over_bound) {
            ++over;
            continue;
        }
        CHECK(x.verdict == y.verdict);
        CHECK(x.property == y.property);
    }
    const EnumerationSummary s = summarize(bounded), u = summarize(all);
    CHECK(s.over_bound == over);
    CHECK(over > 0);
    CHECK(s.holds + s.violated + s.incomplete + s.over_bound == bounded.classes());
    // Pinned: 1,214 classes, 6 correct, all of 2 steps or more, and 359
    // classes of more than one step; so within one step none is correct
    // and none is left open.
    CHECK(all.classes() == 1214);
    CHECK(u.holds == 6);
    CHECK(over == 359);
    REQUIRE(u.least_steps);
    CHECK(*u.least_steps == 2);
    CHECK(u.least_steps_proven());
    CHECK(s.holds == 0);
    CHECK(s.incomplete == 0);
    const nlohmann::json report = report_without_time(bounded);
    CHECK(report.at("max_steps") == 1);
    CHECK(report.at("over_bound") == over);
    // The bound survives a checkpoint.
    Enumeration resumed(o, EnumerateOptions{.max_steps = 1});
    resumed.resume(nlohmann::json::from_msgpack(nlohmann::json::to_msgpack(bounded.checkpoint())), "checkpoint");
    CHECK(report_without_time(resumed) == report);
    CHECK_THROWS_AS(all.resume(bounded.checkpoint(), "bounded"), Error);
}

TEST_CASE("enumerate: a cost bound at the least cost finds the same optimum, proven for the whole language") {
    LearnerOptions o = test::tiny_vocabulary(FaultModel::Byzantine, 3, 3);
    o.values = 1;
    Enumeration all(o);
    run_all(all, 2);
    const EnumerationSummary u = summarize(all);
    REQUIRE(u.least_cost);
    REQUIRE(u.optimum_proven());
    Enumeration bounded(o, EnumerateOptions{.max_cost = *u.least_cost});
    run_all(bounded, 2);
    const EnumerationSummary s = summarize(bounded);
    CHECK(s.over_bound > 0);
    REQUIRE(s.least_cost);
    CHECK(*s.least_cost == *u.least_cost);
    CHECK(s.least == u.least);
    const nlohmann::json report = report_without_time(bounded);
    CHECK(report.at("optimum_proven_without_bound") == true);
    CHECK(report.at("max_cost") == *u.least_cost);
    // Below the least cost nothing is correct: no optimum, none claimed.
    Enumeration below(o, EnumerateOptions{.max_cost = *u.least_cost - 1});
    run_all(below, 2);
    CHECK(summarize(below).holds == 0);
    CHECK(report_without_time(below).at("optimum_proven_without_bound") == false);
}
