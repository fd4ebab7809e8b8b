// The breadth-first pass's successor generation, on every thread (issue
// #14). Under partial-order reduction nearly all of a search's time goes
// into generating successors: each is the end of a chain, and every link of
// a chain computes a persistent set (Bracha under V = 2 at N = 12: 25 links
// per transition). The small reduced graphs of the learner and of N = 7..12
// are decided by the breadth-first pass alone, so it must use the threads.
//
// A block of one level's states is expanded in parallel, each state by one
// thread, and the caller then adds the successors in the block's order: the
// store, the parent links, the counts and the counterexample are exactly
// those of the sequential search, for every thread count.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "model/layout.hpp"
#include "model/model.hpp"
#include "model/reduction.hpp"

namespace rbsynth {

class LevelExpander {
public:
    // `threads` >= 1; with 1, no task is spawned.
    LevelExpander(const Model& model, const Reduction& reduce, int threads);
    ~LevelExpander();
    LevelExpander(const LevelExpander&) = delete;
    LevelExpander& operator=(const LevelExpander&) = delete;

    // How many states of a level to expand at once.
    std::size_t block() const { return threads_ > 1 ? 64 * static_cast<std::size_t>(threads_) : 16; }

    // successors(i): the successors of heads[i] in the reduction's order
    // (under symmetry reduction, their canonical forms), after expand().
    void expand(const std::vector<State>& heads);
    const std::vector<State>& successors(std::size_t i) const { return out_[i]; }

private:
    void expand_one(std::size_t i, const State& s);

    const Model& model_;
    const Reduction& reduce_;
    int threads_;
    std::vector<std::vector<State>> out_;
    struct Arena;
    std::unique_ptr<Arena> arena_;  // a tbb::task_arena, made only for threads > 1
};

}  // namespace rbsynth
