// The TBB-parallel depth-first reachability search over the shared store.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "explorer/options.hpp"
#include "explorer/result.hpp"
#include "model/model.hpp"

namespace rbsynth {

struct SearchOutcome {
    bool finished = false;               // every reachable state was expanded
    // The violated property reported (options.exact_property: the first in
    // the order Integrity, Agreement, Validity met, else the first met),
    // and a state that violates it.
    Property property = Property::None;
    std::optional<State> witness;
    Limit limit = Limit::None;
    SearchStats stats;
};

// Where an earlier search of the same graph stopped (the breadth-first
// pass at its budget, check.cpp): the states it expanded, every successor
// of which it stored, and the states it stored without expanding them,
// both packed (canonical under symmetry reduction), none violating a
// property among the expanded ones. The parallel search goes on from the
// frontier, the first state first, instead of starting over: under
// partial-order reduction the pass may have done most of the work
// (Bracha, V = 2, N = 7, `por`: 100,000 of 150,648 states). The stored
// states, and so every count, are those of a search from the initial
// states: a state's successors are a function of the state alone.
struct SearchSeed {
    std::vector<std::uint8_t> expanded;
    std::vector<std::uint8_t> frontier;
    // Of the expanded states: transitions, fair_terminal, initial_states.
    SearchStats stats;
};

// Explores every state reachable in `model`, checking its properties, until
// done, a violation (when options.stop_at_violation) or a limit. `known`: a
// property already found violated (by the breadth-first pass); the search
// then looks only for the properties before it. `seed`: go on from there
// instead of from the initial states.
SearchOutcome parallel_search(const Model& model, const ExplorerOptions& options,
                              Property known = Property::None, const SearchSeed* seed = nullptr);

// Resolves options.threads (0: every core) and options.max_memory (0: a
// default share of physical memory).
int effective_threads(const ExplorerOptions& options);
std::uint64_t effective_max_memory(const ExplorerOptions& options);

}  // namespace rbsynth
