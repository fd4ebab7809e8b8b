// Minimal algorithms: the learner hands back no dead rules. A rule whose
// removal keeps the verdict ("holds" at every validation size) and the
// failure-free cost at every validation size is idle in the runs that
// matter (a deliver that never fires first, a send whose messages change
// no guard's outcome), so it is dropped, and the smaller algorithm, being
// a different candidate, is validated again.
#pragma once

#include "learner/options.hpp"
#include "learner/validator.hpp"
#include "model/algorithm.hpp"

namespace rbsynth {

// `alg` must be canonical and hold. Drops the first `on receive` rule
// whose removal keeps both, and repeats until none does; the result is
// canonical. Deterministic: rules are tried in order, and the validator's
// verdicts are functions of the candidate.
Algorithm drop_dead_rules(const Algorithm& alg, Validator& validator, const LearnerOptions& options);

}  // namespace rbsynth
