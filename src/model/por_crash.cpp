// Rule 4 of docs/reductions.md: a persistent set for crash faults that keeps
// every fair-terminal *outcome* (the crashed set and the state of every
// correct process, which is all Agreement and Validity read), not every
// fair-terminal state. Without Byzantine processes every message carries
// value 0, so when no type is sent by both a `to all` and a `to others`
// rule, a process's word after a set of receipts does not depend on their
// order, and a key receipt e (x receives from q) commutes with every step
// but crash(x). With q passive (it can never send again), {e, crash(q)} is
// persistent for outcomes: a path that takes e can take it first; a path
// that never takes e ends with x crashed (then e first reaches the same
// outcome: x only sends more, and x's extra messages come from a crashed
// process) or with q crashed (then crash(q) first: q's later steps send
// nothing, and q's own state is not part of the outcome). The argument,
// with its induction on the longest path, is in docs/reductions.md
// (Godefroid's persistent sets, LNCS 1032, 1996, for a visibility relation
// that only sees outcomes).
#include "model/por_crash.hpp"

#include <bit>

namespace rbsynth {

bool crash_outcome_ample(const Model& model, const State& s, std::uint32_t active, const Reduction& r, Ample& out) {
    if (model.config().faults != FaultModel::Crash || model.mixed_target_types()) return false;
    const std::uint32_t all = model.all_processes();
    const std::uint32_t crashed = static_cast<std::uint32_t>(s.global >> kCrashShift) & all;
    bool found = false;
    model.any_pending(s, [&](int x, int q, int t, int v) {
        if ((active & (1u << q)) && !r.unsound_crash) return false;
        out.single = true;
        out.step = Step{Step::Kind::Receive, std::uint8_t(x), std::uint8_t(q), std::uint8_t(t), std::uint8_t(v)};
        out.has_second = std::popcount(crashed) < model.config().f && !r.unsound_crash;
        out.second = Step{Step::Kind::Crash, std::uint8_t(q), 0, 0, 0};
        found = true;
        return true;
    });
    return found;
}

}  // namespace rbsynth
