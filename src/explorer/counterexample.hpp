// Shortest counterexamples: a breadth-first search from the initial states
// that stops at the first violating state, then the path back through
// parent links. Run after the parallel search has found that a violation
// exists, so its cost is paid only for violated configurations.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "explorer/options.hpp"
#include "explorer/result.hpp"
#include "explorer/search.hpp"
#include "model/model.hpp"

namespace rbsynth {

struct CounterexampleOutcome {
    std::optional<Trace> trace;
    Limit limit = Limit::None;  // why no trace was found
    bool complete = false;      // searched everything, no violation
    SearchStats stats;          // of this search
};

// Breadth-first, in the model's successor order: the result is the same on
// every run, and no violation is reachable in fewer steps (in the graph
// options.reduce searches). `target`: only states whose violation() is that
// property count (None: any violation, the first in the order Integrity,
// Agreement, Validity at the least depth). `seed`: set only when the
// search ends at options.max_states having met no violation, to where it
// stopped, for parallel_search to go on from.
CounterexampleOutcome shortest_counterexample(const Model& model, const ExplorerOptions& options,
                                              Property target = Property::None,
                                              std::optional<SearchSeed>* seed = nullptr);

// The states along a trace (initial first); empty when a step is not
// enabled, and then `failed_step` is its 0-based index.
std::vector<State> replay(const Model& model, const Trace& trace, int* failed_step = nullptr);

// "p2 receives ECHO(0) from p0; p2 delivers 0" for each step.
std::vector<std::string> describe(const Model& model, const Trace& trace);

}  // namespace rbsynth
