// What a state may still lead to, and the transition-level stubborn sets
// built on it (docs/reductions.md, "Persistent sets of receipts"). Fault
// models none and byzantine only; under crash faults the process-granular
// rule of por.cpp applies.
#pragma once

#include <array>
#include <cstdint>

#include "model/model.hpp"

namespace rbsynth {

// Resources of a process: bit t is "has not yet sent type t", bit
// kDeliverResource is "has not yet delivered". A receipt changes a process's
// word beyond its own receipt bit only by using resources (semantics.md:
// each type is sent at most once, whatever the value; deliver at most once).
inline constexpr int kDeliverResource = 63;

// An over-approximation of every future of `s` (every state reachable from
// it), computed as a least fixpoint: a send or delivery that happens in some
// future is justified by receipts that each come from a Byzantine process,
// from a send already made, or from a future send justified the same way.
// Valid for fault models none and byzantine, in states where p0 has
// broadcast or is Byzantine (its broadcast handler never runs again).
struct Potential {
    int n = 0, types = 0, values = 1;
    bool fits = false;  // n * types * values <= 128: the class graph fits a NodeSet
    // Bit t * V + v: correct q has sent <t, v>, or may send it in some
    // future; for a Byzantine q, every <t, v> it may inject.
    std::array<std::uint64_t, kMaxN> may_send{};
    // Bit v: correct x may deliver v in some future (0 once it delivered).
    std::array<std::uint32_t, kMaxN> may_deliver{};
    // fire[x][t * V + v]: the resources of correct x that a receipt of
    // <t, v> at x may use, in any future state, directly or through the own
    // copies it makes x receive. Empty: such a receipt never changes
    // anything but its own receipt bit, now or later.
    std::array<std::array<std::uint64_t, 64>, kMaxN> fire;
    // Types sent by both a `to all` and a `to others` rule: which of the two
    // fires decides whether the own copy is received, so receipts of one
    // value may conflict through them.
    std::uint64_t mixed = 0;
    // recv_from[x][t * V + v]: the senders of the <t, v> that correct x
    // holds (bit q); senders[t * V + v]: the processes that may send <t, v>
    // (bit q of may_send). Only entries of correct x are filled.
    std::array<std::array<std::uint32_t, 64>, kMaxN> recv_from;
    std::array<std::uint32_t, 64> senders{};

    int cls(int t, int v) const { return t * values + v; }
};

// `forget_byzantine`: a deliberately unsound analysis that ignores what
// Byzantine processes may send (Reduction::unsound_potential, for tests).
Potential analyse(const Model& model, const State& s, bool forget_byzantine = false);
// The same, written into `p` (which may hold an earlier analysis).
void analyse_into(const Model& model, const State& s, Potential& p, bool forget_byzantine = false);

// Two receipts at correct x, of <t1, v1> and <t2, v2>, may fail to commute
// in some future state only if this holds.
inline bool may_conflict(const Potential& p, int x, int t1, int v1, int t2, int v2) {
    const std::uint64_t both = p.fire[x][p.cls(t1, v1)] & p.fire[x][p.cls(t2, v2)];
    return v1 != v2 ? both != 0 : (both & p.mixed) != 0;
}

}  // namespace rbsynth
