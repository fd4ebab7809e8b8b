// Seeded random candidate algorithms drawn from the learner's vocabulary:
// rules of the language with types, targets and thresholds picked at
// random. Used by the tests (explorer against the reference enumerator),
// the Spin corpus and the learner's exploration; correct and broken
// candidates alike.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "model/algorithm.hpp"

namespace rbsynth {

struct RandomAlgorithmOptions {
    int min_types = 2;
    int max_types = 3;
    int max_receive_rules = 4;
    // Thresholds a guard may use; each is >= 1 whenever N > 2F and N >= 3.
    std::vector<ExprPtr> thresholds = default_thresholds();

    static std::vector<ExprPtr> default_thresholds();  // 1, F+1, 2F+1, N-F, N-2F, ceil((N+F+1)/2)
};

// The same seed gives the same algorithm on every platform (the generator
// is std::mt19937_64, whose output the standard fixes; no distributions).
Algorithm random_algorithm(std::uint64_t seed, const RandomAlgorithmOptions& options = {});

// A neighbour of `base`: one or two `on receive` rules get another
// threshold, guard type or target. Mutants of correct algorithms are often
// still correct, so a corpus of them mixes holds and violated.
Algorithm mutate_algorithm(const Algorithm& base, std::uint64_t seed, const RandomAlgorithmOptions& options = {});

}  // namespace rbsynth
