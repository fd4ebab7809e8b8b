// Lazy Byzantine injections (docs/reductions.md, "Lazy injections"): which
// injections are critical, which classes are hot, and rule 1 under
// Byzantine faults.
#include "model/lazy.hpp"

#include <bit>

namespace rbsynth {

// An injection is *critical* when some rule that a receipt of <t, v>
// evaluates, with its resource unused, could fire if every Byzantine process
// that has not yet injected <t, v> at x did so and x received its own copy of
// a `to all` send of t not yet made. That own copy may come from `on
// receive`, or, at p0 before its broadcast, from `on broadcast`: the
// broadcast step hands p0 its copies and runs `on receive` for them within
// the step (issue #13: forgetting the latter hid an Agreement violation).
// That sum (held + still injectable + own copy to come) is raised only by
// receipts of <t, v> from correct senders; an injection that is not critical
// fires nothing and can be postponed until one is, or forever. A class is
// *hot* when held + own copy + one receipt reaches a threshold; a cold class,
// wholly in a persistent set, fires nothing in any state that steps outside
// the set reach, so it commutes with every such step.
Heat heat(const Model& model, const State& s, int x, int t, std::uint32_t held, std::uint32_t avail, const Reduction& red) {
    const Layout& l = model.layout();
    const std::uint64_t w = s.local[x];
    const std::uint64_t to_all = red.unsound_own_copies ? model.receive_to_all_types() : model.own_copy_types(s, x);
    const bool own = (to_all >> t & 1) && l.sent(w, t) == 0;
    Heat h;
    for (const CompiledRule& r : model.receive_rules()) {
        if (r.send ? l.sent(w, r.type) != 0 : l.delivered(w) != 0) continue;
        // A rule that sends t has fired by the time x's own copy of t comes.
        const int own_r = own && !(r.send && r.type == t);
        const int sum = red.unsound_lazy ? std::popcount(held) + 1 : std::popcount(held) + std::popcount(avail) + own_r;
        const int now = std::popcount(held) + own_r + 1;
        h.critical |= r.k == 0 || (r.guard_type == t && sum >= r.k);
        h.hot |= !red.unsound_cold && (r.k == 0 || (r.guard_type == t && now >= r.k));
    }
    return h;
}

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
                const std::uint32_t held = l.held_from(s.local[x], t, v);
                const std::uint32_t avail = byz & (t == 0 ? 1u : all) & ~(1u << x) & ~held;
                if ((x == 0 && guarded_broadcast) || heat(model, s, x, t, held, avail, r).critical)
                    a.inject[x] |= std::uint64_t{1} << (t * values + v);
            }
    }
    return a;
}

}  // namespace rbsynth
