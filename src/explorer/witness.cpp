#include "explorer/witness.hpp"

#include <algorithm>
#include <chrono>
#include <unordered_set>
#include <string>
#include <vector>

namespace rbsynth {

namespace {

// a lies below w: every field that a step may set or grow in a is set the
// same, or grown into, in w.
class Below {
public:
    explicit Below(const Model& model) : model_(model), l_(model.layout()) {
        for (int t = 0; t < l_.types(); ++t)
            for (int v = 0; v < l_.values(); ++v) receipts_ |= l_.recv_mask(t, v);
    }
    bool operator()(const State& a, const State& w) const {
        if (a.global & ~w.global) return false;
        for (int p = 0; p < l_.n(); ++p) {
            const std::uint64_t x = a.local[p], y = w.local[p];
            if (x & receipts_ & ~y) return false;
            for (int t = 0; t < l_.types(); ++t)
                if (l_.sent(x, t) && l_.sent(x, t) != l_.sent(y, t)) return false;
            if (l_.delivered(x) && l_.delivered(x) != l_.delivered(y)) return false;
        }
        return true;
    }

private:
    const Model& model_;
    const Layout& l_;
    std::uint64_t receipts_ = 0;
};

struct Frame {
    State state;
    std::vector<std::pair<Step, State>> next;  // successors below the target, not yet tried
};

}  // namespace

std::optional<Trace> path_to(const Model& model, const State& target, Property property,
                             const WitnessOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    const Below below(model);
    const Layout& l = model.layout();
    std::unordered_set<std::string> seen;
    auto key = [&](const State& s) {
        std::string k(static_cast<std::size_t>(l.packed_bytes()), '\0');
        l.pack(s, reinterpret_cast<std::uint8_t*>(k.data()));
        return k;
    };
    auto frame = [&](const State& s) {
        Frame f{s, {}};
        model.for_each_successor(s, [&](const Step& step, const State& n) {
            if (below(n, target) && seen.insert(key(n)).second) f.next.emplace_back(step, n);
        });
        // Tried from the back: keep the model's order.
        std::reverse(f.next.begin(), f.next.end());
        return f;
    };
    for (const State& init : model.initial_states()) {
        if (!below(init, target)) continue;
        std::vector<Frame> stack{frame(init)};
        std::vector<Step> steps;
        while (!stack.empty()) {
            if (stack.back().state == target) return Trace{init, steps, property};
            if (seen.size() > options.max_states) return std::nullopt;
            if (options.time_limit > 0 && (seen.size() & 255) == 0 &&
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > options.time_limit)
                return std::nullopt;
            Frame& top = stack.back();
            if (top.next.empty()) {
                stack.pop_back();
                if (!steps.empty()) steps.pop_back();
                continue;
            }
            auto [step, n] = top.next.back();
            top.next.pop_back();
            steps.push_back(step);
            stack.push_back(frame(n));
        }
    }
    return std::nullopt;
}

}  // namespace rbsynth
