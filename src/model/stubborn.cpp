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

#include <algorithm>
#include <bit>
#include <optional>

#include "model/conflict.hpp"
#include "model/lazy.hpp"
#include "model/node_set.hpp"
#include "model/potential_memo.hpp"
#include "model/reduction.hpp"

namespace rbsynth {

namespace {

// stubborn_ample's per-node tables, kept per thread and cleared over the
// nodes in use only: clearing all 128 entries of each on every call was a
// quarter of the function's time at the learner's small N. The tables are
// live only while stubborn_ample runs (it returns before any successor is
// generated), so one set per thread suffices. `enablers` is cleared entry
// by entry where it is written (only written entries are read).
struct NodeScratch {
    std::array<int, NodeSet::kBits> weight{};
    std::array<std::uint32_t, NodeSet::kBits> pending_from{};
    std::array<NodeSet, NodeSet::kBits> adj{}, dep{}, enablers{};

    void clear(int from, int to) {
        std::fill(weight.begin() + from, weight.begin() + to, 0);
        std::fill(pending_from.begin() + from, pending_from.begin() + to, 0u);
        std::fill(adj.begin() + from, adj.begin() + to, NodeSet{});
        std::fill(dep.begin() + from, dep.begin() + to, NodeSet{});
    }
};

NodeScratch& node_scratch() {
    thread_local NodeScratch scratch;
    return scratch;
}

}  // namespace

// The persistent set of a state where p0 has broadcast or is Byzantine,
// under fault models none and byzantine. Nodes of the class graph are
// (correct x, <t, v>): every receipt of <t, v> at x, from any sender.
Ample stubborn_ample(const Model& model, const State& s, const Reduction& r, PotentialMemo* memo) {
    const Layout& l = model.layout();
    const int n = l.n(), types = l.types(), values = l.values();
    // Without a memo the analysis is this call's own; with one, no local
    // Potential is built (its zeroed tables would be wasted on every link).
    std::optional<Potential> own;
    if (!memo) analyse_into(model, s, own.emplace(), r.unsound_potential);
    const Potential& p = memo ? memo->at(model, s, r.unsound_potential) : *own;
    Ample full;
    if (!p.fits) return full;
    const int per = types * values;
    const int base = r.shifted_nodes && n * per + 56 <= NodeSet::kBits ? 56 : 0;
    auto node = [&](int x, int t, int v) { return base + x * per + t * values + v; };
    const std::uint32_t all = model.all_processes();
    const std::uint32_t byz = static_cast<std::uint32_t>(s.global >> kByzShift) & all;
    const std::uint32_t correct = all & ~byz;
    JointConflict joint(model, s, p, r);

    // Per node: how many of its receipts are expanded (Byzantine injections
    // only of a node that is critical and not inert), what its expanded
    // members may conflict with, and the necessary enabling set of its
    // disabled members.
    NodeScratch& scratch = node_scratch();
    std::array<int, NodeSet::kBits>& weight = scratch.weight;
    std::array<std::uint32_t, NodeSet::kBits>& pending_from = scratch.pending_from;  // per node: correct senders with a receipt enabled
    std::array<NodeSet, NodeSet::kBits>&adj = scratch.adj, &dep = scratch.dep;
    scratch.clear(base, base + n * per);
    NodeSet key_nodes;       // nodes with a receipt from a correct sender enabled
    NodeSet critical_nodes;  // nodes whose Byzantine injections are expanded
    NodeSet hot_nodes;       // nodes that bring in their conflicts
    bool frozen = true;           // no correct process may deliver any more
    // sent[t * V + v]: the correct processes that sent <t, v>; unsent[t]:
    // those that have not sent type t.
    std::array<std::uint32_t, 64> sent;
    std::array<std::uint32_t, 64> unsent;
    std::fill_n(sent.begin(), per, 0u);
    std::fill_n(unsent.begin(), types, 0u);
    for (int q = 0; q < n; ++q) {
        if (!(correct >> q & 1)) continue;
        for (int t = 0; t < types; ++t) {
            const int sv = l.sent(s.local[q], t);
            if (sv) sent[p.cls(t, sv - 1)] |= 1u << q;
            else unsent[t] |= 1u << q;
        }
    }
    // enablers[node(q, t, v)]: the nodes (q, t2, v) whose receipts may fire
    // q's send of t, for correct q that have not sent t and may still send
    // <t, v> (other entries are not read).
    std::array<NodeSet, NodeSet::kBits>& enablers = scratch.enablers;
    for (int q = 0; q < n; ++q) {
        if (!(correct >> q & 1)) continue;
        for (int t = 0; t < types; ++t)
            for (int v = 0; v < values; ++v) {
                const int c = p.cls(t, v);
                if (!(unsent[t] & p.senders[c] & (1u << q))) continue;
                NodeSet& e = enablers[node(q, t, v)];
                e = NodeSet{};  // the scratch holds an earlier state's
                for (int t2 = 0; t2 < types; ++t2)
                    if (p.fire[q][p.cls(t2, v)] >> t & 1) e.set(node(q, t2, v));
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
                const std::uint32_t pending = pending_from[i] = sent[c] & from;
                const Heat h = heat(model, s, x, t, p.recv_from[x][c], byz & from, r);
                if (fire && h.critical) critical_nodes.set(i);
                if (h.hot) hot_nodes.set(i);
                // Injections: one per class (the first injector), or one
                // per Byzantine sender with `all_injectors`.
                const int injections = r.all_injectors ? std::popcount(byz & from) : (byz & from) != 0;
                weight[i] = std::popcount(pending) + (critical_nodes.test(i) ? injections : 0);
                if (pending) key_nodes.set(i);
                // A correct q that may still send <t, v>: only a receipt of
                // value v at q that may fire the send of t can enable the
                // receipt of it here.
                for (std::uint32_t m = unsent[t] & p.senders[c] & from; m; m &= m - 1)
                    adj[i] |= enablers[node(std::countr_zero(m), t, v)];
                if (!fire || (!weight[i] && !pending)) continue;
                for (int t2 = 0; t2 < types; ++t2)
                    for (int v2 = 0; v2 < values; ++v2) {
                        if (t2 == t && v2 == v) continue;
                        if (!may_conflict(p, x, t, v, t2, v2)) continue;
                        if (v2 == v || r.coarse_conflicts || joint.conflict(x, t, v, t2, v2)) dep[i].set(node(x, t2, v2));
                    }
                if (weight[i] > 0 && hot_nodes.test(i)) adj[i] |= dep[i];
            }
    }

    Ample best;
    best.by_class = true;
    if (!key_nodes.any()) {
        // Fair-terminal: no step must be taken. Expand every step but the
        // inert Byzantine injections; none at all once no correct process
        // may deliver any more (every state reachable from here has the
        // deliveries of this one).
        best.procs = 0;
        if (frozen) return best;
        for (int x = 0; x < n; ++x) {
            if (!(correct >> x & 1)) continue;
            best.inject[x] = critical_nodes.slice(base + x * per, per);
            if (best.inject[x]) best.procs |= 1u << x;
        }
        return best;
    }
    // A key step: a receipt from a correct sender, pending, so taken on
    // every path to a fair-terminal state. Its persistent set: the key,
    // plus the closure of the nodes it may conflict with.
    int best_size = 1 << 30;
    NodeSet best_set;
    int best_node = -1;
    auto closure = [&](NodeSet frontier) {
        NodeSet set;
        while (frontier.any()) {
            set |= frontier;
            NodeSet next;
            for (int f = frontier.next(0); f >= 0; f = frontier.next(f + 1)) next |= adj[f];
            frontier = next & ~set;
        }
        return set;
    };
    for (int i = key_nodes.next(0); i >= 0; i = key_nodes.next(i + 1)) {
        // Either the key step and the closure of its class's conflicts (its
        // classmates commute with it), or, for a cold key, its whole class,
        // so that nothing outside the set can heat it; the smaller.
        for (const bool whole : {false, true}) {
            if (whole && hot_nodes.test(i)) break;
            const NodeSet set = closure(whole ? NodeSet::of(i) : dep[i]);
            int size = set.test(i) ? 0 : 1;
            for (int m = set.next(0); m >= 0; m = set.next(m + 1)) size += weight[m];
            if (size < best_size) {
                best_size = size;
                best_set = set;
                best_node = i;
            }
        }
        if (best_size == 1) break;
    }
    // The key: the first pending receipt from a correct sender at that node.
    const int x = (best_node - base) / per, t = (best_node - base) % per / values, v = (best_node - base) % values;
    const int q = std::countr_zero(pending_from[best_node]);
    best.has_key = true;
    best.step = Step{Step::Kind::Receive, std::uint8_t(x), std::uint8_t(q), std::uint8_t(t), std::uint8_t(v)};
    best.procs = 1u << x;
    for (int i = best_set.next(0); i >= 0; i = best_set.next(i + 1)) {
        const int owner = (i - base) / per, c = (i - base) % per;
        best.take[owner] |= std::uint64_t{1} << c;
        if (critical_nodes.test(i)) best.inject[owner] |= std::uint64_t{1} << c;
        best.procs |= 1u << owner;
    }
    return best;
}

}  // namespace rbsynth
