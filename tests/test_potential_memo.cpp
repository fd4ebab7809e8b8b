// The analysis of what may still happen, carried along chains (issue #14,
// src/model/potential_memo.hpp): on random walks over candidates of the
// whole language, every carried analysis equals a fresh one; carrying it
// changes no count of the default reductions; and the test switch that
// uses a chain's first analysis for every link (Reduction::stale_memo) is
// caught by both comparisons. Also the per-thread scratch of
// stubborn_ample: a set computed after many others equals one computed on a
// fresh thread.
#include <doctest/doctest.h>

#include <random>
#include <thread>

#include "differential.hpp"
#include "explorer/check.hpp"
#include "helpers.hpp"
#include "model/potential_memo.hpp"

using namespace rbsynth;

namespace {

// Every field of the analysis that a reader may look at: the sets of every
// process, the per-process tables of correct processes, the class count.
bool same_analysis(const Model& model, const State& s, const Potential& a, const Potential& b) {
    if (a.n != b.n || a.types != b.types || a.values != b.values || a.fits != b.fits || a.mixed != b.mixed) return false;
    if (!a.fits) return true;
    const int per = a.types * a.values;
    for (int x = 0; x < a.n; ++x) {
        if (a.may_send[x] != b.may_send[x]) return false;
        if (!model.is_correct(s, x)) continue;
        if (a.may_deliver[x] != b.may_deliver[x]) return false;
        for (int c = 0; c < per; ++c)
            if (a.fire[x][c] != b.fire[x][c] || a.recv_from[x][c] != b.recv_from[x][c]) return false;
    }
    for (int c = 0; c < per; ++c)
        if (a.senders[c] != b.senders[c]) return false;
    return true;
}

struct WalkCounts {
    std::uint64_t carried = 0, differ = 0;
};

// Random walks from the initial states of `model`; after each step the
// memo carried, its analysis against a fresh one.
void walk(const Model& model, std::mt19937_64& rng, int walks, bool stale, WalkCounts& out) {
    const auto inits = model.initial_states();
    for (int w = 0; w < walks; ++w) {
        PotentialMemo memo(stale);
        State s = inits[rng() % inits.size()];
        for (int depth = 0; depth < 400; ++depth) {
            memo.at(model, s, false);
            std::vector<std::pair<Step, State>> next;
            model.for_each_successor(s, [&](const Step& st, const State& t) { next.emplace_back(st, t); });
            if (next.empty()) break;
            const auto& [step, t] = next[rng() % next.size()];
            const std::uint64_t before = memo.carried();
            memo.advance(model, s, step, t);
            if (memo.carried() != before) {
                ++out.carried;
                const Potential& carried = memo.at(model, t, false);
                const Potential fresh = analyse(model, t);
                if (!same_analysis(model, t, carried, fresh)) {
                    ++out.differ;
                    if (!stale) {
                        CAPTURE(model.describe(step));
                        CHECK(same_analysis(model, t, carried, fresh));
                    }
                }
            }
            s = t;
        }
    }
}

}  // namespace

