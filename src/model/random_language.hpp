// Seeded random candidates over the whole algorithm language (issue #13):
// unlike random_algorithm, whose candidates have one `send <type 0>` as the
// broadcast handler and one rule per receive slot, these use everything the
// grammar allows: broadcast handlers with several sends, guards and
// deliveries; sends of every type from both handlers; a type sent both to
// all and to others; several rules per type with different guards;
// unguarded rules; several deliver rules; thresholds from 1 to N+1 over N
// and F with floors and ceilings. The differential soundness harness
// (tests/differential.cpp) checks the reductions on them.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "model/algorithm.hpp"

namespace rbsynth {

struct LanguageOptions {
    int min_types = 2;
    int max_types = 4;
    int max_broadcast_rules = 3;
    int max_receive_rules = 6;
    // (N, F) pairs at which every guard's threshold must be a valid k (an
    // integer >= 1; k = N+1, a rule that never fires, is allowed): the
    // model rejects k <= 0 as an input error.
    std::vector<std::pair<int, int>> sizes = {{4, 1}};
};

// The same generator state gives the same algorithm on every platform
// (std::mt19937_64, whose output the standard fixes; no distributions).
Algorithm random_language_algorithm(std::mt19937_64& rng, const LanguageOptions& options = {});

// A neighbour of `base`, one to three edits: a threshold, a guard's type, a
// target, a sent type, a guard added or dropped, a rule added, removed,
// duplicated with another guard, or swapped with its neighbour (rules run
// in order), in either handler. Thresholds it writes are valid for
// options.sizes; those of `base` are kept as they are.
Algorithm mutate_language_algorithm(const Algorithm& base, std::mt19937_64& rng, const LanguageOptions& options = {});

// A threshold valid (1 <= k <= N+1) at every size of `sizes`: a named one
// (1, 2, F, F+1, 2F+1, N-F, N-2F, ceil((N+F+1)/2), ...) or a random
// ceil/floor((aN + bF + c)/d); "1" when none of the draws fits.
ExprPtr random_threshold(std::mt19937_64& rng, const std::vector<std::pair<int, int>>& sizes);

}  // namespace rbsynth
