// Soundness first (issue #13): the whole-language candidate generator
// covers the grammar, and on a CI slice of seeded configurations the four
// `--reduce` modes agree with one another (differential.hpp); the
// disagreements found so far are pinned. RBSYNTH_SOUNDNESS_SEED (default 1)
// and RBSYNTH_SOUNDNESS_COUNT (default 1000) choose the slice; bench/soundness
// runs long ranges.
#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

#include "differential.hpp"
#include "explorer/counterexample.hpp"
#include "helpers.hpp"
#include "model/random_language.hpp"

using namespace rbsynth;

namespace {

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::strtoull(v, nullptr, 10) : fallback;
}

soundness::Options harness_options() {
    soundness::Options o;
    // Below bench/soundness's 150,000: the exact search goes on after a
    // violation for an earlier property, which keeps CI's slice near 3
    // minutes of CPU.
    o.max_states = 60'000;
    for (const char* name : {"best-effort", "eager", "bracha", "paper-fig3", "imbs-raynal"})
        o.bases.push_back(test::shipped(name));
    return o;
}

// What the grammar allows, as features of one candidate.
struct Coverage {
    int broadcast_several_sends = 0, broadcast_guarded = 0, broadcast_non_initial = 0, broadcast_deliver = 0,
        broadcast_empty = 0, both_targets = 0, several_rules_per_type = 0, unguarded_receive_send = 0,
        several_delivers = 0, unguarded_deliver = 0, guard_on_type0 = 0, floor_or_ceil = 0, k_equals_f = 0,
        k_equals_n = 0;
};

bool uses_round(const Expr& e) {
    if (e.kind == Expr::Kind::Ceil || e.kind == Expr::Kind::Floor) return true;
    return (e.a && uses_round(*e.a)) || (e.b && uses_round(*e.b));
}

void tally(const Algorithm& a, int n, int f, Coverage& c) {
    int sends = 0, delivers = 0;
    std::uint64_t all = 0, others = 0, seen = 0, repeated = 0;
    for (const Rule& r : a.on_broadcast) {
        sends += r.kind == Rule::Kind::Send;
        c.broadcast_guarded += r.guard.has_value();
        c.broadcast_non_initial += r.kind == Rule::Kind::Send && r.type != 0;
        c.broadcast_deliver += r.kind == Rule::Kind::Deliver;
    }
    c.broadcast_several_sends += sends > 1;
    c.broadcast_empty += a.on_broadcast.empty();
    for (const Rule& r : a.on_receive) {
        if (r.kind == Rule::Kind::Deliver) {
            ++delivers;
            c.unguarded_deliver += !r.guard;
        } else {
            c.unguarded_receive_send += !r.guard;
            const std::uint64_t bit = std::uint64_t{1} << r.type;
            repeated |= seen & bit;
            seen |= bit;
            (r.target == Target::All ? all : others) |= bit;
        }
        if (r.guard) {
            c.guard_on_type0 += r.guard->type == 0;
            c.floor_or_ceil += uses_round(*r.guard->threshold);
            const auto k = evaluate(*r.guard->threshold, n, f);
            c.k_equals_f += k == f;
            c.k_equals_n += k == n;
        }
    }
    c.several_delivers += delivers > 1;
    c.both_targets += (all & others) != 0;
    c.several_rules_per_type += repeated != 0;
}

}  // namespace

TEST_CASE("whole-language candidates cover the grammar, parse back and are valid for their size") {
    const soundness::Options o = harness_options();
    Coverage c;
    int mutants = 0;
    for (std::uint64_t seed = 1; seed <= 2000; ++seed) {
        const soundness::Candidate cand = soundness::draw(seed, o);
        CAPTURE(to_string(cand.algorithm));
        // The printed text is a reproducer: it parses back to the same tree.
        CHECK(equal(parse_algorithm(to_string(cand.algorithm), "candidate.alg"), cand.algorithm));
        CHECK_NOTHROW(Model(cand.algorithm, cand.config));
        mutants += cand.origin != "fresh";
        tally(cand.algorithm, cand.config.n, cand.config.f, c);
    }
    MESSAGE("mutants " << mutants << ", several broadcast sends " << c.broadcast_several_sends << ", both targets "
                       << c.both_targets << ", several rules per type " << c.several_rules_per_type
                       << ", several delivers " << c.several_delivers);
    CHECK(mutants > 800);
    CHECK(mutants < 1200);
    for (int covered : {c.broadcast_several_sends, c.broadcast_guarded, c.broadcast_non_initial, c.broadcast_deliver,
                        c.broadcast_empty, c.both_targets, c.several_rules_per_type, c.unguarded_receive_send,
                        c.several_delivers, c.unguarded_deliver, c.guard_on_type0, c.floor_or_ceil, c.k_equals_f,
                        c.k_equals_n})
        CHECK(covered >= 20);
}

