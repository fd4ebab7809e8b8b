// Counterexample reuse (src/learner/cex_pool.hpp) and the F = 2 final
// size: a replay only ever rejects, and what it rejects a full search
// rejects too; the final size refutes the reference paper's Fig. 3; learned
// runs with the pool are the same for every thread count and after a
// checkpoint.
#include <algorithm>
#include <memory>

#include <doctest/doctest.h>

#include "helpers.hpp"
#include "learner/learner.hpp"
#include "learner/minimise.hpp"
#include "model/random_algorithm.hpp"

namespace rbsynth {
namespace {

LearnerOptions byzantine(int values, std::vector<int> validate, bool final_size) {
    LearnerOptions o;
    o.faults = FaultModel::Byzantine;
    o.values = values;
    o.validate = std::move(validate);
    o.final_default = final_size;
    o.threads = 1;
    o.finish();
    return o;
}

std::vector<Config> configs_of(const LearnerOptions& o) {
    std::vector<Config> out;
    for (int n : o.validate) out.push_back(test::config(o.faults, n, -1, o.values));
    return out;
}

}  // namespace

TEST_CASE("a replay rejects only what a full search rejects, and never a correct candidate") {
    // N = 4, V = 2: small enough for a full search of every candidate.
    LearnerOptions o = byzantine(2, {4}, false);
    LearnerOptions full = o;
    full.candidate_states = 10'000'000;
    CounterexamplePool pool;
    const Algorithm bracha = test::shipped("bracha");
    int replayed = 0, holds = 0, searched_violations = 0;
    for (std::uint64_t seed = 1; seed <= 300; ++seed) {
        // Random candidates, and neighbours of Bracha (often still correct).
        const Algorithm alg =
            canonical_candidate(seed % 2 ? random_algorithm(seed) : mutate_algorithm(bracha, seed));
        CheckCounters spent;
        const CandidateResult with = validate_candidate(alg, o, spent, &pool);
        const CandidateResult truth = validate_candidate(alg, full, spent);
        INFO(seed, "\n", to_string(alg));
        REQUIRE(truth.verdict != Verdict::Incomplete);
        if (with.rejection == Rejection::Replay) {
            ++replayed;
            CHECK(truth.verdict == Verdict::Violated);
        }
        if (with.verdict != Verdict::Incomplete) CHECK(with.verdict == truth.verdict);
        holds += truth.verdict == Verdict::Holds;
        searched_violations += with.rejection == Rejection::Search;
    }
    MESSAGE(replayed, " rejected by replay, ", searched_violations, " by search, ", holds, " correct, ",
            pool.size(), " counterexamples kept");
    CHECK(replayed > 50);  // the pool does the work it is there for
    CHECK(holds > 5);      // and correct candidates were among those replayed on
    CHECK(pool.size() == static_cast<std::size_t>(searched_violations));
    CHECK_FALSE(pool.reject(canonical_candidate(bracha), configs_of(o)));
}

TEST_CASE("a kept counterexample rejects a known-bad relative, is skipped where a step is not enabled, and survives "
          "a checkpoint") {
    LearnerOptions o = byzantine(2, {4}, false);
    CounterexamplePool pool;
    CheckCounters spent;
    // The reference paper's Fig. 3: an equivocating sender splits the delivered values.
    const Algorithm fig3 = canonical_candidate(test::shipped("paper-fig3"));
    const CandidateResult first = validate_candidate(fig3, o, spent, &pool);
    CHECK(first.verdict == Verdict::Violated);
    CHECK(first.rejection == Rejection::Search);
    REQUIRE(pool.size() == 1);
    // The same algorithm delivering on fewer T1 messages is just as wrong:
    // rejected by the replay, without a search.
    Algorithm weaker = fig3;
    weaker.on_receive.back().guard->threshold = Expr::num(1);
    const auto checks = spent.checks;
    const CandidateResult second = validate_candidate(canonical_candidate(weaker), o, spent, &pool);
    CHECK(second.verdict == Verdict::Violated);
    CHECK(second.rejection == Rejection::Replay);
    CHECK(spent.checks == checks);
    // A candidate without T1 cannot take the trace's T1 steps: skipped, no verdict.
    const Algorithm one_type = parse_algorithm(
        "algorithm a\ntypes T0\non broadcast:\n  send T0 to all\non receive:\n  deliver if received T0 from 1\n", "a");
    const PoolCounters before = pool.counters();
    CHECK_FALSE(pool.reject(canonical_candidate(one_type), configs_of(o)));
    CHECK(pool.counters().skipped == before.skipped + 1);
    CounterexamplePool copy;
    copy.from_json(nlohmann::json::parse(pool.to_json().dump()), "saved.json");
    CHECK(copy.to_json() == pool.to_json());
    CHECK(copy.reject(canonical_candidate(weaker), configs_of(o)));
    CHECK_THROWS_AS(copy.from_json(nlohmann::json::parse(R"([{"faults":"byzantine"}])"), "bad.json"), Error);
}

TEST_CASE("the F = 2 size rejects the reference paper's Fig. 3, correct at N = 4..6 under V = 1") {
    const Algorithm fig3 = canonical_candidate(test::shipped("paper-fig3"));
    CheckCounters spent;
    const CandidateResult small = validate_candidate(fig3, byzantine(1, {4, 5, 6}, false), spent);
    CHECK(small.verdict == Verdict::Holds);
    const LearnerOptions o = byzantine(1, {4, 5, 6}, true);
    REQUIRE(o.final_validate == std::vector<int>{7});
    CounterexamplePool pool;
    const CandidateResult r = validate_candidate(fig3, o, spent, &pool);
    CHECK(r.verdict == Verdict::Violated);
    CHECK(r.failed_n == 7);
    // Its counterexample at N = 7 is kept, and rejects it again by replay.
    const CandidateResult again = validate_candidate(fig3, o, spent, &pool);
    CHECK(again.rejection == Rejection::Replay);
    CHECK(again.failed_n == 7);
}

TEST_CASE("Byzantine V = 2 learning with the pool: the same run for 1 and 2 threads and after a checkpoint") {
    LearnerOptions o;
    o.episodes = 1500;
    o.threads = 1;
    o.final_default = true;
    o.heuristics.types_in_order = o.heuristics.sender_guard_one = true;
    o.finish();  // the defaults of `rbsynth learn`: byzantine, V = 2, N = 4,5,6 then 7
    auto run = [](const LearnerOptions& opt, int stop_at, const nlohmann::json* resume) {
        auto l = std::make_unique<Learner>(opt);
        if (resume) l->resume(*resume, "saved.json");
        while (!l->done() && l->stats().episodes != stop_at) l->episode();
        return l;
    };
    const auto one = run(o, -1, nullptr);
    LearnerOptions two_threads = o;
    two_threads.threads = 2;
    const auto two = run(two_threads, -1, nullptr);
    const auto half = run(o, 611, nullptr);
    const nlohmann::json saved = nlohmann::json::parse(half->checkpoint().dump());
    const auto resumed = run(o, -1, &saved);
    nlohmann::json a = one->checkpoint(), b = two->checkpoint(), c = resumed->checkpoint();
    CHECK(a["counterexamples"].size() > 0);
    for (nlohmann::json* doc : {&a, &b, &c}) {  // the cache is written in hash-table order
        auto& cache = (*doc)["cache"];
        std::sort(cache.begin(), cache.end());
    }
    for (const char* key : {"cells", "counterexamples", "curve", "cache", "correct"}) {
        INFO(key);
        CHECK((b[key] == a[key]));  // (no dump of the documents on failure: they are large)
        CHECK((c[key] == a[key]));
    }
    CHECK(one->validation().rejected_replay > one->validation().rejected_search);
}

TEST_CASE("dead rules are dropped: a deliver that never fires first goes, every rule Bracha needs stays") {
    const LearnerOptions o = byzantine(2, {4}, false);
    Validator v(o);
    const Algorithm bracha = canonical_candidate(test::shipped("bracha"));
    // Bracha plus a deliver on READY from N: the one on 2F+1 always fires first.
    Algorithm padded = test::shipped("bracha");
    Rule extra = padded.on_receive.back();
    extra.guard->threshold = Expr::var_n();
    padded.on_receive.push_back(extra);
    padded = canonical_candidate(padded);
    REQUIRE(v.validate(padded).verdict == Verdict::Holds);
    CHECK(to_string(drop_dead_rules(padded, v, o)) == to_string(bracha));
    CHECK(to_string(drop_dead_rules(bracha, v, o)) == to_string(bracha));
    // Crash faults: an idle deliver after one that fires on the first T0.
    LearnerOptions crash;
    crash.faults = FaultModel::Crash;
    crash.validate = {3, 4};
    crash.threads = 1;
    crash.finish();
    Validator cv(crash);
    const Algorithm eager_plus = canonical_candidate(parse_algorithm(
        "algorithm a\ntypes T0 T1\non broadcast:\n  send T0 to all\non receive:\n  send T1 to all\n"
        "  deliver if received T0 from 1\n  deliver if received T0 from 2F+1\n  deliver if received T1 from 1\n",
        "a"));
    REQUIRE(cv.validate(eager_plus).verdict == Verdict::Holds);
    const Algorithm minimal = drop_dead_rules(eager_plus, cv, crash);
    CHECK(minimal.on_receive.size() < eager_plus.on_receive.size());
    CHECK(cv.validate(minimal).verdict == Verdict::Holds);
    CHECK(measure_cost(minimal, crash).value == measure_cost(eager_plus, crash).value);
    MESSAGE(to_string(minimal));
}

}  // namespace rbsynth
