// Known-answer tests for the explorer: reachable state and transition
// counts pinned for reference models, the same for 1 and 2 threads, and
// equal to the independent reference enumerator (tests/reference), which
// computed every pinned number below.
#include <doctest/doctest.h>

#include <array>
#include <cstring>
#include <optional>
#include <random>

#include "helpers.hpp"
#include "model/random_algorithm.hpp"
#include "reference/reference.hpp"

using namespace rbsynth;

namespace {

struct Pinned {
    const char* algorithm;
    FaultModel faults;
    int n, f, values;
    std::uint64_t states, transitions;
    Verdict verdict;
    bool live_reference;  // small enough to re-run the reference here
};

// The first six rows are docs/semantics.md's worked counts; the rest were
// computed by the reference enumerator.
const Pinned kPinned[] = {
    {"best-effort", FaultModel::None, 3, 0, 1, 5, 5, Verdict::Holds, true},
    {"eager", FaultModel::None, 3, 0, 1, 206, 735, Verdict::Holds, true},
    {"eager", FaultModel::Crash, 3, 1, 1, 824, 2823, Verdict::Holds, true},
    {"paper-fig3", FaultModel::None, 3, 0, 1, 128, 385, Verdict::Holds, true},
    {"bracha", FaultModel::None, 3, 0, 1, 4643, 25389, Verdict::Holds, true},
    {"paper-fig3", FaultModel::Byzantine, 4, 1, 1, 3802, 16485, Verdict::Holds, true},
    {"best-effort", FaultModel::Crash, 3, 1, 1, 20, 30, Verdict::Violated, true},
    {"best-effort", FaultModel::Byzantine, 4, 1, 2, 140, 315, Verdict::Violated, true},
    {"eager", FaultModel::Crash, 4, 1, 1, 135460, 874320, Verdict::Holds, false},
    {"bracha", FaultModel::Byzantine, 4, 1, 1, 606398, 4462221, Verdict::Holds, false},
    {"paper-fig3", FaultModel::Byzantine, 4, 1, 2, 576224, 4304256, Verdict::Violated, false},
    {"eager", FaultModel::Byzantine, 4, 1, 2, 1547554, 12416262, Verdict::Violated, false},
};

}  // namespace

TEST_CASE("pinned reachable state counts, for 1 and 2 threads") {
    for (const Pinned& p : kPinned) {
        const Config c = test::config(p.faults, p.n, p.f, p.values);
        CAPTURE(p.algorithm);
        CAPTURE(c.str());
        const Model model(test::spec_or_shipped(p.algorithm), c);
        for (int threads : {1, 2}) {
            CAPTURE(threads);
            CheckResult r = test::run(model, threads, /*full=*/true);
            CHECK(r.count_complete);
            CHECK(r.verdict == p.verdict);
            CHECK(r.stats.states == p.states);
            CHECK(r.stats.transitions == p.transitions);
        }
        if (p.live_reference) {
            ref::RefResult ref = ref::enumerate(model.algorithm(), c.faults, c.n, c.f, c.values);
            CHECK(ref.states == p.states);
            CHECK(ref.transitions == p.transitions);
        }
    }
}

TEST_CASE("fair-terminal and initial state counts are thread-independent") {
    const Model model(test::shipped("bracha"), test::config(FaultModel::Byzantine, 4, 1, 1));
    CheckResult one = test::run(model, 1), two = test::run(model, 2);
    CHECK(one.stats.initial_states == 4);
    CHECK(one.stats.fair_terminal == two.stats.fair_terminal);
    CHECK(one.stats.fair_terminal > 0);
}

