// The two reductions of the state space that keep every verdict
// (docs/reductions.md gives the arguments): symmetry reduction, which stores
// one representative per orbit of relabellings of p1..p(N-1), and a
// partial-order reduction that expands only the steps of a persistent set of
// processes. Both are functions of the model, so the explorer, the
// counterexample search and any other checker apply the same ones.
#pragma once

#include <array>
#include <bit>
#include <cassert>
#include <cstdint>
#include <string>
#include <vector>

#include "model/model.hpp"

namespace rbsynth {

class PotentialMemo;

struct Reduction {
    bool symmetry = true;  // store a canonical relabelling of each state
    bool por = true;       // expand persistent sets of processes only
    // Test switch, deliberately unsound: one pending receipt as the whole
    // persistent set, ignoring every other process and every crash. The
    // tests show that the comparison catches it.
    bool unsound_por = false;
    // Test switch, deliberately unsound: the analysis of what may still
    // happen forgets what Byzantine processes may send, so it finds
    // injections inert and receipts commuting when they are not. The tests
    // show that the comparison catches it.
    bool unsound_potential = false;

    // Test switch, deliberately unsound: rule 4 (crash faults) without its
    // conditions: any sender, passive or not, and no crash alternative.
    bool unsound_crash = false;

    // Test switch, deliberately unsound: an injection counts as critical
    // only if it alone could tip a threshold (no other Byzantine process's
    // help, no own copy to come). The tests show that the comparison
    // catches it.
    bool unsound_lazy = false;

    // Test switch, deliberately unsound: criticality and heat forget the own
    // copies that p0's broadcast handler may still hand p0 (counting only
    // those of `on receive`), the bug of issue #13. The tests show that the
    // comparison catches it.
    bool unsound_own_copies = false;

    // Test switch, deliberately unsound: every class counts as cold, so no
    // node brings in its conflicts. The tests show that the comparison
    // catches it.
    bool unsound_cold = false;

    // Test switch, deliberately unsound: the joint-threshold conflict test
    // treats a Byzantine sender like a correct one, which sends each type
    // with one value only (no equivocation). The tests show that the
    // comparison catches it.
    bool unsound_joint = false;

    // Test switch: the coarser conflict relation of fire sets alone (sound,
    // the rule before joint thresholds), kept for the comparison tests.
    bool coarse_conflicts = false;

    // Test switch: every Byzantine sender's injection of an expanded class,
    // not only the first one's (sound, the rule before interchangeable
    // injectors), kept for the comparison tests and pinned counts.
    bool all_injectors = false;

    // Test switch, deliberately unsound: a class's injections only from the
    // lowest Byzantine process, even once it has injected (so at most one
    // injection of <t, v> per process). The tests show that the comparison
    // catches it.
    bool unsound_one_injector = false;

    // Test switch, deliberately unsound: under crash faults, a crashed
    // sender's message pending at any correct process is taken alone, spent
    // or not (rule 6 without its condition). The tests show that the
    // comparison catches it.
    bool unsound_spent = false;
    // Test switch: crash faults without rule 6 (sound, the rule before it),
    // kept for the comparison tests and pinned counts.
    bool no_spent_crash = false;

    // Test switch: Byzantine faults without rule 7 (batched injections at
    // keyless states; sound, the rule before it), kept for the comparison
    // tests and pinned counts.
    bool no_batch = false;
    // Test switch, deliberately unsound: rule 7 expands only the batches
    // of one injection (an adversary that needs two or more injections to
    // make a process fire is forgotten). The tests show that the comparison
    // catches it.
    bool unsound_batch = false;
    // Test switch: rule 3 numbers its class-graph nodes from 56 instead of
    // 0 (where they fit: N·T·V <= 72), so that small graphs, whose exact
    // search finishes, cross the boundary between the node sets' two words
    // as only N = 11 and 12 otherwise do. Sound; the same states.
    bool shifted_nodes = false;
    // Test switch: every chain link analysed from scratch (sound, the code
    // path before the analysis was carried along chains), kept for the
    // comparison tests.
    bool no_memo = false;
    // Test switch, deliberately wrong: each chain's first analysis is used
    // for all its links, whatever the steps. Not unsound (an earlier link's
    // analysis over-approximates a later one's futures, so the persistent
    // sets only grow) but it stores more states; the count comparison and
    // the test of carried analyses catch it (tests/test_potential_memo.cpp).
    bool stale_memo = false;

