#include "explorer/counterexample.hpp"

#include <chrono>
#include <limits>

#include <fmt/core.h>

#include "explorer/search.hpp"
#include "explorer/store.hpp"

namespace rbsynth {

namespace {

constexpr std::uint32_t kRoot = std::numeric_limits<std::uint32_t>::max();

// The step that leads from `from` to `to`: the first in successor order.
Step step_between(const Model& model, const State& from, const State& to) {
    Step found{};
    bool done = false;
    model.for_each_successor(from, [&](const Step& step, const State& next) {
        if (!done && next == to) {
            found = step;
            done = true;
        }
    });
    return found;
}

Trace build_trace(const Model& model, const std::vector<std::uint8_t>& queue,
                  const std::vector<std::uint32_t>& parent, std::uint32_t last, Property p) {
    const Layout& layout = model.layout();
    const std::size_t vb = layout.packed_bytes();
    std::vector<State> path;
    for (std::uint32_t i = last; i != kRoot; i = parent[i]) path.push_back(layout.unpack(&queue[i * vb]));
    Trace trace;
    trace.initial = path.back();
    trace.property = p;
    for (std::size_t i = path.size() - 1; i > 0; --i)
        trace.steps.push_back(step_between(model, path[i], path[i - 1]));
    return trace;
}

}  // namespace

CounterexampleOutcome shortest_counterexample(const Model& model, const ExplorerOptions& options) {
    const Layout& layout = model.layout();
    const std::size_t vb = layout.packed_bytes();
    const auto start = std::chrono::steady_clock::now();
    StateStore store(static_cast<int>(vb), effective_max_memory(options), 6);
    std::vector<std::uint8_t> queue;  // every state found, in breadth-first order
    std::vector<std::uint32_t> parent;
    std::uint8_t buf[kMaxPackedBytes];
    CounterexampleOutcome out;
    std::uint32_t hit = kRoot;
    Property hit_property = Property::None;
    auto add = [&](const State& s, std::uint32_t from) {
        layout.pack(s, buf);
        auto r = store.insert(buf);
        if (r == StateStore::Insert::Full) out.limit = Limit::Memory;
        if (r != StateStore::Insert::New) return;
        queue.insert(queue.end(), buf, buf + vb);
        parent.push_back(from);
        Property p = model.violation(s);
        if (p != Property::None && hit == kRoot) {
            hit = static_cast<std::uint32_t>(parent.size() - 1);
            hit_property = p;
        }
    };
    for (const State& s : model.initial_states()) add(s, kRoot);
    for (std::uint32_t head = 0; hit == kRoot && head < parent.size(); ++head) {
        if (out.limit != Limit::None) return out;
        if (options.max_states && parent.size() > options.max_states) {
            out.limit = Limit::States;
            return out;
        }
        if (options.time_limit > 0 && (head & 1023) == 0 &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > options.time_limit) {
            out.limit = Limit::Time;
            return out;
        }
        const State s = layout.unpack(&queue[head * vb]);
        model.for_each_successor(s, [&](const Step&, const State& next) {
            if (hit == kRoot) add(next, head);
        });
    }
    if (hit != kRoot) out.trace = build_trace(model, queue, parent, hit, hit_property);
    return out;
}

std::vector<State> replay(const Model& model, const Trace& trace, int* failed_step) {
    std::vector<State> states{trace.initial};
    for (std::size_t i = 0; i < trace.steps.size(); ++i) {
        State next;
        if (!model.apply(states.back(), trace.steps[i], next)) {
            if (failed_step) *failed_step = static_cast<int>(i);
            return {};
        }
        states.push_back(next);
    }
    return states;
}

std::vector<std::string> describe(const Model& model, const Trace& trace) {
    std::vector<std::string> lines;
    State s = trace.initial;
    for (const Step& step : trace.steps) {
        StepEffects fx;
        State next;
        std::string line = model.describe(step);
        if (!model.apply(s, step, next, &fx)) {
            lines.push_back(line + " (not enabled)");
            break;
        }
        for (int p = 0; p < model.config().n; ++p) {
            int before = model.layout().delivered(s.local[p]), after = model.layout().delivered(next.local[p]);
            if (before == 0 && after != 0) line += fmt::format("; p{} delivers {}", p, after - 1);
        }
        lines.push_back(line);
        s = next;
    }
    return lines;
}

}  // namespace rbsynth
