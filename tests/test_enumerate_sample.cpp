// Uniform random sampling of the language (enumerate/sampling.hpp and
// `rbsynth enumerate --sample`): the draws are a function of the seed, the
// outcome is the same for every thread count, sampling reaches the least
// cost that the enumeration proves on small vocabularies, and what it finds
// holds under the explorer's own check; bad flags exit 64.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <doctest/doctest.h>
#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"
#include "enumerate/driver.hpp"
#include "enumerate/report.hpp"
#include "enumerate/sampling.hpp"
#include "explorer/check.hpp"
#include "model/random_algorithm.hpp"
#include "tiny_vocabulary.hpp"

using namespace rbsynth;

namespace {

namespace fs = std::filesystem;

// The least correct cost, by the whole enumeration.
double enumerated_least_cost(const LearnerOptions& o) {
    Enumeration e(o);
    ChunkQueue queue(e.todo(), 2);
    run_threads(e, queue, 2, DriverHooks{});
    const EnumerationSummary s = summarize(e);
    REQUIRE(s.least_cost);
    REQUIRE(s.optimum_proven());
    return *s.least_cost;
}

// `check`'s verdict at every validation size, with the explorer's defaults.
bool holds_under_check(const Algorithm& alg, const LearnerOptions& o) {
    for (int n : o.validate) {
        const CheckResult r = check(Model(alg, o.config_at(n)), ExplorerOptions{});
        INFO("N = ", n, ": ", to_string(r.verdict));
        if (r.verdict != Verdict::Holds) return false;
    }
    return true;
}

nlohmann::json report(const fs::path& dir) {
    std::ifstream in(dir / "report.json");
    nlohmann::json j = nlohmann::json::parse(in);
    j.erase("seconds");
    j.erase("language_seconds");
    for (const char* hit : {"first_correct", "first_least_cost"})
        if (!j[hit].is_null()) j[hit].erase("seconds");
    return j;
}

}  // namespace

TEST_CASE("sample: uniform_below is uniform and the same for a seed") {
    std::mt19937_64 a(7), b(7);
    std::vector<int> count(3, 0);
    for (int k = 0; k < 30000; ++k) {
        const std::uint64_t x = uniform_below(a, 3);
        REQUIRE(x == uniform_below(b, 3));
        ++count[x];
    }
    // 10,000 expected each; the standard deviation is about 82.
    for (int c : count) CHECK(std::abs(c - 10000) < 500);
}

TEST_CASE("sample: the draws, counts and hits are a function of the seed, for every thread count") {
    const LearnerOptions o = test::tiny_vocabulary(FaultModel::Byzantine, 3, 3);  // V = 1: some classes are correct
    Enumeration one(o), two(o), other(o);
    SampleOptions s{.draws = 300, .seed = 5, .target_cost = std::nullopt, .threads = 1};
    const SampleResult a = sample(one, s);
    s.threads = 2;
    const SampleResult b = sample(two, s);
    CHECK(a.draws == 300);
    CHECK(b.draws == a.draws);
    CHECK(b.validated == a.validated);
    CHECK(b.holds == a.holds);
    CHECK(b.violated == a.violated);
    CHECK(b.incomplete == a.incomplete);
    REQUIRE(a.first_correct);
    REQUIRE(b.first_correct);
    CHECK(b.first_correct->draw == a.first_correct->draw);
    CHECK(b.first_correct->class_index == a.first_correct->class_index);
    CHECK(b.first_least->draw == a.first_least->draw);
    CHECK(b.first_least->result.cost == a.first_least->result.cost);
    // The classes validated are exactly the distinct ones among the seed's
    // first 300 draws, recomputed here from the generator alone.
    std::mt19937_64 rng(5);
    std::set<std::uint64_t> distinct;
    for (int k = 0; k < 300; ++k) distinct.insert(uniform_below(rng, one.classes()));
    CHECK(a.validated == distinct.size());
    CHECK(a.holds + a.violated + a.incomplete == a.validated);
    CHECK(one.done() == distinct.size());
    s.seed = 6;
    const SampleResult c = sample(other, s);
    CHECK((c.validated != a.validated || c.first_correct->draw != a.first_correct->draw ||
           c.first_correct->class_index != a.first_correct->class_index));
}

