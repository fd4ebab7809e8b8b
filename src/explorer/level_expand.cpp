#include "explorer/level_expand.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

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
        out.push_back(reduce_.symmetry ? canonical(model_, next) : next);
    });
}

void LevelExpander::expand(const std::vector<State>& heads) {
    if (out_.size() < heads.size()) out_.resize(heads.size());
    if (!arena_ || heads.size() < 2) {
        for (std::size_t i = 0; i < heads.size(); ++i) expand_one(i, heads[i]);
        return;
    }
    // Grain 1: one state's chains can cost a thousand times another's.
    arena_->arena.execute([&] {
        tbb::parallel_for(tbb::blocked_range<std::size_t>(0, heads.size(), 1), [&](const tbb::blocked_range<std::size_t>& r) {
            for (std::size_t i = r.begin(); i < r.end(); ++i) expand_one(i, heads[i]);
        });
    });
}

}  // namespace rbsynth
