// Rule 4 of docs/reductions.md: the outcome-preserving persistent set for
// crash faults, {key receipt from a passive sender, that sender's crash}.
#pragma once

#include <cstdint>

#include "model/reduction.hpp"

namespace rbsynth {

// Fills `out` (single step, plus the sender's crash while the budget allows)
// and returns true when the rule applies in `s`: crash faults, no type sent
// by both a `to all` and a `to others` rule, p0 broadcast or crashed, and a
// message pending between correct processes whose sender is not in `active`.
bool crash_outcome_ample(const Model& model, const State& s, std::uint32_t active, const Reduction& r, Ample& out);

}  // namespace rbsynth
