// Joint thresholds: the finer conflict test of rule 3 for receipts of
// different values (docs/reductions.md). Two receipts at x of values
// v1 != v2 touch disjoint counts (only v-receipts and v own copies raise
// v-counts), so their order matters only when both would use one once-only
// resource in one state. Each use needs a chain of rule firings; a state in
// which both chains fire needs enough distinct senders for both values'
// thresholds at once, type by type. Each count is bounded by the senders
// that the analysis of what may still happen allows, and a correct sender
// counts for one value only, a Byzantine one for both.
#include "model/conflict.hpp"

#include <algorithm>
#include <bit>

#include "model/reduction.hpp"

namespace rbsynth {

namespace {

int resource_of(const CompiledRule& r) { return r.send ? r.type : kDeliverResource; }

}  // namespace

JointConflict::JointConflict(const Model& model, const State& s, const Potential& p, const Reduction& r)
    : model_(model), l_(model.layout()), s_(s), p_(p), red_(r) {
    const std::uint32_t all = model.all_processes();
    correct_ = all & ~(static_cast<std::uint32_t>(s.global >> kByzShift) & all);
}

bool JointConflict::conflict(int x, int t1, int v1, int t2, int v2) {
    const int c1 = p_.cls(t1, v1), c2 = p_.cls(t2, v2);
    const std::uint64_t shared = p_.fire[x][c1] & p_.fire[x][c2];
    if (!shared) return false;
    int b1 = 0, e1 = 0, b2 = 0, e2 = 0;
    if (!chains(x, c1, b1, e1) || !chains(x, c2, b2, e2)) return true;
    for (int i = b1; i < e1; ++i) {
        const Chain& a = pool_[i];
        if (!(shared >> a.resource & 1)) continue;
        for (int j = b2; j < e2; ++j)
            if (pool_[j].resource == a.resource && feasible(x, v1, v2, a, pool_[j])) return true;
    }
    return false;
}

// False when the pool overflowed: the caller then assumes a conflict.
bool JointConflict::chains(int x, int c, int& begin, int& end) {
    if (x != x_) {
        x_ = x;
        used_ = 0;
        overflow_ = false;
        begin_.fill(-1);
    }
    if (begin_[c] < 0) {
        begin_[c] = static_cast<std::int16_t>(used_);
        Chain start{};
        start.len = 0;
        start.sent_all = 0;
        extend(x, start, 0, c / p_.values);
        end_[c] = static_cast<std::int16_t>(used_);
    }
    begin = begin_[c];
    end = end_[c];
    return !overflow_;
}

// Every chain that starts with a rule the arrival of a count of type
// `arrived` evaluates (guarded by it; unguarded ones only first, where
// they add no threshold), over resources x has not used and the chain has
// not used before.
void JointConflict::extend(int x, Chain c, std::uint64_t used, int arrived) {
    const std::uint64_t w = s_.local[x];
    for (const CompiledRule& r : model_.receive_rules()) {
        const int res = resource_of(r);
        if (used >> res & 1 || (r.send ? l_.sent(w, r.type) != 0 : l_.delivered(w) != 0)) continue;
        if (r.k > 0 ? r.guard_type != arrived : c.len > 0 || used != 0) continue;
        if (overflow_ || used_ == kPool || (r.k > 0 && c.len == c.guard.size())) {
            overflow_ = true;
            return;
        }
        Chain d = c;
        if (r.k > 0) {
            d.guard[d.len] = r.guard_type;
            d.k[d.len] = static_cast<std::uint8_t>(std::min<std::int64_t>(r.k, 255));
            ++d.len;
        }
        d.resource = static_cast<std::uint8_t>(res);
        if (r.send && r.to_all) d.sent_all |= std::uint64_t{1} << r.type;
        pool_[used_++] = d;
        if (r.send && r.to_all) extend(x, d, used | std::uint64_t{1} << res, r.type);
    }
}

// Both chains' thresholds at once, type by type (a correct sender sends
// each type once, so the types are independent).
bool JointConflict::feasible(int x, int v1, int v2, const Chain& a, const Chain& b) {
    auto need = [](const Chain& ch, int g) {
        int k = 0;
        for (int i = 0; i < ch.len; ++i)
            if (ch.guard[i] == g) k = std::max<int>(k, ch.k[i]);
        return k;
    };
    auto check = [&](int g) {
        return type_feasible(x, g, v1, v2, need(a, g), need(b, g), a.sent_all >> g & 1, b.sent_all >> g & 1);
    };
    for (int i = 0; i < a.len; ++i)
        if (!check(a.guard[i])) return false;
    for (int i = 0; i < b.len; ++i)
        if (!check(b.guard[i])) return false;
    return one_sided(v1, v2, a, b) && one_sided(v2, v1, b, a);
}

// Under the unsound test switch none: a Byzantine sender is treated like a
// correct one, which sends each type with one value only.
int JointConflict::byzantine_senders(int g, int v) const {
    if (red_.unsound_joint) return 0;
    const std::uint32_t all = model_.all_processes();
    return std::popcount(p_.senders[p_.cls(g, v)] & all & ~correct_);
}

// Chain a's thresholds commit correct senders to v1: at least k - (the
// Byzantine senders) correct processes have sent g with v1 by the state
// in which a fires (less x itself if a's step hands x its own copy: x has
// not sent g in that state). None of them ever sends g with v2, so fewer
// may; do b's thresholds still fit under the counts that leaves?
bool JointConflict::one_sided(int v1, int v2, const Chain& a, const Chain& b) {
    std::array<int, 64> commit;
    std::fill_n(commit.begin(), p_.types, 0);
    bool any = false;
    for (int i = 0; i < a.len; ++i) {
        const int g = a.guard[i];
        const int c = a.k[i] - byzantine_senders(g, v1) - static_cast<int>(a.sent_all >> g & 1);
        if (c > commit[g]) {
            commit[g] = c;
            any = true;
        }
    }
    if (!any) return true;
    const std::array<int, 64>& most = counts_for(v2, commit);
    for (int i = 0; i < b.len; ++i)
        if (b.k[i] > most[b.guard[i]]) return false;
    return true;
}

// capped_counts of (v, commit), remembered for this state: the pairs of
// chains a conflict test walks repeat a few commitments many times (one
// per pair), and the fixpoint was half of the test's time (issue #14).
const std::array<int, 64>& JointConflict::counts_for(int v, const std::array<int, 64>& commit) {
    const int types = p_.types;
    for (int i = 0; i < cached_; ++i)
        if (cache_[i].v == v && std::equal(commit.begin(), commit.begin() + types, cache_[i].commit.begin()))
            return cache_[i].most;
    CountsEntry& e = cache_[cached_ < kCache ? cached_++ : next_victim_++ % kCache];
    e.v = v;
    std::copy_n(commit.begin(), types, e.commit.begin());
    capped_counts(v, commit, e.most);
    return e.most;
}

// A least fixpoint like the analysis's, in counts: how many distinct
// senders of <h, v> any correct process may hold, in any state where at
// least commit[h] correct processes have sent h with another value. The
// correct senders of <h, v> are those that have sent it, plus every correct
// process the analysis allows to send it once some rule sending h may fire,
// but never more than the correct processes that may send h at all, less
// the committed ones; Byzantine senders add theirs. By induction on time,
// every send of <h, v> in such a future finds its guard within these counts.
void JointConflict::capped_counts(int v, const std::array<int, 64>& commit, std::array<int, 64>& most) const {
    const int types = p_.types;
    std::array<std::uint32_t, 64> senders{};
    std::array<int, 64> cap{}, byz{};
    for (int h = 0; h < types; ++h) {
        std::uint32_t any = 0;
        for (int u = 0; u < p_.values; ++u) any |= p_.senders[p_.cls(h, u)];
        cap[h] = std::popcount(any & correct_) - commit[h];
        byz[h] = byzantine_senders(h, v);
        for (int q = 0; q < p_.n; ++q)
            if ((correct_ >> q & 1) && l_.sent(s_.local[q], h) == v + 1) senders[h] |= 1u << q;
    }
    auto count = [&](int h) { return byz[h] + std::max(0, std::min(std::popcount(senders[h]), cap[h])); };
    for (bool grew = true; grew;) {
        grew = false;
        for (const CompiledRule& r : model_.receive_rules()) {
            if (!r.send || (r.k > 0 && r.k > count(r.guard_type))) continue;
            const std::uint32_t more = p_.senders[p_.cls(r.type, v)] & correct_ & ~senders[r.type];
            if (more) {
                senders[r.type] |= more;
                grew = true;
            }
        }
    }
    for (int h = 0; h < types; ++h) most[h] = count(h);
}

// Can x hold k1 receipts of <g, v1> and k2 of <g, v2> in one state (each
// counted after its own chain's step)? Senders other than x: those the
// analysis allows for each value, a correct one counted once across the
// two; x's own copy: one that arrives within a chain's step (then x has not
// sent g in that state, so holds no copy of g), or else at most one held.
bool JointConflict::type_feasible(int x, int g, int v1, int v2, int k1, int k2, bool arrive1, bool arrive2) const {
    const int c1 = p_.cls(g, v1), c2 = p_.cls(g, v2);
    const std::uint32_t others = (g == 0 ? 1u : model_.all_processes()) & ~(1u << x);
    const std::uint32_t h1 = p_.recv_from[x][c1], h2 = p_.recv_from[x][c2];
    const std::uint32_t s1 = (h1 | p_.senders[c1]) & others, s2 = (h2 | p_.senders[c2]) & others;
    const std::uint32_t once = red_.unsound_joint ? model_.all_processes() : correct_;
    const int total = std::popcount(s1) + std::popcount(s2) - std::popcount(s1 & s2 & once);
    const bool may_send_g = l_.sent(s_.local[x], g) == 0 && (model_.own_copy_types(s_, x) >> g & 1);
    const bool held1 = (h1 >> x & 1) || may_send_g, held2 = (h2 >> x & 1) || may_send_g;
    auto fits = [&](int o1, int o2) {
        const int n1 = std::max(0, k1 - o1), n2 = std::max(0, k2 - o2);
        return n1 <= std::popcount(s1) && n2 <= std::popcount(s2) && n1 + n2 <= total;
    };
    if (arrive1 || arrive2) return fits(arrive1, arrive2);
    return fits(0, 0) || (held1 && fits(1, 0)) || (held2 && fits(0, 1));
}

}  // namespace rbsynth