TEST_CASE("the analysis carried along quiet receipts equals a fresh one") {
    std::mt19937_64 rng(14);
    WalkCounts counts;
    // The whole language: the differential harness's candidates and
    // configurations (none, crash and Byzantine faults, V = 1 and 2).
    soundness::Options o;
    for (const char* name : {"best-effort", "eager", "bracha", "paper-fig3", "imbs-raynal"})
        o.bases.push_back(test::shipped(name));
    for (std::uint64_t seed = 1; seed <= 400; ++seed) {
        const soundness::Candidate c = soundness::draw(seed, o);
        CAPTURE(seed);
        walk(Model(c.algorithm, c.config), rng, 16, false, counts);
    }
    // The library at larger N, where the class graph spans both words.
    for (const char* name : {"bracha", "imbs-raynal", "paper-fig3"})
        for (int n : {7, 10})
            walk(Model(test::shipped(name), test::config(FaultModel::Byzantine, n, -1, 2)), rng, 8, false, counts);
    MESSAGE("carried " << counts.carried << " analyses");
    CHECK(counts.differ == 0);
    CHECK(counts.carried > 50'000);
}

TEST_CASE("a stale analysis is caught by the comparison with a fresh one") {
    // Reduction::stale_memo: a chain's first analysis for all its links.
    std::mt19937_64 rng(14);
    WalkCounts counts;
    walk(Model(test::shipped("bracha"), test::config(FaultModel::Byzantine, 4, 1, 2)), rng, 8, true, counts);
    CHECK(counts.carried > 100);
    CHECK(counts.differ > counts.carried / 2);
}

TEST_CASE("carrying the analysis along chains changes no count") {
    // The default reductions with the analysis carried and recomputed at
    // every link (Reduction::no_memo, the code path before it): the same
    // verdict, property, stored states and transitions.
    Reduction fresh{true, true};
    fresh.no_memo = true;
    auto run = [](const Model& model, const Reduction& r) {
        ExplorerOptions eo;
        eo.threads = 1;
        eo.reduce = r;
        eo.breadth_first_states = 0;
        eo.stop_at_violation = false;
        eo.counterexample = false;
        eo.max_states = 60'000;
        return check(model, eo);
    };
    auto same = [&](const Model& model) {
        const CheckResult a = run(model, Reduction{true, true});
        const CheckResult b = run(model, fresh);
        CHECK(a.verdict == b.verdict);
        CHECK(a.property == b.property);
        CHECK(a.stats.states == b.stats.states);
        CHECK(a.stats.transitions == b.stats.transitions);
        return a.stats.states;
    };
    soundness::Options o;
    int compared = 0;
    for (std::uint64_t seed = 1; seed <= 100; ++seed) {
        const soundness::Candidate c = soundness::draw(seed, o);
        if (c.config.faults == FaultModel::Crash) continue;  // rule 3 is not used under crashes
        CAPTURE(seed);
        same(Model(c.algorithm, c.config));
        ++compared;
    }
    CHECK(compared >= 50);
    for (int n = 4; n <= 8; ++n) {
        CAPTURE(n);
        CHECK(same(Model(test::shipped("bracha"), test::config(FaultModel::Byzantine, n, -1, 2))) > 0);
    }
    // The stale switch stores more states: this comparison catches it
    // (Bracha V = 2, N = 4: 573 states under `por` against 201).
    Reduction stale{false, true};
    stale.stale_memo = true;
    const Model bracha(test::shipped("bracha"), test::config(FaultModel::Byzantine, 4, 1, 2));
    CHECK(run(bracha, stale).stats.states != run(bracha, Reduction{false, true}).stats.states);
}

TEST_CASE("a persistent set does not depend on the sets computed before it on the thread") {
    // stubborn_ample keeps its per-node tables per thread (stubborn.cpp);
    // a table entry it forgets to reset would carry an earlier state's
    // nodes into this one. Each set is computed here, after every earlier
    // state's, and again on a thread of its own, whose tables are new.
    std::mt19937_64 rng(15);
    soundness::Options o;
    int compared = 0;
    for (std::uint64_t seed = 1; seed <= 120; ++seed) {
        const soundness::Candidate c = soundness::draw(seed, o);
        if (c.config.faults == FaultModel::Crash) continue;
        const Model model(c.algorithm, c.config);
        const Reduction r{false, true};
        std::vector<State> states;
        for (int w = 0; w < 6; ++w) {
            const auto inits = model.initial_states();
            State s = inits[rng() % inits.size()];
            for (int depth = 0; depth < 60; ++depth) {
                if (s.global & kBroadcastBit || model.is_byzantine(s, 0)) states.push_back(s);
                std::vector<State> next;
                model.for_each_successor(s, [&](const Step&, const State& t) { next.push_back(t); });
                if (next.empty()) break;
                s = next[rng() % next.size()];
            }
        }
        std::vector<Ample> here;
        for (const State& s : states) here.push_back(stubborn_ample(model, s, r));
        std::vector<Ample> fresh(states.size());
        for (std::size_t i = 0; i < states.size(); ++i)
            std::thread([&] { fresh[i] = stubborn_ample(model, states[i], r); }).join();
        CAPTURE(seed);
        for (std::size_t i = 0; i < states.size(); ++i) CHECK(here[i] == fresh[i]);
        compared += static_cast<int>(states.size());
    }
    CHECK(compared > 5'000);
}
