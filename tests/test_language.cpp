// The algorithm language: parsing, thresholds, the canonical printer.
#include <doctest/doctest.h>

#include "helpers.hpp"
#include "model/metrics.hpp"
#include "model/random_algorithm.hpp"

using namespace rbsynth;

namespace {

std::int64_t eval(const std::string& threshold, int n, int f) {
    Algorithm a = parse_algorithm("algorithm t\ntypes A\non broadcast:\non receive:\n  deliver if received A from " +
                                      threshold + "\n",
                                  "t.alg");
    auto v = evaluate(*a.on_receive.at(0).guard->threshold, n, f);
    REQUIRE(v.has_value());
    return *v;
}

std::string error_of(const std::string& text) {
    try {
        parse_algorithm(text, "e.alg");
    } catch (const Error& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST_CASE("thresholds evaluate exactly in integers") {
    CHECK(eval("2F+1", 7, 2) == 5);
    CHECK(eval("ceil((N+F+1)/2)", 4, 1) == 3);
    CHECK(eval("ceil((N+F+1)/2)", 7, 2) == 5);
    CHECK(eval("floor((N-1)/3)", 7, 0) == 2);
    CHECK(eval("N-2F", 6, 1) == 4);
    CHECK(eval("2*(N-F)-3", 5, 1) == 5);
    CHECK(eval("3N-2*F*2", 4, 1) == 8);
    CHECK(eval("1+2*3", 4, 1) == 7);
    CHECK(eval("-F+N", 4, 1) == 3);
    CHECK(eval("ceil(7/-2)", 4, 1) == -3);
    CHECK(eval("floor(-7/2)", 4, 1) == -4);
}

TEST_CASE("every shipped and spec algorithm parses, prints and parses back to the same tree") {
    for (const char* name : {"best-effort", "eager", "bracha", "paper-fig3", "imbs-raynal"}) {
        CAPTURE(name);
        Algorithm a = test::shipped(name);
        Algorithm b = parse_algorithm(to_string(a), "printed.alg");
        CHECK(equal(a, b));
        CHECK(to_string(b) == to_string(a));
    }
    for (const char* name : {"best-effort", "eager", "bracha", "paper-fig3"}) {
        CAPTURE(name);
        CHECK(equal(test::spec_algorithm(name), test::shipped(name)));
    }
}

TEST_CASE("the printer is canonical on random algorithms") {
    for (std::uint64_t seed = 0; seed < 300; ++seed) {
        Algorithm a = random_algorithm(seed);
        Algorithm b = parse_algorithm(to_string(a), "r.alg");
        CHECK(equal(a, b));
    }
}

TEST_CASE("Bracha's syntax tree is what the file says") {
    Algorithm a = test::shipped("bracha");
    CHECK(a.name == "bracha");
    CHECK(a.types == std::vector<std::string>{"INIT", "ECHO", "READY"});
    REQUIRE(a.on_broadcast.size() == 1);
    CHECK(a.on_broadcast[0].target == Target::All);
    REQUIRE(a.on_receive.size() == 4);
    CHECK(a.on_receive[1].guard->type == 1);
    CHECK(to_string(*a.on_receive[1].guard->threshold) == "ceil((N+F+1)/2)");
    CHECK(to_string(*a.on_receive[3].guard->threshold) == "2F+1");
    CHECK(a.on_receive[3].kind == Rule::Kind::Deliver);
    CHECK(a.on_receive[3].loc.line == 13);
}

TEST_CASE("parse errors carry file, line and column") {
    const std::string head = "algorithm x\ntypes A B\non broadcast:\n  send A to all\non receive:\n";
    CHECK(error_of(head + "  send B to al\n") == "e.alg:6:13: expected 'all' or 'others', found 'al'");
    CHECK(error_of(head + "  send A to all\n").rfind("e.alg:6:8: type 'A'", 0) == 0);
    CHECK(error_of(head + "  deliver if received C from 1\n") == "e.alg:6:23: undeclared type 'C'");
    CHECK(error_of(head + "  deliver if received B from N/2\n").rfind("e.alg:6:31: a bare '/'", 0) == 0);
    CHECK(error_of("algorithm x\ntypes A\non broadcast:\n") == "e.alg:4:1: expected 'on receive:' header");
    CHECK(error_of("\n# only a comment\n") == "e.alg:3:1: expected 'algorithm <name>'");
}

TEST_CASE("a threshold that is not positive for the configuration is an input error naming the rule") {
    Algorithm a = parse_algorithm("algorithm x\ntypes A\non broadcast:\n  send A to all\non receive:\n"
                                  "  deliver if received A from N-3F\n",
                                  "k.alg");
    CHECK_NOTHROW(Model(a, test::config(FaultModel::Crash, 4, 1)));
    try {
        Model(a, test::config(FaultModel::Crash, 3, 1));
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).rfind("k.alg:6:3: threshold 'N-3F' is 0 for N = 3, F = 1", 0) == 0);
    }
}

TEST_CASE("metrics of the failure-free synchronous run") {
    for (int n = 3; n <= 7; ++n) {
        CAPTURE(n);
        Metrics be = measure(Model(test::shipped("best-effort"), test::config(FaultModel::None, n)));
        CHECK(be.messages == n - 1);
        CHECK(be.steps == 1);
        CHECK(be.threshold == 1);
        Metrics br = measure(Model(test::shipped("bracha"), test::config(FaultModel::Byzantine, n)));
        CHECK(br.messages == 2 * n * n - n - 1);
        // With F = 0 (N = 3) the READY threshold 2F+1 is 1: p1 and p2
        // deliver in round 1 on their own READY and p0, which needs a second
        // ECHO, in round 2.
        CHECK(br.steps == (n == 3 ? 2 : 3));
        CHECK(br.threshold == 2 * Config::default_f(FaultModel::Byzantine, n) + 1);
        // Eager: N-1 MSG, then every process (p0 on its own copy) relays.
        Metrics eg = measure(Model(test::shipped("eager"), test::config(FaultModel::Crash, n)));
        CHECK(eg.messages == (n - 1) + n * (n - 1));
        CHECK(eg.steps == 1);
        // Fig. 3: (N-1) + N(N-1) messages, deliver after F+1 T1.
        Metrics f3 = measure(Model(test::shipped("paper-fig3"), test::config(FaultModel::Byzantine, n)));
        CHECK(f3.messages == (n - 1) + n * (n - 1));
        CHECK(f3.steps == 2);
    }
}
