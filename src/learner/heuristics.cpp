#include "learner/heuristics.hpp"

#include <algorithm>
#include <cassert>

namespace rbsynth {

namespace {

// Whether `received T0 from k` can hold at some size the learner judges a
// candidate at: only p0 sends type 0 and a process accepts <0, v> only
// from p0 (docs/semantics.md), so at most one sender is ever counted.
bool may_hold_on_type0(const Vocabulary& vocab, int threshold, const LearnerOptions& o) {
    std::vector<int> sizes = o.validate;
    sizes.insert(sizes.end(), o.final_validate.begin(), o.final_validate.end());
    sizes.push_back(o.learn_n);
    for (int n : sizes) {
        const auto k = evaluate(*vocab.thresholds()[static_cast<std::size_t>(threshold)], n,
                                Config::default_f(o.faults, n));
        if (!k || *k <= 1) return true;  // (a threshold that does not evaluate is left to the validator)
    }
    return false;
}

bool allowed(const Vocabulary& vocab, const PartialAlgorithm& p, int i, const LearnerOptions& o) {
    const Heuristics& h = o.heuristics;
    const Action& a = vocab[i];
    const bool has_deliver = p.has_deliver(vocab);
    const bool last_slot = static_cast<int>(p.receive.size()) + 1 >= o.max_rules;
    if (a.kind == Action::Kind::Stop) return !h.deliver_required || has_deliver;
    if (h.deliver_required && last_slot && !has_deliver && a.kind != Action::Kind::Deliver) return false;
    if (h.no_repeat && std::find(p.receive.begin(), p.receive.end(), i) != p.receive.end()) return false;
    if (a.guarded() && h.guard_on_sent && !p.sends_type(vocab, a.guard_type)) return false;
    if (a.kind == Action::Kind::Send && h.types_in_order && a.type >= 2 && !p.sends_type(vocab, a.type - 1))
        return false;
    if (a.guarded() && a.guard_type == 0 && h.sender_guard_one && !may_hold_on_type0(vocab, a.threshold, o))
        return false;
    if (a.kind == Action::Kind::Send && h.one_send_per_guard)
        for (int j : p.receive) {
            const Action& b = vocab[j];
            if (b.kind == Action::Kind::Send && b.type == a.type && b.guard_type == a.guard_type) return false;
        }
    return true;
}

}  // namespace

std::vector<int> allowed_actions(const Vocabulary& vocab, const PartialAlgorithm& p, const LearnerOptions& o) {
    std::vector<int> out;
    assert(!p.complete());
    if (p.broadcast < 0) {
        // The broadcast handler is one send of type 0, to all or to others.
        for (int i = 0; i < vocab.size(); ++i)
            if (vocab[i].kind == Action::Kind::Broadcast) out.push_back(i);
        return out;
    }
    for (int i = 0; i < vocab.size(); ++i)
        if (vocab[i].kind != Action::Kind::Broadcast && allowed(vocab, p, i, o)) out.push_back(i);
    return out;
}

}  // namespace rbsynth