TEST_CASE("the mutator edits both handlers and keeps thresholds valid") {
    std::mt19937_64 rng(11);
    LanguageOptions lo;
    lo.sizes = {{5, 2}};
    const Algorithm base = test::shipped("bracha");  // N-F, 2F+1, F+1: valid at N = 5, F = 2
    int changed = 0, broadcast_changed = 0;
    for (int i = 0; i < 500; ++i) {
        const Algorithm m = mutate_language_algorithm(base, rng, lo);
        changed += !equal(m, base);
        Algorithm just_broadcast = base;
        just_broadcast.on_broadcast = m.on_broadcast;
        broadcast_changed += !equal(just_broadcast, base);
        CHECK_NOTHROW(Model(m, test::config(FaultModel::Byzantine, 5, 2, 1)));
    }
    MESSAGE("mutants that differ: " << changed << ", in the broadcast handler: " << broadcast_changed);
    CHECK(changed > 400);
    CHECK(broadcast_changed > 100);
}

TEST_CASE("the four reductions agree on a seeded slice of random configurations") {
    const std::uint64_t first = env_or("RBSYNTH_SOUNDNESS_SEED", 1), count = env_or("RBSYNTH_SOUNDNESS_COUNT", 1000);
    const soundness::Options o = harness_options();
    int compared = 0, skipped = 0, reduced_incomplete = 0, holds = 0, violated = 0;
    for (std::uint64_t seed = first; seed < first + count; ++seed) {
        const soundness::CaseResult r = soundness::run(soundness::draw(seed, o), o);
        CAPTURE(soundness::reproducer(r));
        CHECK(r.outcome != soundness::Outcome::Disagree);
        if (r.outcome == soundness::Outcome::SkippedExactTooBig) {
            ++skipped;
            continue;
        }
        reduced_incomplete += r.outcome == soundness::Outcome::ReducedIncomplete;
        ++compared;
        (r.modes.front().verdict == Verdict::Holds ? holds : violated) += 1;
    }
    MESSAGE("seeds " << first << ".." << first + count - 1 << ": " << compared << " compared (" << holds << " hold, "
                     << violated << " violated), " << skipped << " skipped (exact too big), " << reduced_incomplete
                     << " with a reduced search incomplete");
    CHECK(reduced_incomplete <= static_cast<int>(count / 100));
    CHECK(compared >= static_cast<int>(count * 6 / 10));
    CHECK(holds >= static_cast<int>(count / 20));
    CHECK(violated >= static_cast<int>(count / 5));
}

// The harness's power: each deliberately unsound switch of Reduction is
// caught (a disagreement with the exact search) within a bounded number
// of seeds of its own fault model (caught at seeds 14, 14, 16, 4 and 107).
// Not unsound_own_copies (issue #13's bug), unsound_cold nor unsound_joint
// (300 seeds): 2,000 seeds each for the first two gave no verdict that differs; their tests in test_reductions.cpp
// compare fair-terminal outcomes, which the harness does not.
TEST_CASE("the harness catches deliberately unsound reductions") {
    struct Switch {
        const char* name;
        bool Reduction::*flag;
        std::vector<Config> configs;
    };
    const std::vector<Config> byz = {test::config(FaultModel::Byzantine, 4, 1, 1), test::config(FaultModel::Byzantine, 4, 1, 2),
                                     test::config(FaultModel::Byzantine, 5, 2, 1)};
    const Switch switches[] = {
        {"unsound_por", &Reduction::unsound_por, {test::config(FaultModel::Crash, 4)}},
        {"unsound_crash", &Reduction::unsound_crash, {test::config(FaultModel::Crash, 4)}},
        {"unsound_spent", &Reduction::unsound_spent, {test::config(FaultModel::Crash, 4)}},
        {"unsound_potential", &Reduction::unsound_potential, byz},
        {"unsound_lazy", &Reduction::unsound_lazy, byz},
    };
    for (const Switch& sw : switches) {
        soundness::Options o = harness_options();
        o.configs = sw.configs;
        Reduction bad{false, true};
        bad.*sw.flag = true;
        o.reduced = {{sw.name, bad}};
        std::uint64_t seed = 1;
        for (; seed <= 300; ++seed)
            if (soundness::run(soundness::draw(seed, o), o).outcome == soundness::Outcome::Disagree) break;
        MESSAGE(std::string(sw.name) << ": caught at seed " << seed);
        CHECK(seed <= 300);
    }
}