TEST_CASE("sample: sampling reaches the enumeration's least cost, and the algorithm holds under check") {
    LearnerOptions o;
    SUBCASE("no faults") { o = test::tiny_vocabulary(FaultModel::None, 2, 2); }
    SUBCASE("byzantine, V = 1") { o = test::tiny_vocabulary(FaultModel::Byzantine, 3, 3); }
    const double least = enumerated_least_cost(o);
    Enumeration e(o);
    const SampleResult r = sample(e, SampleOptions{.draws = 20000, .seed = 1, .target_cost = least, .threads = 2});
    REQUIRE(r.reached_target);
    REQUIRE(r.first_least);
    CHECK(r.first_least->result.cost == least);
    CHECK(r.first_least->draw == r.draws);  // it stopped there
    CHECK(r.first_correct->draw <= r.draws);
    CHECK(r.validated <= r.draws);
    const Algorithm alg = e.language().algorithm(r.first_least->class_index);
    INFO(to_string(alg));
    CHECK(holds_under_check(alg, o));
    // A target below the least cost is never reached: the budget ends it.
    Enumeration again(o);
    const SampleResult none = sample(again, SampleOptions{.draws = 200, .seed = 1, .target_cost = least - 1});
    CHECK_FALSE(none.reached_target);
    CHECK(none.draws == 200);
}

TEST_CASE("sample cli: bad flags exit 64 and name the flag") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"enumerate", "--sample", "0"}, "--sample"},
        {{"enumerate", "--sample", "-3"}, "--sample"},
        {{"enumerate", "--sample", "ten"}, "--sample"},
        {{"enumerate", "--seed", "3"}, "--seed"},
        {{"enumerate", "--target-cost", "5"}, "--target-cost"},
        {{"enumerate", "--sample", "10", "--target-cost", "0"}, "--target-cost"},
        {{"enumerate", "--sample", "10", "--seed", "-1"}, "--seed"},
        {{"enumerate", "--sample", "10", "--max-cost", "5"}, "--max-cost"},
        {{"enumerate", "--sample", "10", "--max-steps", "2"}, "--max-steps"},
        {{"enumerate", "--sample", "10", "--resume", "x.msgpack"}, "--resume"},
        {{"enumerate", "--sample", "10", "--checkpoint", "x.msgpack"}, "--checkpoint"},
    };
    for (const auto& [args, flag] : cases) {
        const cli::Result r = cli::rbsynth(args);
        INFO(r.out);
        CHECK(r.code == 64);
        CHECK(r.out.find(flag) != std::string::npos);
    }
}

TEST_CASE("sample cli: report.json, the same for a seed, and check takes sample-best.alg") {
    const fs::path a = cli::fresh_dir("sample-a"), b = cli::fresh_dir("sample-b"), c = cli::fresh_dir("sample-c");
    const std::vector<std::string> base{"enumerate", "--faults", "none", "--types", "2", "--max-rules", "2",
                                        "--thresholds", "1", "--sample", "400", "--seed", "3", "--quiet"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> all = base;
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    };
    const cli::Result r = cli::rbsynth(with({"--out", a.string(), "--threads", "1"}));
    INFO(r.out);
    REQUIRE(r.code == 0);
    const nlohmann::json j = report(a);
    CHECK(j.at("language").at("classes") == 18);
    CHECK(j.at("draws") == 400);
    CHECK(j.at("validated").get<int>() <= 18);
    CHECK(j.at("cache_hits").get<int>() == 400 - j.at("validated").get<int>());
    REQUIRE(!j.at("first_least_cost").is_null());
    const double least = j.at("least_cost").get<double>();
    CHECK(cli::rbsynth({"check", (a / "sample-best.alg").string(), "--faults", "none", "--n", "3..5"}).code == 0);
    CHECK(cli::rbsynth(with({"--out", b.string(), "--threads", "2"})).code == 0);
    CHECK(report(b) == j);
    // The least cost met as a target: reached (exit 0); below it: not (exit 2).
    const cli::Result hit = cli::rbsynth(with({"--out", c.string(), "--target-cost", fmt::format("{:g}", least)}));
    CHECK(hit.code == 0);
    CHECK(report(c).at("reached_target") == true);
    CHECK(report(c).at("draws") == j.at("first_least_cost").at("draw"));
    const cli::Result miss = cli::rbsynth(with({"--out", c.string(), "--target-cost", fmt::format("{:g}", least - 1)}));
    CHECK(miss.code == 2);
    CHECK(miss.out.find("NOT reached") != std::string::npos);
    for (const fs::path& d : {a, b, c}) fs::remove_all(d);
}
