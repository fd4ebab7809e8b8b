// The transition system of docs/semantics.md for one algorithm and configuration:
// initial states, successors, and the three RB properties. The model
// generates successors; the explorer owns the store and the state ids
// (Storm's NextStateGenerator, LTSmin's next-state callback). Every checker
// and the metrics run these same functions: one semantics, one place.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/algorithm.hpp"
#include "model/config.hpp"
#include "model/layout.hpp"
#include "model/step.hpp"

namespace rbsynth {

enum class Property { None, Integrity, Agreement, Validity };
std::string to_string(Property p);

// A rule with its threshold evaluated for the configuration.
struct CompiledRule {
    bool send = false;
    bool to_all = false;
    std::uint8_t type = 0;
    std::uint8_t guard_type = 0;
    std::int64_t k = 0;  // 0: unguarded
};

// What one step did, for the metrics and the trace view
// (src/explorer/trace_view.hpp). Filled only when apply() is given one: the
// explorer's hot path passes none.
struct StepEffects {
    int delivered_by = -1;       // process that delivered in this step, if any
    std::int64_t deliver_k = 0;  // threshold of the deliver rule that fired
    std::vector<std::pair<int, int>> sends;  // (process, type) newly sent, in firing order
    // The value the step's rules ran for: every send and the delivery of
    // one step carry it (semantics.md, own copies); -1 if no rule fired.
    int value = -1;
    // Bit t: type t was sent `to all`, so the sender received its own copy
    // within the step (a type is sent at most once per process).
    std::uint64_t to_all = 0;
};

class Model {
public:
    // Throws Error (with the rule's file:line:column) when a threshold is not
    // a positive integer for this N and F, or the state does not fit.
    Model(Algorithm alg, Config config);

    const Algorithm& algorithm() const { return alg_; }
    const Config& config() const { return config_; }
    const Layout& layout() const { return layout_; }

    std::vector<State> initial_states() const;

    // Calls f(step, successor) for every enabled step, in a fixed order.
    // With `procs`, only the steps taken by those processes (bit p: process
    // p), plus every crash: the partial-order reduction's persistent set.
    template <class F>
    void for_each_successor(const State& s, F&& f, std::uint32_t procs = ~0u) const;

    // The successor by one step, or false when the step is not enabled.
    bool apply(const State& s, const Step& step, State& out, StepEffects* fx = nullptr) const;

    bool is_correct(const State& s, int p) const {
        return ((s.global >> kCrashShift | s.global >> kByzShift) & (1u << p)) == 0;
    }
    bool is_byzantine(const State& s, int p) const { return (s.global >> kByzShift) & (1u << p); }
    bool is_crashed(const State& s, int p) const { return (s.global >> kCrashShift) & (1u << p); }
    bool fair_terminal(const State& s) const;
    // Process p has used every resource of its `on receive` rules (sent
    // each type they send, delivered if one delivers): no receipt at p can
    // change anything at p but its own receipt bit.
    bool spent(const State& s, int p) const;
    // How many steps every path from an initial state to `s` has: each step
    // adds one receipt from another process, the broadcast or a crash.
    int depth(const State& s) const;
    // Calls f(p, q, t, v) for each message <t, v> from a correct q pending at
    // a correct p (receivers in increasing order, then senders, then
    // types) until f returns true; returns whether it did. Only receivers
    // p with bit p of `receivers` set are looked at.
    template <class F>
    bool any_pending(const State& s, F&& f, std::uint32_t receivers = ~0u) const;
    // Integrity in every state, Agreement and Validity at fair-terminal
    // states; the first violated in that order. `terminal`, if given, is set
    // to whether s is fair-terminal.
    Property violation(const State& s, bool* terminal = nullptr) const;

    std::string describe(const Step& step) const;  // "p2 receives ECHO(1) from p0"