    bool any() const { return symmetry || por; }
    std::string str() const;  // "none", "symmetry", "por" or "all"
};

// "none", "symmetry", "por" or "all"; false for anything else.
bool parse_reduction(const std::string& text, Reduction& out);

// A relabelling of p1..p(N-1) (p0, the sender, stays) that sorts processes
// by orbit-invariant signatures; states in one orbit mostly map to one
// representative, and every result lies in the orbit of `s`, which is all
// soundness needs. `to`, if given, receives the relabelling: process i of
// `s` is process (*to)[i] of the result.
using Relabelling = std::array<int, kMaxN>;
State canonical(const Model& model, const State& s, Relabelling* to = nullptr);
// `s` and `step` with every process id i renamed to[i].
State relabel(const Model& model, const State& s, const Relabelling& to);
Step relabel(const Step& step, const Relabelling& to);

// A persistent set of `s`: every step of the processes in `procs` (bit p:
// process p) and every crash, or one step (`single`), or, `by_class`, the
// receipts at each process x of the <t, v> with bit t * V + v of take[x]
// (from correct senders) or of inject[x] (Byzantine injections), plus `step`
// when `has_key` (src/model/stubborn.cpp).
struct Ample {
    std::uint32_t procs = ~0u;
    bool single = false;
    Step step;
    bool has_second = false;  // with `single`: this step too (a crash, rule 4)
    Step second;
    bool by_class = false;
    bool has_key = false;
    bool batch = false;  // rule 7: the injection batches of a keyless state (for_each_batch)
    std::array<std::uint64_t, kMaxN> take{};    // receipts from correct senders
    std::array<std::uint64_t, kMaxN> inject{};  // Byzantine injections (critical ones)

