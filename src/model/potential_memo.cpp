// Why a quiet receipt leaves the analysis unchanged (the argument in full is
// in docs/reductions.md, "The analysis along a chain"; the test
// "the analysis carried along quiet receipts equals a fresh one" checks it
// on random walks over the whole random language).
//
// Let the step be x's receipt of <t, v> from q that sets bit (t, q, v) of
// x's word and fires nothing. The fixpoint of potential.cpp reads, of a
// state, the fault flags, every correct process's sent types and delivered
// value, and the receipt bits only through future_count and recv_from:
// - the fault flags, every sent type and delivered value are unchanged;
// - q is among the fixpoint's senders of <t, v> from its start (q is
//   correct and has sent <t, v>, or q is Byzantine and every injection is
//   assumed; a crashed q's receipt is not carried), and q is
//   neither x nor (for type 0) anyone but p0, so future_count moves q from
//   "may still send" to "held" and counts the same;
// - an unguarded rule with an unused resource fires at x's first receipt
//   (every state is closed under its rules), so after a receipt that fired
//   nothing, x has none, before and after: the one comparison with the
//   held count (the unguarded branch of may_fire) is false in both.
// So every may_fire, hence may_send, senders, may_deliver and the fire
// sets, are those of the previous state, and recv_from gains q's bit.
#include "model/potential_memo.hpp"

#include <cassert>

namespace rbsynth {

const Potential& PotentialMemo::at(const Model& model, const State& s, bool forget_byzantine) {
    if (valid_ && forget_byzantine_ == forget_byzantine && state_ == s) return p_;
    analyse_into(model, s, p_, forget_byzantine);
    ++computed_;
    valid_ = true;
    forget_byzantine_ = forget_byzantine;
    state_ = s;
    return p_;
}

void PotentialMemo::advance(const Model& model, const State& s, const Step& step, const State& next) {
    if (stale_ && valid_) {  // the test switch: the chain's first analysis, whatever the steps
        state_ = next;
        ++carried_;
        return;
    }
    if (!valid_ || !(state_ == s)) {
        valid_ = false;
        return;
    }
    const int x = step.process, q = step.from;
    const bool receipt = step.kind == Step::Kind::Receive || step.kind == Step::Kind::Byzantine;
    // The analysis counts only correct and Byzantine senders: a crashed
    // q's message (crash faults, where rule 3 does not apply anyway) and
    // the analysis without Byzantine senders (the unsound test switch of
    // potential.cpp) leave q out, so the receipt is not carried.
    if (!receipt || q == x || forget_byzantine_ || model.is_crashed(s, q)) {
        valid_ = false;
        return;
    }
    const std::uint64_t bit = model.layout().recv_bit(step.type, q, step.value);
    if ((s.local[x] & bit) || next.local[x] != (s.local[x] | bit)) {
        valid_ = false;
        return;
    }
    // Every other word and the global word are untouched by a receipt
    // (Model::apply); checked in debug builds.
    assert(next.global == s.global);
    if (p_.fits) p_.recv_from[x][p_.cls(step.type, step.value)] |= 1u << q;
    state_ = next;
    ++carried_;
}

}  // namespace rbsynth
