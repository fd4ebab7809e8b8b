// Transition-level persistent sets for fault models none and byzantine
// (docs/reductions.md, "Persistent sets of receipts"). Godefroid's
// persistent sets built as stubborn sets (Godefroid, LNCS 1032, 1996,
// chapter 4; Valmari, "Stubborn sets for reduced state space generation",
// 1991): start from a key step that every fair-terminal continuation must
// take, close under "may conflict with an enabled member" and, for a
// disabled member, under a necessary enabling set; expand the enabled
// members only. The conflict relation and the enabling sets come from
// `analyse`, an over-approximation of every future of the state, so they
// hold in every state the persistent-set argument looks at.
#include "model/stubborn.hpp"

#include <bit>

#include "model/reduction.hpp"

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
        p_.fits = n * types * values <= 64;
        p_.mixed = model_.mixed_target_types();
        if (!p_.fits) return;
        for (int x = 0; x < n; ++x) {
            if (!model_.is_correct(s_, x)) continue;
            const std::uint64_t w = s_.local[x];
            for (int t = 0; t < types; ++t)
                for (int v = 0; v < values; ++v) {
                    std::uint32_t from = 0;
                    for (int q = t == 0 ? 0 : n - 1; q >= 0; --q) from = from << 1 | ((w & l_.recv_bit(t, q, v)) != 0);
                    p_.recv_from[x][p_.cls(t, v)] = from;
                }
        }
        // Least fixpoint of "may send", from the sends already made and
        // every injection a Byzantine process may make.
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
                std::array<std::uint64_t, 64> direct{};
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

Potential analyse(const Model& model, const State& s, bool forget_byzantine) {
    Potential p;
    Analysis(model, s, p, forget_byzantine).run();
    return p;
}

// Whether the Byzantine injections of <t, v> at correct x are *critical*:
// some rule that a receipt of <t, v> evaluates, with its resource unused,
// could fire if every Byzantine process that has not yet injected <t, v>
// at x did so and x received its own copy of a `to all` send of t not yet
// made. That sum (held + still injectable + own copy to come) is raised
// only by receipts of <t, v> from correct senders; an injection that is not
// critical fires nothing and can be postponed until one is, or forever
// (docs/reductions.md, "Lazy injections"). `avail`: the Byzantine
// processes that may still inject <t, v> at x.
namespace {

// `hot`: some rule that a receipt of <t, v> evaluates, with its resource
// unused, reaches its threshold counting the receipts x holds, the own copy
// still to come and that receipt. A node outside this holds *cold*: while
// its whole class is in a persistent set, the steps outside it raise its
// count by the own copy at most, so none of its receipts fires anything
// there, and it commutes with every such step (docs/reductions.md).
struct Heat {
    bool critical = false;
    bool hot = false;
};

Heat heat(const Model& model, const State& s, int x, int t, std::uint32_t held, std::uint32_t avail, bool unsound) {
    const Layout& l = model.layout();
    const std::uint64_t w = s.local[x];
    const bool own = t != 0 && (model.receive_to_all_types() >> t & 1) && l.sent(w, t) == 0;
    Heat h;
    for (const CompiledRule& r : model.receive_rules()) {
        if (r.send ? l.sent(w, r.type) != 0 : l.delivered(w) != 0) continue;
        // A rule that sends t has fired by the time x's own copy of t comes.
        const int own_r = own && !(r.send && r.type == t);
        const int sum = unsound ? std::popcount(held) + 1 : std::popcount(held) + std::popcount(avail) + own_r;
        const int now = std::popcount(held) + own_r + 1;
        h.critical |= r.k == 0 || (r.guard_type == t && sum >= r.k);
        h.hot |= r.k == 0 || (r.guard_type == t && now >= r.k);
    }
    return h;
}

}  // namespace

