#include "explorer/check.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

#include <fmt/core.h>

#include "explorer/counterexample.hpp"
#include "explorer/search.hpp"

namespace rbsynth {

std::string to_string(Verdict v) {
    switch (v) {
    case Verdict::Holds: return "holds";
    case Verdict::Violated: return "violated";
    case Verdict::Incomplete: return "incomplete";
    }
    return "?";
}

std::string to_string(Limit l) {
    switch (l) {
    case Limit::None: return "none";
    case Limit::States: return "max-states";
    case Limit::Memory: return "max-memory";
    case Limit::Time: return "time-limit";
    }
    return "?";
}

std::string ExplorerOptions::str() const {
    return fmt::format("threads={} max_states={} max_memory={} time_limit={} stop_at_violation={} "
                       "counterexample={} reduce={}",
                       threads, max_states, max_memory, time_limit, stop_at_violation, counterexample,
                       reduce.str());
}

namespace {

// The breadth-first pass; nullopt when it ran out of its own budget and the
// parallel search must decide.
std::optional<CheckResult> breadth_first_pass(const Model& model, const ExplorerOptions& options) {
    ExplorerOptions bfs = options;
    bfs.max_states = options.max_states ? std::min(options.max_states, options.breadth_first_states)
                                        : options.breadth_first_states;
    CounterexampleOutcome cex = shortest_counterexample(model, bfs);
    CheckResult result;
    result.reduction = options.reduce;
    result.stats = cex.stats;
    if (cex.trace) {
        result.verdict = Verdict::Violated;
        result.property = cex.trace->property;
        if (options.counterexample) result.trace = std::move(cex.trace);
        return result;
    }
    if (cex.complete) {
        result.verdict = Verdict::Holds;
        result.count_complete = true;
        return result;
    }
    const bool own_budget = options.max_states == 0 || options.max_states > options.breadth_first_states;
    if (cex.limit == Limit::States && own_budget) return std::nullopt;
    result.verdict = Verdict::Incomplete;
    result.limit = cex.limit;
    return result;
}

}  // namespace

CheckResult check(const Model& model, const ExplorerOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    ExplorerOptions rest = options;
    if (options.stop_at_violation && options.breadth_first_states > 0) {
        if (auto done = breadth_first_pass(model, options)) return *done;
        const double spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (options.time_limit > 0) rest.time_limit = std::max(0.001, options.time_limit - spent);
    }
    SearchOutcome search = parallel_search(model, rest);
    CheckResult result;
    result.stats = search.stats;
    result.count_complete = search.finished;
    result.reduction = options.reduce;
    if (search.property == Property::None) {
        result.verdict = search.finished ? Verdict::Holds : Verdict::Incomplete;
        result.limit = search.limit;
        return result;
    }
    result.verdict = Verdict::Violated;
    result.property = search.property;
    if (!options.counterexample) return result;
    // The breadth-first search decides which property is reported, so that
    // the report does not depend on which worker met a violation first.
    ExplorerOptions bfs = options;
    if (options.time_limit > 0)
        bfs.time_limit = std::max(1.0, options.time_limit - std::chrono::duration<double>(
                                                                 std::chrono::steady_clock::now() - start)
                                                                 .count());
    CounterexampleOutcome cex = shortest_counterexample(model, bfs);
    if (cex.trace) {
        result.property = cex.trace->property;
        result.trace = std::move(cex.trace);
    } else {
        result.note = "no counterexample: its breadth-first search hit " + to_string(cex.limit);
    }
    return result;
}

}  // namespace rbsynth
