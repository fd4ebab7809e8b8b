// Rewards. The measured reward reads the candidate's own cost from the
// failure-free synchronous run of docs/semantics.md ("Efficiency metrics"); the
// paper's static per-action reward (RL generation paper, Section III: an
// action that sends fewer messages costs less) is kept for comparison.
#pragma once

#include <optional>

#include "explorer/result.hpp"
#include "learner/options.hpp"
#include "learner/vocabulary.hpp"
#include "model/algorithm.hpp"
#include "model/metrics.hpp"

namespace rbsynth {

struct Cost {
    std::int64_t messages = 0;
    int steps = 0;
    std::int64_t threshold = 0;  // k of the deliver rule that fired
    double value = 0;            // the weighted cost the learner minimises
    bool valid = false;          // false: some process never delivers in the failure-free run
};

// Cost of a candidate at the learning N (F: the fault model's default).
Cost measure_cost(const Algorithm& alg, const LearnerOptions& options);

// Reward of one action (paper mode; 0 in measured mode).
double action_reward(const Vocabulary& vocab, int action, const LearnerOptions& options);
// Reward at the end of an episode: bonus minus the measured cost (measured
// mode) or the bonus alone (paper mode) for "holds"; the penalty for
// "violated"; nothing for "incomplete".
double final_reward(Verdict verdict, const Cost& cost, const LearnerOptions& options);

}  // namespace rbsynth