    // Bit t: some `on receive` rule sends type t. A correct process that has
    // sent all of these can never send again.
    std::uint64_t receive_send_types() const { return receive_send_types_; }
    // Bit t: some `on receive` rule sends type t `to all` (with an own copy).
    std::uint64_t receive_to_all_types() const { return receive_to_all_types_; }
    // Bit t: some `on broadcast` rule sends type t `to all`: before a correct
    // p0 broadcasts, an own copy of t may still come to p0 from that step,
    // and it runs p0's `on receive` rules within it.
    std::uint64_t broadcast_to_all_types() const { return broadcast_to_all_types_; }
    // The types whose own copy may still come to correct x in state s
    // (before checking whether x has already sent them): `to all` sends of
    // `on receive`, and, at p0 before its broadcast, of `on broadcast`.
    std::uint64_t own_copy_types(const State& s, int x) const {
        const bool before = x == 0 && !(s.global & kBroadcastBit);
        return receive_to_all_types_ | (before ? broadcast_to_all_types_ : 0);
    }
    // Bit t: type t is sent by both a `to all` and a `to others` rule, so
    // which rule fires first decides the own copy and receipts of one value
    // may fail to commute (the reductions' concern).
    std::uint64_t mixed_target_types() const { return mixed_target_types_; }
    std::uint32_t all_processes() const { return all_procs_; }
    // The compiled `on receive` rules, in order (the reductions' analysis of
    // what a process may still do, src/model/stubborn.cpp).
    const std::vector<CompiledRule>& receive_rules() const { return on_receive_; }
    const std::vector<CompiledRule>& broadcast_rules() const { return on_broadcast_; }

    // for_each_successor, but only the steps for which keep(step) holds are
    // computed and passed to f (the partial-order reduction's filter).
    template <class K, class F>
    void for_each_successor_if(const State& s, K&& keep, F&& f, std::uint32_t procs = ~0u) const;
    // The same steps, each given as a move: f(step, p, word, global), the
    // successor being s with process p's word and the global word replaced
    // (every step changes at most those two). The exact search packs a
    // successor from its parent's packed form with it (Layout::repack),
    // without building the successor's State.
    template <class K, class F>
    void for_each_move_if(const State& s, K&& keep, F&& f, std::uint32_t procs = ~0u) const;

private:
    void execute(std::uint64_t& w, int p, bool broadcast, int v, StepEffects* fx) const;
    void run_rules(std::uint64_t& w, const std::vector<CompiledRule>& rules, int v,
                   std::uint8_t* queue, int& tail, int p, StepEffects* fx) const;

