// The analysis of what may still happen, carried along a chain (issue #14;
// docs/reductions.md, "The analysis along a chain"). A chain link is
// mostly a receipt that fires no rule; such a step leaves the analysis as
// it was but for the receipt's own sender bit, so the next link reuses it
// instead of recomputing the fixpoint.
#pragma once

#include <cstdint>

#include "model/stubborn.hpp"

namespace rbsynth {

class PotentialMemo {
public:
    // `stale` (Reduction::stale_memo, for tests): the first analysis is
    // carried over every step, unchanged.
    explicit PotentialMemo(bool stale = false) : stale_(stale) {}

    // The analysis of `s`: the memo's own when it was computed for `s` or
    // carried to it, else computed now (and kept).
    const Potential& at(const Model& model, const State& s, bool forget_byzantine);

    // The chain went from `s` to `next` by `step`. The analysis is carried
    // over exactly when the step is a quiet receipt: it set its receipt
    // bit and nothing else (no rule fired). Anything else drops it.
    void advance(const Model& model, const State& s, const Step& step, const State& next);

    std::uint64_t computed() const { return computed_; }
    std::uint64_t carried() const { return carried_; }

private:
    bool valid_ = false;
    bool forget_byzantine_ = false;
    bool stale_ = false;
    State state_;
    Potential p_;
    std::uint64_t computed_ = 0, carried_ = 0;
};

}  // namespace rbsynth