// Rule 1 under Byzantine faults: before a correct p0 broadcasts, every step
// is expanded but the injections that are not critical. The lazy lemma
// moves those past the broadcast too, which is a step of another process,
// or at p0 one whose `on receive` cascade the critical sum accounts for;
// only guards in the broadcast handler itself read p0's counts outside it,
// so then every injection at p0 is expanded.
Ample lazy_full_ample(const Model& model, const State& s, const Reduction& r) {
    const Layout& l = model.layout();
    const int n = l.n(), types = l.types(), values = l.values();
    const std::uint32_t all = model.all_processes();
    const std::uint32_t byz = static_cast<std::uint32_t>(s.global >> kByzShift) & all;
    bool guarded_broadcast = false;
    for (const CompiledRule& rule : model.broadcast_rules()) guarded_broadcast |= rule.k > 0;
    Ample a;
    a.by_class = true;
    a.has_key = true;  // the broadcast
    a.step = Step{Step::Kind::Broadcast, 0, 0, 0, 0};
    for (int x = 0; x < n; ++x) {
        if (byz >> x & 1) continue;
        a.take[x] = ~std::uint64_t{0};
        for (int t = 0; t < types; ++t)
            for (int v = 0; v < values; ++v) {
                std::uint32_t held = 0;
                for (int q = t == 0 ? 0 : n - 1; q >= 0; --q) held = held << 1 | ((s.local[x] & l.recv_bit(t, q, v)) != 0);
                const std::uint32_t avail = byz & (t == 0 ? 1u : all) & ~(1u << x) & ~held;
                if ((x == 0 && guarded_broadcast) || heat(model, s, x, t, held, avail, r.unsound_lazy).critical)
                    a.inject[x] |= std::uint64_t{1} << (t * values + v);
            }
    }
    return a;
}

