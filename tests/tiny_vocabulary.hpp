// The learner's options over a vocabulary small enough to enumerate in a
// test: 2 types, the first `thresholds` default thresholds (1, F+1, ...).
#pragma once

#include <cstddef>

#include "learner/options.hpp"
#include "model/random_algorithm.hpp"

namespace rbsynth::test {

inline LearnerOptions tiny_vocabulary(FaultModel faults, int max_rules, int thresholds, int values = 1) {
    LearnerOptions o;
    o.faults = faults;
    o.values = values;
    o.types = 2;
    o.max_rules = max_rules;
    o.thresholds = RandomAlgorithmOptions::default_thresholds();
    o.thresholds.resize(static_cast<std::size_t>(thresholds));
    o.finish();
    return o;
}

}  // namespace rbsynth::test
