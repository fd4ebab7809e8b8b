// The explorer's entry point: search, verdict, counterexample.
#pragma once

#include "explorer/options.hpp"
#include "explorer/result.hpp"
#include "model/model.hpp"

namespace rbsynth {

// Never throws for a large model: limits end the search with an
// "incomplete" verdict. "holds" only when every reachable state was checked.
CheckResult check(const Model& model, const ExplorerOptions& options);

}  // namespace rbsynth