// The persistent set of a state where p0 has broadcast or is Byzantine,
// under fault models none and byzantine. Nodes of the class graph are
// (correct x, <t, v>): every receipt of <t, v> at x, from any sender.
Ample stubborn_ample(const Model& model, const State& s, const Reduction& r) {
    const Layout& l = model.layout();
    const int n = l.n(), types = l.types(), values = l.values();
    const Potential p = analyse(model, s, r.unsound_potential);
    Ample full;
    if (!p.fits) return full;
    const int per = types * values;
    auto node = [&](int x, int t, int v) { return x * per + t * values + v; };
    const std::uint32_t all = model.all_processes();
    const std::uint32_t byz = static_cast<std::uint32_t>(s.global >> kByzShift) & all;
    const std::uint32_t correct = all & ~byz;

    // Per node: how many of its receipts are enabled (none of a node with
    // an empty fire set is a Byzantine injection we expand: those are
    // inert), what its enabled members may conflict with, and the
    // necessary enabling set of its disabled members.
    std::array<int, 64> weight{};
    std::array<std::uint64_t, 64> adj{}, dep{};
    std::uint64_t key_nodes = 0;  // nodes with a receipt from a correct sender enabled
    std::uint64_t critical_nodes = 0;  // nodes whose Byzantine injections are expanded
    std::uint64_t hot_nodes = 0;       // nodes that bring in their conflicts
    bool frozen = true;           // no correct process may deliver any more
    // sent[t * V + v]: the correct processes that sent <t, v>; unsent[t]:
    // those that have not sent type t.
    std::array<std::uint32_t, 64> sent{};
    std::array<std::uint32_t, 64> unsent{};
    for (int q = 0; q < n; ++q) {
        if (!(correct >> q & 1)) continue;
        for (int t = 0; t < types; ++t) {
            const int sv = l.sent(s.local[q], t);
            if (sv) sent[p.cls(t, sv - 1)] |= 1u << q;
            else unsent[t] |= 1u << q;
        }
    }
    for (int x = 0; x < n; ++x) {
        if (!(correct >> x & 1)) continue;
        if (p.may_deliver[x]) frozen = false;
        for (int t = 0; t < types; ++t)
            for (int v = 0; v < values; ++v) {
                const int c = p.cls(t, v), i = node(x, t, v);
                const std::uint64_t fire = p.fire[x][c];
                const std::uint32_t from = (t == 0 ? 1u : all) & ~(1u << x) & ~p.recv_from[x][c];
                const std::uint32_t pending = sent[c] & from;
                const Heat h = heat(model, s, x, t, p.recv_from[x][c], byz & from, r.unsound_lazy);
                if (fire && h.critical) critical_nodes |= std::uint64_t{1} << i;
                if (h.hot) hot_nodes |= std::uint64_t{1} << i;
                weight[i] = std::popcount(pending) + (critical_nodes >> i & 1 ? std::popcount(byz & from) : 0);
                if (pending) key_nodes |= std::uint64_t{1} << i;
                // A correct q that may still send <t, v>: only a receipt of
                // value v at q that may fire the send of t can enable the
                // receipt of it here.
                for (std::uint32_t m = unsent[t] & p.senders[c] & from; m; m &= m - 1) {
                    const int q = std::countr_zero(m);
                    for (int t2 = 0; t2 < types; ++t2)
                        if (p.fire[q][p.cls(t2, v)] >> t & 1) adj[i] |= std::uint64_t{1} << node(q, t2, v);
                }
                if (!fire || (!weight[i] && !pending)) continue;
                for (int t2 = 0; t2 < types; ++t2)
                    for (int v2 = 0; v2 < values; ++v2) {
                        if (t2 == t && v2 == v) continue;
                        if (may_conflict(p, x, t, v, t2, v2)) dep[i] |= std::uint64_t{1} << node(x, t2, v2);
                    }
                if (weight[i] > 0 && (hot_nodes >> i & 1)) adj[i] |= dep[i];
            }
    }

    Ample best;
    best.by_class = true;
    if (!key_nodes) {
        // Fair-terminal: no step must be taken. Expand every step but the
        // inert Byzantine injections; none at all once no correct process
        // may deliver any more (every state reachable from here has the
        // deliveries of this one).
        best.procs = 0;
        if (frozen) return best;
        for (int x = 0; x < n; ++x) {
            if (!(correct >> x & 1)) continue;
            best.inject[x] = critical_nodes >> (x * per) & (per == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << per) - 1);
            if (best.inject[x]) best.procs |= 1u << x;
        }
        return best;
    }
    // A key step: a receipt from a correct sender, pending, so taken on
    // every path to a fair-terminal state. Its persistent set: the key,
    // plus the closure of the nodes it may conflict with.
    int best_size = 1 << 30;
    std::uint64_t best_set = 0;
    int best_node = -1;
    auto closure = [&](std::uint64_t frontier) {
        std::uint64_t set = 0;
        while (frontier) {
            set |= frontier;
            std::uint64_t next = 0;
            for (std::uint64_t f = frontier; f; f &= f - 1) next |= adj[std::countr_zero(f)];
            frontier = next & ~set;
        }
        return set;
    };
    for (std::uint64_t k = key_nodes; k; k &= k - 1) {
        const int i = std::countr_zero(k);
        // Either the key step and the closure of its class's conflicts (its
        // classmates commute with it), or, for a cold key, its whole class,
        // so that nothing outside the set can heat it; the smaller.
        for (const bool whole : {false, true}) {
            if (whole && (hot_nodes >> i & 1)) break;
            const std::uint64_t set = closure(whole ? std::uint64_t{1} << i : dep[i]);
            int size = set >> i & 1 ? 0 : 1;
            for (std::uint64_t m = set; m; m &= m - 1) size += weight[std::countr_zero(m)];
            if (size < best_size) {
                best_size = size;
                best_set = set;
                best_node = i;
            }
        }
        if (best_size == 1) break;
    }
    // The key: the first pending receipt from a correct sender at that node.
    const int x = best_node / per, t = best_node % per / values, v = best_node % values;
    const std::uint32_t pending = sent[p.cls(t, v)] & (t == 0 ? 1u : all) & ~(1u << x) & ~p.recv_from[x][p.cls(t, v)];
    const int q = std::countr_zero(pending);
    best.has_key = true;
    best.step = Step{Step::Kind::Receive, std::uint8_t(x), std::uint8_t(q), std::uint8_t(t), std::uint8_t(v)};
    best.procs = 1u << x;
    for (std::uint64_t m = best_set; m; m &= m - 1) {
        const int i = std::countr_zero(m);
        best.take[i / per] |= std::uint64_t{1} << (i % per);
        if (critical_nodes >> i & 1) best.inject[i / per] |= std::uint64_t{1} << (i % per);
        best.procs |= 1u << (i / per);
    }
    return best;
}

}  // namespace rbsynth
