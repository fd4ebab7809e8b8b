// Pruning heuristics over the action space, in the spirit of the reference
// paper's (RL generation paper, Section III: "rules that discard invalid
// actions in specific states"). Each is named in Heuristics and switchable;
// docs/learner.md gives the reason for each.
#pragma once

#include <vector>

#include "learner/options.hpp"
#include "learner/partial.hpp"
#include "learner/vocabulary.hpp"

namespace rbsynth {

// The actions an episode may take next from `partial` (tabu aside, which
// the Q-table keeps). Never empty for an incomplete partial algorithm.
std::vector<int> allowed_actions(const Vocabulary& vocab, const PartialAlgorithm& partial,
                                 const LearnerOptions& options);

}  // namespace rbsynth
