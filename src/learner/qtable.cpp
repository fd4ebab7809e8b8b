#include "learner/qtable.hpp"

#include <algorithm>

namespace rbsynth {

QTable::QTable(int actions)
    : q_(0, actions), visits_(0, actions), tabu_(0, actions), amaf_(0, actions), amaf_visits_(0, actions) {}

int QTable::intern(std::uint64_t key) {
    auto [it, added] = index_.try_emplace(key, rows_);
    if (!added) return it->second;
    if (rows_ == q_.rows()) {
        // Grow by doubling: conservativeResize copies, so amortise it.
        const Eigen::Index capacity = std::max<Eigen::Index>(64, 2 * q_.rows());
        auto grow = [&](auto& table) {
            table.conservativeResize(capacity, Eigen::NoChange);
            table.bottomRows(capacity - rows_).setZero();
        };
        grow(q_), grow(visits_), grow(tabu_), grow(amaf_), grow(amaf_visits_);
    }
    keys_.push_back(key);
    return rows_++;
}

float QTable::max_q(int row, const std::vector<int>& allowed) const {
    bool any = false;
    float best = 0;
    for (int a : allowed) {
        if (tabu(row, a)) continue;
        best = any ? std::max(best, q(row, a)) : q(row, a);
        any = true;
    }
    return best;
}

}  // namespace rbsynth
