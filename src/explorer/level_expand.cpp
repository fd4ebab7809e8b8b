#include "explorer/level_expand.hpp"

#include <atomic>

#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "explorer/tsan.hpp"

namespace rbsynth {

struct LevelExpander::Arena {
    explicit Arena(int threads) : arena(threads) {}
    tbb::task_arena arena;
};

LevelExpander::LevelExpander(const Model& model, const Reduction& reduce, int threads)
    : model_(model), reduce_(reduce), threads_(threads < 1 ? 1 : threads) {
    if (threads_ > 1) arena_ = std::make_unique<Arena>(threads_);
}

LevelExpander::~LevelExpander() = default;

void LevelExpander::expand_one(std::size_t i, const State& s) {
    std::vector<State>& out = out_[i];
    out.clear();
    for_each_reduced_successor(model_, s, reduce_, [&](const Step&, const State& next) {
        out.push_back(stored(next));
    });
}

// One task per thread, each taking the next state from a shared counter:
// one state's chains can cost a thousand times another's, so the states
// are handed out one at a time. A task_group rather than parallel_for, so
// that the hand-offs can be marked for ThreadSanitizer (explorer/tsan.hpp):
// TBB's partitioner, not instrumented, reads as racing with itself.
void LevelExpander::expand(const std::vector<State>& heads) {
    if (out_.size() < heads.size()) out_.resize(heads.size());
    if (heads.size() < 2) {
        for (std::size_t i = 0; i < heads.size(); ++i) expand_one(i, heads[i]);
        return;
    }
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        tsan_acquire(this);
        for (std::size_t i = next.fetch_add(1); i < heads.size(); i = next.fetch_add(1)) expand_one(i, heads[i]);
        tsan_release(this);
    };
    tsan_release(this);
    arena_->arena.execute([&] {
        tbb::task_group tasks;
        for (int t = 1; t < threads_; ++t) tasks.run(work);
        work();
        tasks.wait();
    });
    tsan_acquire(this);
}

}  // namespace rbsynth
