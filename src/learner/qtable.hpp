// The Q-table: Q-values, visit counts and tabu marks indexed by (learner
// state, action), in Eigen matrices with one row per interned state. States
// are interned by the hash of their canonical partial algorithm.
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include <Eigen/Core>

namespace rbsynth {

class QTable {
public:
    explicit QTable(int actions);

    int intern(std::uint64_t key);  // the row of a state, added on first sight
    int rows() const { return rows_; }
    int actions() const { return static_cast<int>(q_.cols()); }

    float& q(int row, int a) { return q_(row, a); }
    float q(int row, int a) const { return q_(row, a); }
    std::int32_t& visits(int row, int a) { return visits_(row, a); }
    std::int32_t visits(int row, int a) const { return visits_(row, a); }
    bool tabu(int row, int a) const { return tabu_(row, a) != 0; }
    void set_tabu(int row, int a) { tabu_(row, a) = 1; }
    // All-moves-as-first statistics (RAVE, Gelly and Silver, ICML 2007):
    // the mean return of the episodes through this state that played the
    // action here or at any later move, and how many did.
    float& amaf(int row, int a) { return amaf_(row, a); }
    float amaf(int row, int a) const { return amaf_(row, a); }
    std::int32_t& amaf_visits(int row, int a) { return amaf_visits_(row, a); }
    std::int32_t amaf_visits(int row, int a) const { return amaf_visits_(row, a); }

    // Largest Q over the given actions that are not tabu (0 when none).
    float max_q(int row, const std::vector<int>& allowed) const;
    std::int64_t row_visits(int row) const { return visits_.row(row).cast<std::int64_t>().sum(); }
    const std::vector<std::uint64_t>& keys() const { return keys_; }

private:
    template <class T>
    using Table = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

    Table<float> q_;
    Table<std::int32_t> visits_;
    Table<std::uint8_t> tabu_;
    Table<float> amaf_;
    Table<std::int32_t> amaf_visits_;
    std::unordered_map<std::uint64_t, int> index_;
    std::vector<std::uint64_t> keys_;
    int rows_ = 0;
};

}  // namespace rbsynth