// Random candidates from the learner's vocabulary: the fast explorer and the
// reference enumerator must agree on the count, the transitions and on
// whether each property is violated somewhere.
TEST_CASE("explorer and reference agree on 120 random algorithms") {
    int holds = 0, violated = 0;
    const Config configs[] = {test::config(FaultModel::Crash, 3, 1), test::config(FaultModel::Byzantine, 3, 1, 2),
                              test::config(FaultModel::None, 3)};
    for (std::uint64_t seed = 1; seed <= 120; ++seed) {
        RandomAlgorithmOptions small;
        small.max_types = 2;
        small.max_receive_rules = 3;
        const Algorithm alg = random_algorithm(seed, small);
        const Config& c = configs[seed % 3];
        CAPTURE(to_string(alg));
        CAPTURE(c.str());
        const Model model(alg, c);
        ref::RefResult ref = ref::enumerate(alg, c.faults, c.n, c.f, c.values, 60000);
        if (!ref.complete) continue;
        CheckResult r = test::run(model, 2, /*full=*/true);
        CHECK(r.stats.states == ref.states);
        CHECK(r.stats.transitions == ref.transitions);
        const bool ref_violated = ref.integrity_violated || ref.agreement_violated || ref.validity_violated;
        CHECK((r.verdict == Verdict::Violated) == ref_violated);
        (ref_violated ? violated : holds) += 1;
        if (r.trace) {
            const bool flagged = r.property == Property::Integrity   ? ref.integrity_violated
                                 : r.property == Property::Agreement ? ref.agreement_violated
                                                                     : ref.validity_violated;
            CHECK(flagged);
        }
    }
    MESSAGE("random corpus: " << holds << " hold, " << violated << " violated");
    CHECK(holds >= 10);
    CHECK(violated >= 10);
}

TEST_CASE("limits end the search with an incomplete verdict, never holds") {
    const Model model(test::shipped("bracha"), test::config(FaultModel::Byzantine, 6, 1, 2));
    ExplorerOptions o;
    o.threads = 2;
    o.max_states = 20000;
    // The breadth-first pass honours the same limit.
    CheckResult r = check(model, o);
    CHECK(r.verdict == Verdict::Holds);  // 224 states under the default reductions
    o.max_states = 100;
    r = check(model, o);
    CHECK(r.verdict == Verdict::Incomplete);
    CHECK(r.limit == Limit::States);
    // And the parallel search, on the exact model.
    o.reduce = test::kNoReduction;
    o.breadth_first_states = 0;
    o.max_states = 5000;
    r = check(model, o);
    CHECK(r.verdict == Verdict::Incomplete);
    CHECK(r.limit == Limit::States);
    CHECK_FALSE(r.count_complete);
    o.max_states = 0;
    o.max_memory = 4 << 20;
    r = check(model, o);
    CHECK(r.verdict == Verdict::Incomplete);
    CHECK(r.limit == Limit::Memory);
    o.max_memory = 0;
    o.time_limit = 0.05;
    const Model big(test::shipped("bracha"), test::config(FaultModel::Byzantine, 5, 1, 2));
    r = check(big, o);
    CHECK(r.verdict == Verdict::Incomplete);
    CHECK(r.limit == Limit::Time);
    CHECK(r.stats.seconds < 5);
}

TEST_CASE("packing round-trips every reachable state of a crash model") {
    const Model model(test::shipped("eager"), test::config(FaultModel::Crash, 4, 1));
    const Layout& l = model.layout();
    CHECK(l.packed_bits() == 4 * l.bits_per_process() + 1 + 4);
    int checked = 0;
    std::vector<State> frontier = model.initial_states();
    for (int depth = 0; depth < 6; ++depth) {
        std::vector<State> next;
        for (const State& s : frontier)
            model.for_each_successor(s, [&](const Step&, const State& t) {
                std::uint8_t buf[kMaxPackedBytes] = {};
                l.pack(t, buf);
                CHECK(l.unpack(buf) == t);
                ++checked;
                if (next.size() < 2000) next.push_back(t);
            });
        frontier = next;
    }
    CHECK(checked > 1000);
}

