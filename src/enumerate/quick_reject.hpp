// A cheap first check that can only reject: a small depth-first search of
// the candidate's model at one size, with a scratch store reused from
// candidate to candidate, that reports a violation when it reaches a state
// that Model::violation says violates a property. Most classes of the
// language are wrong and fail within a few dozen states, where a full
// check() spends about a millisecond on setting up (its store's memory
// map, page faults, threads). Sound because the state it reaches is
// reachable in the same model, judged by the same function as the
// explorer's (docs/enumerate.md, "Quick rejection"); when it finds nothing
// within its budget it says nothing and the full validator decides.
#pragma once

#include <cstdint>
#include <vector>

#include "model/algorithm.hpp"
#include "model/config.hpp"
#include "model/model.hpp"

namespace rbsynth {

struct QuickRejectResult {
    bool violated = false;              // false: no decision (never "holds")
    Property property = Property::None;  // violated: the property at the state reached
    std::uint64_t states = 0;           // states visited
};

// One per worker thread: its store and stack are reused by every call.
class QuickRejecter {
public:
    // `max_states` > 0: states visited before giving up.
    explicit QuickRejecter(std::uint64_t max_states);

    // Throws Error as Model's constructor does (a threshold not positive).
    QuickRejectResult run(const Algorithm& alg, const Config& config);

private:
    struct Frame {
        std::vector<State> next;  // unvisited successors at push time
        std::size_t at = 0;
    };
    bool visit(const Model& model, const State& s);  // true: first visit
    void push(const Model& model, const State& s);

    std::uint64_t max_states_;
    std::vector<std::uint64_t> seen_;  // open addressing of 64-bit hashes; 0: empty
    std::vector<Frame> stack_;
    std::size_t depth_ = 0;
    std::uint64_t visited_ = 0;
};

}  // namespace rbsynth