    Algorithm alg_;
    Config config_;
    Layout layout_;
    std::vector<CompiledRule> on_broadcast_, on_receive_;
    std::uint32_t all_procs_ = 0;
    std::uint64_t receive_send_types_ = 0;
    std::uint64_t receive_to_all_types_ = 0;
    std::uint64_t broadcast_to_all_types_ = 0;
    std::uint64_t mixed_target_types_ = 0;
    // from_others_[p]: p's receipt bits from processes other than p (depth).
    std::array<std::uint64_t, kMaxN> from_others_{};
};

// ---- the hot path, inline so the explorer's loop sees through it ----------

template <class F>
void Model::for_each_successor(const State& s, F&& f, std::uint32_t procs) const {
    for_each_successor_if(s, [](const Step&) { return true; }, f, procs);
}

template <class K, class F>
void Model::for_each_successor_if(const State& s, K&& keep, F&& f, std::uint32_t procs) const {
    for_each_move_if(
        s, keep,
        [&](const Step& step, int p, std::uint64_t word, std::uint64_t global) {
            State next = s;
            next.local[p] = word;
            next.global = global;
            f(step, next);
        },
        procs);
}

template <class K, class F>
void Model::for_each_move_if(const State& s, K&& keep, F&& f, std::uint32_t procs) const {
    const int n = config_.n, types = alg_.types.size(), values = config_.values;
    const std::uint32_t byz = (s.global >> kByzShift) & all_procs_;
    const std::uint32_t crashed = (s.global >> kCrashShift) & all_procs_;
    const std::uint32_t correct = all_procs_ & ~byz & ~crashed;
    const std::uint32_t movers = correct & procs;
    if ((movers & 1u) && !(s.global & kBroadcastBit) && keep(Step{Step::Kind::Broadcast, 0, 0, 0, 0})) {
        std::uint64_t w = s.local[0];
        execute(w, 0, true, 0, nullptr);
        f(Step{Step::Kind::Broadcast, 0, 0, 0, 0}, 0, w, s.global | kBroadcastBit);
    }
    for (int p = 0; p < n; ++p) {
        if (!(movers & (1u << p))) continue;
        const std::uint64_t w = s.local[p];
        auto take = [&](const Step& step) {
            std::uint64_t next = w | layout_.recv_bit(step.type, step.from, step.value);
            execute(next, p, false, step.value, nullptr);
            f(step, p, next, s.global);
        };
        for (int q = 0; q < n; ++q) {
            if (q == p) continue;
            if (byz & (1u << q)) {
                for (int t = q == 0 ? 0 : 1; t < types; ++t)
                    for (int v = 0; v < values; ++v) {
                        if (w & layout_.recv_bit(t, q, v)) continue;
                        const Step step{Step::Kind::Byzantine, std::uint8_t(p), std::uint8_t(q), std::uint8_t(t),
                                        std::uint8_t(v)};
                        if (keep(step)) take(step);
                    }
                continue;
            }
            for (int t = q == 0 ? 0 : 1; t < types; ++t) {
                const int sv = layout_.sent(s.local[q], t);
                if (sv == 0 || (w & layout_.recv_bit(t, q, sv - 1))) continue;
                const Step step{Step::Kind::Receive, std::uint8_t(p), std::uint8_t(q), std::uint8_t(t),
                                std::uint8_t(sv - 1)};
                if (keep(step)) take(step);
            }
        }
    }
    if (config_.faults == FaultModel::Crash && std::popcount(crashed) < config_.f) {
        for (int p = 0; p < n; ++p) {
            if (!(correct & (1u << p))) continue;
            const Step step{Step::Kind::Crash, std::uint8_t(p), 0, 0, 0};
            if (keep(step)) f(step, p, s.local[p], s.global | std::uint64_t{1} << (kCrashShift + p));
        }
    }
}

template <class F>
bool Model::any_pending(const State& s, F&& f, std::uint32_t receivers) const {
    const int n = config_.n, types = static_cast<int>(alg_.types.size());
    for (int p = 0; p < n; ++p) {
        if (!(receivers >> p & 1) || !is_correct(s, p)) continue;
        for (int q = 0; q < n; ++q) {
            if (q == p || !is_correct(s, q)) continue;
            for (int t = q == 0 ? 0 : 1; t < types; ++t) {
                const int sv = layout_.sent(s.local[q], t);
                if (sv != 0 && !(s.local[p] & layout_.recv_bit(t, q, sv - 1)) && f(p, q, t, sv - 1)) return true;
            }
        }
    }
    return false;
}

inline void Model::run_rules(std::uint64_t& w, const std::vector<CompiledRule>& rules, int v,
                             std::uint8_t* queue, int& tail, int p, StepEffects* fx) const {
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const CompiledRule& r = rules[i];
        if (r.k > 0 && std::popcount(w & layout_.recv_mask(r.guard_type, v)) < r.k) continue;
        if (r.send) {
            if (layout_.sent(w, r.type) != 0) continue;
            w = layout_.with_sent(w, r.type, v);
            if (r.to_all) queue[tail++] = r.type;
            if (fx) {
                fx->sends.emplace_back(p, r.type);
                fx->value = v;
                if (r.to_all) fx->to_all |= std::uint64_t{1} << r.type;
            }
        } else if (layout_.delivered(w) == 0) {
            w = layout_.with_delivered(w, v);
            if (fx) {
                fx->delivered_by = p;
                fx->deliver_k = r.k;
                fx->value = v;
            }
        }
    }
}

inline void Model::execute(std::uint64_t& w, int p, bool broadcast, int v, StepEffects* fx) const {
    // Own copies: each type is sent at most once, so at most 64 are queued.
    std::uint8_t queue[64];
    int head = 0, tail = 0;
    run_rules(w, broadcast ? on_broadcast_ : on_receive_, v, queue, tail, p, fx);
    while (head < tail) {
        w |= layout_.recv_bit(queue[head++], p, v);
        run_rules(w, on_receive_, v, queue, tail, p, fx);
    }
}

}  // namespace rbsynth
