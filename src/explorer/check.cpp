#include "explorer/check.hpp"

#include <chrono>

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
                       "counterexample={}",
                       threads, max_states, max_memory, time_limit, stop_at_violation, counterexample);
}

CheckResult check(const Model& model, const ExplorerOptions& options) {
    const auto start = std::chrono::steady_clock::now();
    SearchOutcome search = parallel_search(model, options);
    CheckResult result;
    result.stats = search.stats;
    result.count_complete = search.finished;
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
