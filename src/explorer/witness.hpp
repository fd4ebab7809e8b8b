// A path to a given reachable state: the counterexample for the violation
// the parallel search met, which keeps no parent links. Every field of the
// state only grows along a step (receipts are added, a sent value or a
// delivery is set once, flags are set once), so every state on a path to
// the target lies below it in that order, and a depth-first search that
// keeps to such states finds a path at once in practice.
#pragma once

#include <cstdint>
#include <optional>

#include "explorer/result.hpp"
#include "model/model.hpp"

namespace rbsynth {

struct WitnessOptions {
    std::uint64_t max_states = 1'000'000;  // states the search may visit
    double time_limit = 0;                 // seconds; 0: none
};

// A trace of the unreduced model from an initial state to `target` (a
// reachable state, e.g. one the reduced search stored), ending with
// `property`; nullopt when the budget ran out first.
std::optional<Trace> path_to(const Model& model, const State& target, Property property,
                             const WitnessOptions& options = {});

}  // namespace rbsynth