    bool operator==(const Ample&) const = default;
};
// `memo`, if given, supplies the analysis of what may still happen
// (src/model/potential_memo.hpp) and keeps the one computed here.
Ample ample_set(const Model& model, const State& s, const Reduction& r, PotentialMemo* memo = nullptr);
// The transition-level persistent set (fault models none and byzantine,
// after the broadcast); src/model/stubborn.cpp.
Ample stubborn_ample(const Model& model, const State& s, const Reduction& r, PotentialMemo* memo = nullptr);

// Every step of `s`, a state before a correct p0 broadcasts under Byzantine
// faults, but the injections that are not critical (rule 1 with lazy
// injections; src/model/lazy.cpp).
Ample lazy_full_ample(const Model& model, const State& s, const Reduction& r);

// Interchangeable injectors (docs/reductions.md): Byzantine processes have
// no state but the messages they have injected, and guards count senders,
// so which Byzantine process injects <t, v> at x next does not matter; only
// the lowest that has not yet injected it is expanded. True if `step`, an
// injection, is that one.
inline bool first_injector(const Model& model, const State& s, const Step& step, const Reduction& r) {
    if (r.all_injectors) return true;
    const std::uint32_t byz = static_cast<std::uint32_t>(s.global >> kByzShift) & model.all_processes();
    std::uint32_t avail = (step.type == 0 ? 1u : byz) & byz & ~(1u << step.process);
    if (!r.unsound_one_injector)
        avail &= ~model.layout().held_from(s.local[step.process], step.type, step.value);
    return avail && std::countr_zero(avail) == step.from;
}

// Rule 7 (docs/reductions.md): how many injections of <t, v> correct x needs
// before one of its rules fires (the fewest over rules with an unused
// resource: guarded by t, k minus x's count of <t, v>; unguarded, 1); 0
// when no rule of x can fire on <t, v>.
int batch_need(const Model& model, const State& s, int x, int t, int v);
// The Byzantine processes that may still inject <t, v> at x, lowest first.
inline std::uint32_t injectors(const Model& model, const State& s, int x, int t, int v) {
    const std::uint32_t byz = static_cast<std::uint32_t>(s.global >> kByzShift) & model.all_processes();
    return (t == 0 ? 1u : byz) & byz & ~(1u << x) & ~model.layout().held_from(s.local[x], t, v);
}

// Rule 7: at a keyless state (no message between correct processes pending),
// per correct x and class <t, v>, one successor: the batch_need injections
// from the first injectors, the last of which fires a rule of x. f gets the
// batch's first step and the state after the whole batch.
template <class F>
void for_each_batch(const Model& model, const State& s, const Reduction& r, F&& f) {
    const Config& c = model.config();
    for (int x = 0; x < c.n; ++x) {
        if (!model.is_correct(s, x)) continue;
        for (int t = 0; t < model.layout().types(); ++t)
            for (int v = 0; v < c.values; ++v) {
                std::uint32_t avail = injectors(model, s, x, t, v);
                const int need = batch_need(model, s, x, t, v);
                if (need == 0 || std::popcount(avail) < need || (r.unsound_batch && need > 1)) continue;
                State cur = s;
                Step first;
                for (int i = 0; i < need; ++i) {
                    const Step step{Step::Kind::Byzantine, std::uint8_t(x), std::uint8_t(std::countr_zero(avail)),
                                    std::uint8_t(t), std::uint8_t(v)};
                    avail &= avail - 1;
                    State next;
                    const bool enabled = model.apply(cur, step, next);
                    assert(enabled);  // an injector that has not injected <t, v> at x may
                    (void)enabled;
                    cur = next;
                    if (i == 0) first = step;
                }
                f(first, cur);
            }
    }
}

// Calls f(step, successor) for the steps of the persistent set of `s`.
template <class F>
void for_each_ample_successor(const Model& model, const State& s, const Reduction& r, F&& f,
                              PotentialMemo* memo = nullptr) {
    const Ample a = ample_set(model, s, r, memo);
    if (a.batch) return for_each_batch(model, s, r, f);
    if (a.by_class) {
        const int values = model.config().values;
        return model.for_each_successor_if(
            s,
            [&](const Step& step) {
                if (a.has_key && step == a.step) return true;
                const int c = step.type * values + step.value;
                if (step.kind == Step::Kind::Receive) return (a.take[step.process] >> c & 1) != 0;
                return step.kind == Step::Kind::Byzantine && (a.inject[step.process] >> c & 1) != 0 &&
                       first_injector(model, s, step, r);
            },
            f, a.procs);
    }
    if (!a.single)
        return model.for_each_successor_if(
            s, [&](const Step& step) { return step.kind != Step::Kind::Byzantine || first_injector(model, s, step, r); },
            f, a.procs);
    State next;
    if (model.apply(s, a.step, next)) f(a.step, next);
    if (a.has_second && model.apply(s, a.second, next)) f(a.second, next);
}

// Follows the chain from `s` (docs/reductions.md, "Chains"): while `s` is
// not fair-terminal, violates no property and its persistent set holds one
// step, takes that step. Appends the steps taken to `steps`, if given.
void follow_chain(const Model& model, const Reduction& r, State& s, std::vector<Step>* steps = nullptr);

// Calls f(step, successor) for the steps the reduction expands in `s`. Under
// partial-order reduction the successor is the end of the chain that starts
// with the step: the reduced graph stores only states that branch, end a
// path, or are fair-terminal or violating.
template <class F>
void for_each_reduced_successor(const Model& model, const State& s, const Reduction& r, F&& f) {
    if (!r.por) return model.for_each_successor(s, f);
    for_each_ample_successor(model, s, r, [&](const Step& step, const State& next) {
        State end = next;
        follow_chain(model, r, end);
        f(step, end);
    });
}

}  // namespace rbsynth