// The exact search packs each successor from its parent's packed words
// (Layout::repack). Random walks of random algorithms, every fault model,
// N = 3..12 and V = 1, 2 (vectors of 2 to 100 bytes, fields across word
// boundaries): every move, repacked, has the bytes pack() gives the
// successor that for_each_successor builds, and the moves are those steps.
TEST_CASE("repack gives pack's bytes") {
    std::mt19937_64 rng(11);
    std::uint64_t compared = 0, crossings = 0;
    int configs = 0;
    for (FaultModel faults : {FaultModel::None, FaultModel::Crash, FaultModel::Byzantine})
        for (int n = 3; n <= Config::kMaxN; ++n)
            for (int values = 1; values <= 2; ++values) {
                const int f = faults == FaultModel::None ? 0 : (n - 1) / (faults == FaultModel::Byzantine ? 3 : 2);
                if (faults == FaultModel::Byzantine && f == 0) continue;
                std::optional<Model> made;
                try {
                    made.emplace(random_algorithm(rng()), test::config(faults, n, f, values));
                } catch (const Error&) {
                    continue;  // a threshold undefined here, or too many bits per process
                }
                const Model& model = *made;
                const Layout& l = model.layout();
                ++configs;
                for (int walk = 0; walk < 6; ++walk) {
                    std::vector<State> init = model.initial_states();
                    State s = init[rng() % init.size()];
                    for (int depth = 0; depth < 60; ++depth) {
                        std::uint8_t parent_bytes[kMaxPackedBytes] = {};
                        l.pack(s, parent_bytes);
                        std::array<std::uint64_t, kMaxPackedWords> parent{};
                        std::memcpy(parent.data(), parent_bytes, static_cast<std::size_t>(l.packed_bytes()));
                        std::vector<State> built;
                        model.for_each_successor(s, [&](const Step&, const State& t) { built.push_back(t); });
                        std::size_t i = 0;
                        model.for_each_move_if(
                            s, [](const Step&) { return true; },
                            [&](const Step&, int p, std::uint64_t word, std::uint64_t global) {
                                REQUIRE(i < built.size());
                                std::uint8_t want[kMaxPackedBytes] = {}, got[kMaxPackedBytes] = {};
                                l.pack(built[i], want);
                                l.repack(parent.data(), s, p, word, global, got);
                                REQUIRE(std::memcmp(want, got, sizeof want) == 0);
                                const int at = p * l.bits_per_process();
                                crossings += at / 64 != (at + l.bits_per_process() - 1) / 64;
                                ++compared;
                                ++i;
                            });
                        CHECK(i == built.size());
                        if (built.empty()) break;
                        s = built[rng() % built.size()];
                    }
                }
            }
    CHECK(configs > 40);
    CHECK(compared > 50000);
    CHECK(crossings > 1000);
}

TEST_CASE("the senders of held receipts, gathered word-wise, are those read bit by bit") {
    // Layout::held_from's shifts and halving compaction against the
    // bit-by-bit reference, for every layout the explorer allows.
    std::mt19937_64 rng(3);
    int layouts = 0;
    for (int values = 1; values <= 2; ++values)
        for (int n = 3; n <= Config::kMaxN; ++n)
            for (int types = 1; types <= 8; ++types) {
                std::optional<Layout> made;
                try {
                    made.emplace(test::config(FaultModel::Byzantine, n, -1, values), types);
                } catch (const Error&) {
                    continue;  // more than 64 bits per process: the layout refuses it
                }
                const Layout& l = *made;
                ++layouts;
                for (int i = 0; i < 200; ++i) {
                    const std::uint64_t w = rng();
                    for (int t = 0; t < types; ++t)
                        for (int v = 0; v < values; ++v) REQUIRE(l.held_from(w, t, v) == l.held_from_bits(w, t, v));
                }
            }
    CHECK(layouts > 60);
}

// The lock-free store grows while the workers wait between two states; the
// pinned rows above that grow it have counts from the reference computed
// offline. Here the reference runs live on random algorithms large enough
// (over 10,000 states: the store starts near 9,000 slots) that every count
// passes through several growths, with 1 and 2 threads.
TEST_CASE("explorer and reference agree through the store's growth, 1 and 2 threads") {
    int compared = 0;
    const Config configs[] = {test::config(FaultModel::Crash, 4, 1), test::config(FaultModel::Byzantine, 4, 1, 1)};
    for (std::uint64_t seed = 1; seed <= 300 && compared < 4; ++seed) {
        RandomAlgorithmOptions small;
        small.max_types = 2;
        small.max_receive_rules = 3;
        const Algorithm alg = random_algorithm(seed, small);
        const Config& c = configs[seed % 2];
        ref::RefResult ref = ref::enumerate(alg, c.faults, c.n, c.f, c.values, 100000);
        if (!ref.complete || ref.states < 10000) continue;
        CAPTURE(to_string(alg));
        CAPTURE(c.str());
        const Model model(alg, c);
        for (int threads : {1, 2}) {
            CAPTURE(threads);
            CheckResult r = test::run(model, threads, /*full=*/true);
            CHECK(r.count_complete);
            CHECK(r.stats.states == ref.states);
            CHECK(r.stats.transitions == ref.transitions);
        }
        MESSAGE("seed " << seed << ", " << c.str() << ": " << ref.states << " states");
        ++compared;
    }
    CHECK(compared == 4);
}
