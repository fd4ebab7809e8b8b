// The TBB-parallel depth-first reachability search over the shared store.
#pragma once

#include "explorer/options.hpp"
#include "explorer/result.hpp"
#include "model/model.hpp"

namespace rbsynth {

struct SearchOutcome {
    bool finished = false;               // every reachable state was expanded
    Property property = Property::None;  // the first violation a worker met
    Limit limit = Limit::None;
    SearchStats stats;
};

// Explores every state reachable in `model`, checking its properties, until
// done, a violation (when options.stop_at_violation) or a limit.
SearchOutcome parallel_search(const Model& model, const ExplorerOptions& options);

// Resolves options.threads (0: every core) and options.max_memory (0: a
// default share of physical memory).
int effective_threads(const ExplorerOptions& options);
std::uint64_t effective_max_memory(const ExplorerOptions& options);

}  // namespace rbsynth
