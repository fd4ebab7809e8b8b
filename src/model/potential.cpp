// What a state may still lead to (docs/reductions.md, rule 3): a least
// fixpoint over-approximating every future send and delivery, and the fire
// sets of receipts derived from it. Valmari's stubborn sets need exactly
// such a static over-approximation of the futures their argument looks at.
#include <algorithm>
#include <bit>

#include "model/node_set.hpp"
#include "model/stubborn.hpp"

namespace rbsynth {

namespace {

std::uint64_t resource(const CompiledRule& r) {
    return std::uint64_t{1} << (r.send ? r.type : kDeliverResource);
}

class Analysis {
public:
    Analysis(const Model& model, const State& s, Potential& p, bool forget_byzantine)
        : model_(model), l_(model.layout()), s_(s), p_(p), rules_(model.receive_rules()),
          forget_byzantine_(forget_byzantine) {}

    void run() {
        const int n = l_.n(), types = l_.types(), values = l_.values();
        p_.n = n;
        p_.types = types;
        p_.values = values;
        p_.fits = n * types * values <= NodeSet::kBits;
        p_.mixed = model_.mixed_target_types();
        // `p_` may hold an earlier state's analysis (PotentialMemo): clear
        // what the fixpoint accumulates into. fire and recv_from are written
        // whole for every correct process below.
        p_.may_send.fill(0);
        p_.may_deliver.fill(0);
        p_.senders.fill(0);
        if (!p_.fits) return;
        for (int x = 0; x < n; ++x) {
            if (!model_.is_correct(s_, x)) continue;
            const std::uint64_t w = s_.local[x];
            for (int t = 0; t < types; ++t)
                for (int v = 0; v < values; ++v) p_.recv_from[x][p_.cls(t, v)] = l_.held_from(w, t, v);
        }
        // Least fixpoint of "may send", from the sends already made and
        // every injection a Byzantine process may make. PotentialMemo
        // (potential_memo.cpp) relies on this seed holding every correct
        // sender's sent class and every injection, and on unguarded rules
        // firing at any receipt: change either and its test
        // ("the analysis carried along quiet receipts equals a fresh one")
        // says whether the memo still holds.
        for (int q = 0; q < n; ++q) {
            if (model_.is_byzantine(s_, q)) {
                if (forget_byzantine_) continue;
                for (int t = q == 0 ? 0 : 1; t < types; ++t)
                    for (int v = 0; v < values; ++v) add(q, t, v);
            } else if (model_.is_correct(s_, q)) {
                for (int t = 0; t < types; ++t)
                    if (const int sv = l_.sent(s_.local[q], t)) add(q, t, sv - 1);
            }
        }
        for (bool changed = true; changed;) {
            changed = false;
            for (int q = 0; q < n; ++q) {
                if (!model_.is_correct(s_, q)) continue;
                for (const CompiledRule& r : rules_)
                    for (int v = 0; v < values; ++v)
                        if (r.send && !(p_.may_send[q] & bit(r.type, v)) && may_fire(q, r, v)) {
                            add(q, r.type, v);
                            changed = true;
                        }
            }
        }
        for (int x = 0; x < n; ++x) {
            if (!model_.is_correct(s_, x)) continue;
            for (int v = 0; v < values; ++v) {
                std::uint64_t direct_all = 0;  // unguarded rules: any receipt fires them
                // Only the first `types` entries are read: clearing all 64
                // was a sixth of this function's time.
                std::array<std::uint64_t, 64> direct;
                std::fill_n(direct.begin(), types, 0);
                for (const CompiledRule& r : rules_) {
                    if (!may_fire(x, r, v)) continue;
                    if (!r.send) p_.may_deliver[x] |= 1u << v;
                    if (r.k == 0) direct_all |= resource(r);
                    else direct[r.guard_type] |= resource(r);
                }
                // A send to all makes x receive its own copy <T, v> in the
                // same step: close under those cascades.
                std::array<std::uint64_t, 64>& f = p_.fire[x];
                const std::uint64_t own_copies = model_.receive_to_all_types() & ~(std::uint64_t{1} << kDeliverResource);
                for (int t = 0; t < types; ++t) f[p_.cls(t, v)] = direct[t] | direct_all;
                for (bool grew = true; grew;) {
                    grew = false;
                    for (int t = 0; t < types; ++t) {
                        std::uint64_t acc = f[p_.cls(t, v)];
                        for (std::uint64_t own = acc & own_copies; own; own &= own - 1)
                            acc |= f[p_.cls(std::countr_zero(own), v)];
                        if (acc != f[p_.cls(t, v)]) {
                            f[p_.cls(t, v)] = acc;
                            grew = true;
                        }
                    }
                }
            }
        }
    }

private:
    std::uint64_t bit(int t, int v) const { return std::uint64_t{1} << p_.cls(t, v); }
    void add(int q, int t, int v) {
        p_.may_send[q] |= bit(t, v);
        p_.senders[p_.cls(t, v)] |= 1u << q;
    }

    // How many distinct senders x may hold <g, v> from in some future: those
    // it holds, plus every sender that may still send it <g, v> (its own
    // copy included: only through a `to all` send not yet made).
    // `own_copy` false: for a rule that sends g itself, which has fired
    // (its resource used) by the time x's own copy of g arrives.
    int future_count(int x, int g, int v, bool own_copy = true) const {
        const int c = p_.cls(g, v);
        const std::uint32_t held = p_.recv_from[x][c];
        // Type 0 counts from p0 only; p0 has broadcast (or is Byzantine),
        // so its own copy is already held or never comes.
        const std::uint32_t others = (g == 0 ? 1u : ~0u) & ~(1u << x);
        int k = std::popcount(held) + std::popcount(p_.senders[c] & ~held & others);
        if (own_copy && g != 0 && !(held >> x & 1))
            k += l_.sent(s_.local[x], g) == 0 && (p_.senders[c] >> x & 1) && (model_.receive_to_all_types() >> g & 1);
        return k;
    }

    // Rule r may fire at correct x in a handler run for value v, in some
    // future: its resource is unused and its guard may hold. Every state
    // is closed under its guarded rules (a rule whose guard holds for v
    // fired when the last receipt counted by it was recorded, or found its
    // resource used), so an unguarded rule with an unused resource means x
    // has received nothing, and fires at x's first receipt.
    bool may_fire(int x, const CompiledRule& r, int v) const {
        const std::uint64_t w = s_.local[x];
        if (r.send ? l_.sent(w, r.type) != 0 : l_.delivered(w) != 0) return false;
        if (r.k > 0) return future_count(x, r.guard_type, v, !(r.send && r.type == r.guard_type)) >= r.k;
        for (int g = 0; g < l_.types(); ++g)
            if (future_count(x, g, v) > std::popcount(p_.recv_from[x][p_.cls(g, v)])) return true;
        return false;
    }

    const Model& model_;
    const Layout& l_;
    const State& s_;
    Potential& p_;
    const std::vector<CompiledRule>& rules_;
    bool forget_byzantine_ = false;
};

}  // namespace

void analyse_into(const Model& model, const State& s, Potential& p, bool forget_byzantine) {
    Analysis(model, s, p, forget_byzantine).run();
}

Potential analyse(const Model& model, const State& s, bool forget_byzantine) {
    Potential p;
    analyse_into(model, s, p, forget_byzantine);
    return p;
}

}  // namespace rbsynth
