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
    // `threads` >= 1; with 1, no task is spawned and nothing is buffered.
    LevelExpander(const Model& model, const Reduction& reduce, int threads);
    ~LevelExpander();
    LevelExpander(const LevelExpander&) = delete;
    LevelExpander& operator=(const LevelExpander&) = delete;

    // How many states of a level to expand at once.
    std::size_t block() const { return threads_ > 1 ? 64 * static_cast<std::size_t>(threads_) : 16; }

    // In heads' order: visit(i) before the successors of heads[i] (false:
    // stop here, and return false), then add(i, successor) for each, in
    // the reduction's order (under symmetry reduction, canonical forms).
    // One thread generates and adds as it goes, with no buffer: the
    // learner's thousands of small checks take that path.
    template <class Visit, class Add>
    bool run(const std::vector<State>& heads, Visit&& visit, Add&& add) {
        if (!arena_) {
            for (std::size_t i = 0; i < heads.size(); ++i) {
                if (!visit(i)) return false;
                for_each_reduced_successor(model_, heads[i], reduce_,
                                           [&](const Step&, const State& next) { add(i, stored(next)); });
            }
            return true;
        }
        expand(heads);
        for (std::size_t i = 0; i < heads.size(); ++i) {
            if (!visit(i)) return false;
            for (const State& next : out_[i]) add(i, next);
        }
        return true;
    }

private:
    State stored(const State& s) const { return reduce_.symmetry ? canonical(model_, s) : s; }
    void expand(const std::vector<State>& heads);  // fills out_, in parallel
    void expand_one(std::size_t i, const State& s);

    const Model& model_;
    const Reduction& reduce_;
    int threads_;
    std::vector<std::vector<State>> out_;
    struct Arena;
    std::unique_ptr<Arena> arena_;  // a tbb::task_arena, made only for threads > 1
};

}  // namespace rbsynth
