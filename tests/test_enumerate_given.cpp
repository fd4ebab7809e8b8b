// Counterexamples given to the enumeration (`--counterexample`): the
// shipped N = 7 trace (docs/evidence/mixed-ready-n7.json) rejects the six
// cost-38 classes that the F = 2 enumeration left incomplete, and never a
// correct algorithm; in an enumeration it only ever rejects, keeps every
// other verdict, and changes the settings a checkpoint must match.
#include <fstream>

#include <doctest/doctest.h>

#include "enumerate/enumeration.hpp"
#include "explorer/check.hpp"
#include "learner/cex_pool.hpp"
#include "learner/validator.hpp"
#include "model/error.hpp"
#include "tiny_vocabulary.hpp"

using namespace rbsynth;

namespace {

const std::string kTrace = std::string(RBSYNTH_ALGORITHMS) + "/../docs/evidence/mixed-ready-n7.json";

Counterexample shipped_trace() {
    std::ifstream in(kTrace);
    REQUIRE(in);
    return counterexample_from_trace(nlohmann::json::parse(in), kTrace, 3);
}

// The learned form shared by the six classes: READY (T2) sent `to others`
// on ECHO (T1) and `to all` on READY.
Algorithm mixed_ready(const std::string& echo, const std::string& amplify, const std::string& deliver) {
    return parse_algorithm("algorithm learned\ntypes T0 T1 T2\non broadcast:\n  send T0 to all\non receive:\n"
                           "  send T1 to all if received T0 from 1\n  send T2 to others if received T1 from " + echo +
                               "\n  send T2 to all if received T2 from " + amplify +
                               "\n  deliver if received T2 from " + deliver + "\n",
                           "mixed-ready");
}

}  // namespace

TEST_CASE("given counterexample: the N = 7 trace rejects the six undecided cost-38 classes, not Bracha's shape") {
    const Counterexample cex = shipped_trace();
    CHECK(cex.config.n == 7);
    CHECK(cex.config.f == 2);
    CHECK(cex.byzantine == 0b1000001u);  // p0 (the equivocating sender) and p6
    for (const char* echo : {"N-F", "ceil((N+F+1)/2)"})
        for (const auto& [amplify, deliver] :
             std::vector<std::pair<std::string, std::string>>{{"F+1", "F+1"}, {"F+1", "N-2F"}, {"N-2F", "N-2F"}}) {
            const Algorithm alg = mixed_ready(echo, amplify, deliver);
            INFO(to_string(alg));
            CHECK(replay_counterexample(Model(alg, cex.config), cex) == Property::Agreement);
        }
    // Correct algorithms: Bracha, and class 54225 of the F = 2 enumeration
    // (READY to all on N-F ECHO; docs/enumerate.md, "What was proven").
    for (const Algorithm& alg : {canonical_candidate(load_algorithm(std::string(RBSYNTH_ALGORITHMS) + "/bracha.alg")),
                                 parse_algorithm("algorithm learned\ntypes T0 T1 T2\non broadcast:\n  send T0 to all\n"
                                                 "on receive:\n  send T1 to all if received T0 from 1\n"
                                                 "  send T2 to all if received T1 from N-F\n"
                                                 "  send T2 to all if received T2 from F+1\n"
                                                 "  deliver if received T2 from 2F+1\n",
                                                 "correct")}) {
        INFO(to_string(alg));
        bool skipped = true;
        CHECK(replay_counterexample(Model(alg, cex.config), cex, &skipped) == Property::None);
        CHECK_FALSE(skipped);  // every step is enabled: the trace runs, and finds nothing
    }
}

TEST_CASE("given counterexample: a malformed trace or an unknown type is an input error naming the file") {
    const nlohmann::json good = [] {
        std::ifstream in(kTrace);
        return nlohmann::json::parse(in);
    }();
    CHECK_THROWS_WITH_AS(counterexample_from_trace(good, "t.json", 2), doctest::Contains("t.json"), Error);  // T2
    nlohmann::json bad = good;
    bad["steps"][0]["process"] = 9;
    CHECK_THROWS_WITH_AS(counterexample_from_trace(bad, "t.json", 3), doctest::Contains("t.json"), Error);
    bad = good;
    bad.erase("n");
    CHECK_THROWS_WITH_AS(counterexample_from_trace(bad, "t.json", 3), doctest::Contains("t.json"), Error);
}

TEST_CASE("given counterexample: in an enumeration it only rejects, and every other verdict is the validator's") {
    LearnerOptions o = test::tiny_vocabulary(FaultModel::Byzantine, 3, 3, 2);
    o.types = 3;
    o.validate = {4};
    o.finish();
    EnumerateOptions own, none;
    own.quick_states = none.quick_states = 0;  // the quick rejection comes first: off, so that the trace meets every class
    own.counterexamples = {shipped_trace()};
    const Enumeration given(o, own), plain(o, none);
    CHECK(given.settings() != plain.settings());  // a checkpoint of one does not resume the other
    QuickRejecter a = given.scratch(), b = plain.scratch();
    std::size_t rejected = 0;
    for (std::size_t i = 0; i < given.classes(); ++i) {
        const ClassResult g = given.evaluate(i, a), p = plain.evaluate(i, b);
        INFO("class ", i, ": ", to_string(given.language().algorithm(i)));
        if (g.by_counterexample) {
            ++rejected;
            CHECK(g.verdict == Verdict::Violated);
            CHECK(g.failed_n == 7);
            const Model model(given.language().algorithm(i), own.counterexamples[0].config);
            CHECK(replay_counterexample(model, own.counterexamples[0]) == g.property);
            // Independently, for every 46th: the explorer at N = 7 never finds it correct.
            if (rejected % 46 == 1) {
                ExplorerOptions e;
                e.threads = 1;
                e.max_states = 20000;
                CHECK(check(model, e).verdict != Verdict::Holds);
            }
        } else {
            CHECK(g.verdict == p.verdict);
            CHECK(g.property == p.property);
            CHECK(g.cost == p.cost);
        }
    }
    CHECK(rejected > 0);
    // The mark survives a checkpoint.
    ClassResult r;
    r.verdict = Verdict::Violated, r.property = Property::Agreement, r.failed_n = 7, r.by_counterexample = true;
    const auto back = results_from_json(results_to_json({{3, r}}));
    REQUIRE(back.size() == 1);
    CHECK(back[0].second.by_counterexample);
    CHECK(back[0].second.failed_n == 7);
    CHECK(back[0].second.property == Property::Agreement);
}
