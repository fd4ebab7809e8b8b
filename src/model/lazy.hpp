// Lazy Byzantine injections and cold classes (docs/reductions.md): the
// per-class facts that rule 1 and rule 3's persistent sets read.
#pragma once

#include <cstdint>

#include "model/reduction.hpp"

namespace rbsynth {

// `critical`: the Byzantine injections of <t, v> at correct x may be
// expanded. `hot`: the class brings in its conflicts. `held`: the senders
// of the <t, v> that x holds; `avail`: the Byzantine processes that may
// still inject it at x. `r` carries the test switches (unsound_lazy,
// unsound_own_copies, unsound_cold).
struct Heat {
    bool critical = false;
    bool hot = false;
};
Heat heat(const Model& model, const State& s, int x, int t, std::uint32_t held, std::uint32_t avail, const Reduction& r);

}  // namespace rbsynth
