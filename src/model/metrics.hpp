// Efficiency metrics of docs/semantics.md: the failure-free synchronous run.
// The learner's reward and `rbsynth metrics` both read these figures.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "model/model.hpp"

namespace rbsynth {

struct Metrics {
    std::int64_t messages = 0;                 // point-to-point messages to other processes
    std::optional<int> steps;                  // round of the last delivery; none if someone never delivers
    std::optional<std::int64_t> threshold;     // largest k among the deliver rules that fired
    std::vector<std::optional<int>> delivered_round;  // per process
};

// Runs the algorithm with every process correct, in synchronous rounds:
// round 0 is p0's broadcast; messages sent in round r are received in round
// r+1, in order of sender, then receiver, then the order they were sent.
Metrics measure(const Model& model);

}  // namespace rbsynth
