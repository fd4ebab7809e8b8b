// `rbsynth enumerate --sample N`: uniform random sampling of the language
// with the enumeration's own validator (enumerate/sampling.hpp), its
// summary on stdout and its files (docs/enumerate.md, "Uniform sampling").
#pragma once

#include <atomic>
#include <string>

#include "enumerate/sampling.hpp"

namespace rbsynth::tool {

// Samples, prints the summary and writes report.json (and sample-best.alg,
// the least-cost algorithm met) in `out`. Returns 0 when the run ended at
// its target cost or, without one, after its draws; 2 when the target was
// not met within the budget or `stop` was set.
int run_sampling(Enumeration& e, const SampleOptions& o, const std::string& out, double language_seconds,
                 const std::atomic<bool>* stop);

}  // namespace rbsynth::tool
