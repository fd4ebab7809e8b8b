// The TBB-parallel depth-first reachability search over the shared store.
#pragma once

#include <optional>

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

// Explores every state reachable in `model`, checking its properties, until
// done, a violation (when options.stop_at_violation) or a limit. `known`: a
// property already found violated (by the breadth-first pass); the search
// then looks only for the properties before it.
SearchOutcome parallel_search(const Model& model, const ExplorerOptions& options,
                              Property known = Property::None);

// Resolves options.threads (0: every core) and options.max_memory (0: a
// default share of physical memory).
int effective_threads(const ExplorerOptions& options);
std::uint64_t effective_max_memory(const ExplorerOptions& options);

}  // namespace rbsynth
