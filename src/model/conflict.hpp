// The finer conflict test for two receipts of different values at one
// correct process (docs/reductions.md, rule 3, "Joint thresholds").
//
// Fire sets (stubborn.hpp) say which resources a receipt may use in *some*
// future state; two receipts of different values conflict only if both use
// one resource in the *same* state. Each use needs a chain of rules whose
// thresholds hold at once, and the senders that make up the two values'
// counts are shared: a correct process sends each type once, with one
// value, so it counts for one of the two; only a Byzantine process counts
// for both. Under an equivocating sender this is what separates "ECHO 0
// may fire READY" from "ECHO 0 and ECHO 1 may both fire READY": at N = 6,
// F = 1 the second needs 8 ECHO senders out of 4 correct ones, one
// Byzantine one (twice) and x's own copy.
#pragma once

#include <array>
#include <cstdint>

#include "model/model.hpp"
#include "model/stubborn.hpp"

namespace rbsynth {

struct Reduction;

class JointConflict {
public:
    JointConflict(const Model& model, const State& s, const Potential& p, const Reduction& r);

    // Receipts of <t1, v1> and <t2, v2> at correct x, v1 != v2, whose fire
    // sets share a resource: may they both use one resource in one future
    // state? False only when no pair of rule chains can.
    bool conflict(int x, int t1, int v1, int t2, int v2);

private:
    // A chain of rules that one receipt may fire within its step, each
    // guarded by the receipt's type or by the type its predecessor sent to
    // all (the own copy arrives in the same step), or unguarded; `resource`
    // is the last rule's. Every rule of it fires only if its threshold holds.
    // No member initialisers: the pool is scratch, filled before it is read.
    struct Chain {
        std::uint8_t resource;
        std::uint8_t len;
        std::array<std::uint8_t, 8> guard;
        std::array<std::uint8_t, 8> k;
        std::uint64_t sent_all;  // types it sends to all: their own copies arrive in the step
    };
    static constexpr int kPool = 512;  // chains of one process; more: assume conflict

    // The chains of class c at the current process, computed on first use.
    bool chains(int x, int c, int& begin, int& end);
    void extend(int x, Chain c, std::uint64_t used, int arrived);
    bool feasible(int x, int v1, int v2, const Chain& a, const Chain& b);
    bool one_sided(int v1, int v2, const Chain& a, const Chain& b);
    const std::array<int, 64>& counts_for(int v, const std::array<int, 64>& commit);
    void capped_counts(int v, const std::array<int, 64>& commit, std::array<int, 64>& most) const;
    int byzantine_senders(int g, int v) const;
    bool type_feasible(int x, int g, int v1, int v2, int k1, int k2, bool arrive1, bool arrive2) const;

    const Model& model_;
    const Layout& l_;
    const State& s_;
    const Potential& p_;
    const Reduction& red_;
    std::uint32_t correct_ = 0;
    int x_ = -1;                          // the process the pool holds chains of
    std::array<std::int16_t, 64> begin_;  // per class: first chain, -1 not yet computed
    std::array<std::int16_t, 64> end_;
    int used_ = 0;
    bool overflow_ = false;
    std::array<Chain, kPool> pool_;
    // Results of capped_counts for this state (counts_for); scratch like
    // the pool, read only up to cached_.
    struct CountsEntry {
        int v;
        std::array<int, 64> commit;  // the first `types` entries are the key
        std::array<int, 64> most;
    };
    static constexpr int kCache = 16;
    std::array<CountsEntry, kCache> cache_;
    int cached_ = 0;
    unsigned next_victim_ = 0;
};

}  // namespace rbsynth
