#include "enumerate/quick_reject.hpp"

#include <algorithm>
#include <bit>

#include <xxhash.h>

#include "model/reduction.hpp"

namespace rbsynth {

QuickRejecter::QuickRejecter(std::uint64_t max_states)
    // Four slots per state at most: probes stay short, and the table (32
    // KiB at 1,000 states) is cleared in a microsecond.
    : max_states_(max_states), seen_(std::bit_ceil(std::max<std::uint64_t>(max_states, 16) * 4), 0) {}

// A hash, not the state: two states with one hash make the second look
// visited, which can only hide a violation, never invent one (the search
// rejects only at a state it really reached).
bool QuickRejecter::visit(const Model& model, const State& s) {
    const int n = model.config().n;
    std::uint64_t buf[1 + kMaxN];
    buf[0] = s.global;
    std::copy_n(s.local.begin(), n, buf + 1);
    std::uint64_t h = XXH3_64bits(buf, sizeof(std::uint64_t) * static_cast<std::size_t>(1 + n));
    h += h == 0;
    const std::size_t mask = seen_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
        if (seen_[i] == h) return false;
        if (seen_[i] == 0) {
            seen_[i] = h;
            return true;
        }
    }
}

void QuickRejecter::push(const Model& model, const State& s) {
    if (depth_ == stack_.size()) stack_.emplace_back();
    Frame& f = stack_[depth_++];
    f.next.clear();
    f.at = 0;
    // The explorer's reduced graph (model/reduction.hpp): persistent sets,
    // chains and one representative per orbit of relabellings. Every state
    // it yields is reachable (a chain's end by real steps, a representative
    // by the model's symmetry), so a violation there is a violation.
    const Reduction r;
    for_each_reduced_successor(model, s, r, [&](const Step&, const State& next) {
        f.next.push_back(canonical(model, next));
    });
}

// Depth first, one successor at a time: the first fair-terminal state, where
// Agreement and Validity are judged, is met after about as many states as
// the run has steps, not after every sibling of every state on the way.
QuickRejectResult QuickRejecter::run(const Algorithm& alg, const Config& config) {
    const Model model(alg, config);
    std::fill(seen_.begin(), seen_.end(), 0);
    visited_ = 0;
    depth_ = 0;
    if (stack_.empty()) stack_.emplace_back();
    Frame& root = stack_[depth_++];
    root.next.clear();
    for (const State& s : model.initial_states()) root.next.push_back(canonical(model, s));
    root.at = 0;
    QuickRejectResult out;
    while (depth_ > 0 && visited_ < max_states_) {
        Frame& top = stack_[depth_ - 1];
        if (top.at == top.next.size()) {
            --depth_;
            continue;
        }
        const State s = top.next[top.at++];
        if (!visit(model, s)) continue;
        ++visited_;
        const Property p = model.violation(s);
        if (p != Property::None) {
            out.violated = true;
            out.property = p;
            break;
        }
        push(model, s);
    }
    out.states = visited_;
    return out;
}

}  // namespace rbsynth
