// A partial algorithm: the actions an episode has taken so far, in a
// canonical order, so that orders of the same rules that mean the same
// algorithm share one learner state (and one row of the Q-table).
#pragma once

#include <cstdint>
#include <vector>

#include "learner/vocabulary.hpp"
#include "model/algorithm.hpp"

namespace rbsynth {

struct PartialAlgorithm {
    int broadcast = -1;          // action index of the broadcast handler's send; -1: not chosen yet
    std::vector<int> receive;    // action indices of `on receive`, canonical order
    bool stopped = false;        // STOP taken, or the rule budget spent

    // Appends an action and restores the canonical order.
    void add(const Vocabulary& vocab, int action, int max_rules);
    bool complete() const { return stopped; }
    bool has_deliver(const Vocabulary& vocab) const;
    bool sends_type(const Vocabulary& vocab, int type) const;
    std::uint64_t key() const;   // hash of the canonical form, interns learner states
    Algorithm algorithm(const Vocabulary& vocab) const;
};

// The same algorithm with unused types dropped, types renumbered to give
// the least canonical text, and rules in canonical order: candidates that
// differ only in type names or in the order of independent rules share it.
Algorithm canonical_candidate(const Algorithm& alg);

}  // namespace rbsynth
