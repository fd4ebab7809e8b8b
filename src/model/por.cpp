// Partial-order reduction by persistent sets (Godefroid, "Partial-Order
// Methods for the Verification of Concurrent Systems", LNCS 1032, 1996;
// Valmari's stubborn sets, "Stubborn sets for reduced state space
// generation", 1991). docs/reductions.md proves that the reduced graph keeps
// every reachable fair-terminal outcome (fault flags and deliveries, so
// Agreement and Validity) and an Integrity violation whenever there is one.
// Without crashes the transition-level sets of stubborn.cpp apply (rule 3);
// this file holds rule 1 and the process-granular rule 2 for crash faults.
// The facts rule 2 rests on:
// - steps of different processes commute and never disable one another;
//   only crashes share a budget, and every crash is always expanded;
// - a process's steps are enabled by its own state, Byzantine injections
//   and messages others send it, and a correct process that has sent every
//   type its `on receive` rules send can never send again ("passive");
// - every step adds a receipt, the broadcast or a crash, so the graph is
//   acyclic and needs no cycle proviso.
#include <algorithm>
#include <bit>

#include "model/por_crash.hpp"
#include "model/potential_memo.hpp"
#include "model/reduction.hpp"

namespace rbsynth {

std::string Reduction::str() const {
    if (symmetry && por) return "all";
    if (symmetry) return "symmetry";
    if (por) return "por";
    return "none";
}

bool parse_reduction(const std::string& text, Reduction& out) {
    if (text == "none") out = Reduction{false, false};
    else if (text == "symmetry") out = Reduction{true, false};
    else if (text == "por") out = Reduction{false, true};
    else if (text == "all") out = Reduction{true, true};
    else return false;
    return true;
}

namespace {

// Correct processes that may still send: some type sent by an `on receive`
// rule is not yet sent. Every other correct process is passive.
std::uint32_t active_processes(const Model& model, const State& s, std::uint32_t correct) {
    const Layout& l = model.layout();
    std::uint32_t active = 0;
    for (int q = 0; q < l.n(); ++q) {
        if (!(correct & (1u << q))) continue;
        for (int t = 0; t < l.types(); ++t)
            if ((model.receive_send_types() >> t & 1) && l.sent(s.local[q], t) == 0) {
                active |= 1u << q;
                break;
            }
    }
    return active;
}

// The first pending receipt from a correct sender at one of `receivers`, as
// a one-step set in `out`; false (and `out` untouched) when there is none.
bool first_pending(const Model& model, const State& s, std::uint32_t receivers, Ample& out) {
    return model.any_pending(
        s,
        [&](int x, int q, int t, int v) {
            out.single = true;
            out.step = Step{Step::Kind::Receive, std::uint8_t(x), std::uint8_t(q), std::uint8_t(t), std::uint8_t(v)};
            return true;
        },
        receivers);
}

// Rule 6 of docs/reductions.md (crash faults): a receipt at a correct,
// spent x of a message from a crashed sender (the correct senders' are
// found by first_pending). It fires no rule, so it changes x's receipt
// bits alone, which no outcome reads; taken alone it commutes with every
// path and loses none of their outcomes. `any` (unsound_spent): at any
// correct x.
bool crashed_sender_receipt(const Model& model, const State& s, std::uint32_t correct, std::uint32_t crashed,
                            bool any, Ample& out) {
    const Layout& l = model.layout();
    for (int x = 0; x < l.n(); ++x) {
        if (!(correct >> x & 1) || !(any || model.spent(s, x))) continue;
        for (int q = 0; q < l.n(); ++q) {
            if (!(crashed >> q & 1)) continue;
            for (int t = q == 0 ? 0 : 1; t < l.types(); ++t) {
                const int sv = l.sent(s.local[q], t);
                if (sv == 0 || (s.local[x] & l.recv_bit(t, q, sv - 1))) continue;
                out.single = true;
                out.step = Step{Step::Kind::Receive, std::uint8_t(x), std::uint8_t(q), std::uint8_t(t), std::uint8_t(sv - 1)};
                return true;
            }
        }
    }
    return false;
}

}  // namespace

int batch_need(const Model& model, const State& s, int x, int t, int v) {
    const Layout& l = model.layout();
    const std::uint64_t w = s.local[x];
    std::int64_t need = 0;
    for (const CompiledRule& rule : model.receive_rules()) {
        if (rule.send ? l.sent(w, rule.type) != 0 : l.delivered(w) != 0) continue;  // resource used
        std::int64_t k = 1;
        if (rule.k > 0) {
            if (rule.guard_type != t) continue;
            k = std::max<std::int64_t>(rule.k - std::popcount(w & l.recv_mask(t, v)), 1);
        }
        if (need == 0 || k < need) need = k;
    }
    return static_cast<int>(std::min<std::int64_t>(need, kMaxN));
}

Ample ample_set(const Model& model, const State& s, const Reduction& r, PotentialMemo* memo) {
    const std::uint32_t all = model.all_processes();
    const std::uint32_t faulty = static_cast<std::uint32_t>((s.global >> kCrashShift | s.global >> kByzShift) & all);
    const std::uint32_t correct = all & ~faulty;
    Ample full;
    // Before a correct sender broadcasts, Integrity's "only after p0
    // broadcast it" makes the order of the broadcast and any delivery
    // visible: expand fully (the broadcast is then the only correct step).
    if ((correct & 1u) && !(s.global & kBroadcastBit))
        return model.config().faults == FaultModel::Byzantine && !r.unsound_por ? lazy_full_ample(model, s, r) : full;
    const bool crash = model.config().faults == FaultModel::Crash;
    // Without crashes, a pending receipt at a spent process changes nothing
    // but its own bit and commutes with every step, and every fair-terminal
    // continuation takes it: alone it is a persistent set (rule 3 with an
    // empty closure, found without the analysis).
    if (!crash && !r.unsound_por) {
        std::uint32_t spent = 0;
        for (int x = 0; x < model.config().n; ++x)
            if ((correct >> x & 1) && model.spent(s, x)) spent |= 1u << x;
        Ample one;
        if (spent && first_pending(model, s, spent, one)) return one;
        // Rule 7: a keyless state (p0 has broadcast or is Byzantine, here)
        // expands injection batches, when the order of same-value receipts
        // cannot decide an own copy.
        if (model.config().faults == FaultModel::Byzantine && !r.no_batch && !model.mixed_target_types() &&
            !model.any_pending(s, [](int, int, int, int) { return true; })) {
            Ample batch;
            batch.batch = true;
            return batch;
        }
        // Otherwise: persistent sets of receipts (stubborn.cpp).
        Ample a = stubborn_ample(model, s, r, memo);
        if (a.by_class) return a;
    }
    if (r.unsound_por) {  // the test switch: one key step, nothing else, not even a crash
        Ample one;
        first_pending(model, s, all, one);
        return one;
    }
    if (crash && !r.no_spent_crash) {
        // Rule 6: a spent receiver's receipt alone, from a correct sender
        // (which a fair run must deliver) or from a crashed one.
        const std::uint32_t crashed = static_cast<std::uint32_t>(s.global >> kCrashShift) & all;
        std::uint32_t spent = 0;
        for (int x = 0; x < model.config().n; ++x)
            if ((correct >> x & 1) && model.spent(s, x)) spent |= 1u << x;
        Ample one;
        if ((spent && first_pending(model, s, spent, one)) ||
            crashed_sender_receipt(model, s, correct, crashed, r.unsound_spent, one))
            return one;
    }
    const std::uint32_t active = active_processes(model, s, correct);
    if (crash) {
        Ample a;
        if (crash_outcome_ample(model, s, active, r, a)) return a;
    }
    Ample best = full;
    best.procs = all;
    // A key step: correct q's message pending at correct x. It must be taken
    // (or x or q must crash) before any fair-terminal state, so a persistent
    // set holding it cannot ignore the rest of the system.
    model.any_pending(s, [&](int x, int q, int, int) {
        const std::uint32_t set = active | (1u << x) | (crash ? 1u << q : 0u);
        if (std::popcount(set) < std::popcount(best.procs)) best.procs = set;
        return false;
    });
    return best;
}

void follow_chain(const Model& model, const Reduction& r, State& s, std::vector<Step>* steps) {
    // Most links are receipts that fire nothing, which leave the analysis
    // of what may still happen as it was (potential_memo.cpp).
    PotentialMemo memo(r.stale_memo);
    PotentialMemo* const m = r.no_memo ? nullptr : &memo;
    for (;;) {
        bool terminal = false;
        if (model.violation(s, &terminal) != Property::None || terminal) return;
        int count = 0;
        Step only;
        State next;
        for_each_ample_successor(model, s, r, [&](const Step& step, const State& succ) {
            if (++count > 1) return;
            only = step;
            next = succ;
        }, m);
        if (count != 1) return;
        if (m) m->advance(model, s, only, next);
        if (steps) steps->push_back(only);
        s = next;
    }
}

}  // namespace rbsynth
