#include "explorer/check.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include <fmt/core.h>

#include "explorer/counterexample.hpp"
#include "explorer/search.hpp"
#include "explorer/witness.hpp"
#include "model/priority.hpp"

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

using Clock = std::chrono::steady_clock;

double since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// What the breadth-first pass decided: nothing (its budget ran out: the
// parallel search decides, going on from where the pass stopped), a final
// result, or a violation whose property a property before it in the order
// Integrity, Agreement, Validity may still beat (the parallel search then
// looks for those only).
struct PassOutcome {
    std::optional<CheckResult> done;
    std::optional<Trace> trace;
    Property found = Property::None;
    std::optional<SearchSeed> seed;
};

PassOutcome breadth_first_pass(const Model& model, const ExplorerOptions& options) {
    ExplorerOptions bfs = options;
    bfs.max_states = options.max_states ? std::min(options.max_states, options.breadth_first_states)
                                        : options.breadth_first_states;
    const bool own_budget = options.max_states == 0 || options.max_states > options.breadth_first_states;
    PassOutcome out;
    std::optional<SearchSeed> seed;
    CounterexampleOutcome cex = shortest_counterexample(model, bfs, Property::None, &seed);
    CheckResult result;
    result.reduction = options.reduce;
    result.stats = cex.stats;
    if (cex.trace) {
        out.found = cex.trace->property;
        if (options.exact_property && may_improve(model, out.found)) {
            out.trace = std::move(cex.trace);
            return out;
        }
        result.verdict = Verdict::Violated;
        result.property = cex.trace->property;
        if (options.counterexample) result.trace = std::move(cex.trace);
        out.done = std::move(result);
        return out;
    }
    if (cex.complete) {
        result.verdict = Verdict::Holds;
        result.count_complete = true;
        out.done = std::move(result);
        return out;
    }
    if (cex.limit == Limit::States && own_budget) {
        out.seed = std::move(seed);  // empty if the pass had met a violation
        return out;
    }
    result.verdict = Verdict::Incomplete;
    result.limit = cex.limit;
    out.done = std::move(result);
    return out;
}

// The counterexample for `property`: the breadth-first shortest one where
// that search is cheap (or always with options.shortest), else the path to
// the state the search met. Budgeted, so that a trace costs a small
// multiple of the search that found the violation.
void attach_trace(const Model& model, const ExplorerOptions& options, const State* witness,
                  std::optional<Trace> shallow, Clock::time_point start, CheckResult& result) {
    if (shallow && shallow->property == result.property) {
        result.trace = std::move(shallow);
        return;
    }
    ExplorerOptions bfs = options;
    const double spent = since(start);
    if (!options.shortest) {
        bfs.max_states = options.shortest_budget_states;
        bfs.time_limit = std::max(0.5, spent);
    } else if (options.time_limit > 0) {
        bfs.time_limit = std::max(1.0, options.time_limit - spent);
    }
    CounterexampleOutcome cex = shortest_counterexample(model, bfs, result.property);
    if (cex.trace) {
        result.trace = std::move(cex.trace);
        return;
    }
    if (witness) {
        WitnessOptions w;
        w.time_limit = std::max(5.0, 4 * spent);
        if (auto t = path_to(model, *witness, result.property, w)) {
            // Ends at the first state on the path that violates the property.
            const std::vector<State> states = replay(model, *t);
            for (std::size_t i = 0; i < states.size(); ++i)
                if (model.violation(states[i]) == result.property) {
                    t->steps.resize(i);
                    break;
                }
            result.trace = std::move(t);
            return;
        }
    }
    result.note = "no counterexample: its search hit " + to_string(cex.limit == Limit::None ? Limit::Time : cex.limit);
}

// The reduced search, with the exact one beside it once the reduced one
// has run for options.hunt_after seconds (ExplorerOptions::hunt). Either
// search's violation is a real one; if the hunter's comes first, the
// reduced search is stopped, and, for the reported property, run again
// for the properties before the hunter's only (model/priority.hpp).
SearchOutcome search_with_hunt(const Model& model, const ExplorerOptions& options, Property known,
                               const SearchSeed* seed) {
    if (!options.hunt || !options.reduce.any() || !options.stop_at_violation || options.cancel)
        return parallel_search(model, options, known, seed);
    const auto start = Clock::now();
    std::atomic<bool> stop_main{false}, stop_hunt{false};
    std::optional<SearchOutcome> hunted;
    std::thread hunter([&] {
        while (!stop_hunt.load() && since(start) < options.hunt_after)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        if (stop_hunt.load()) return;
        ExplorerOptions h = options;
        h.reduce = Reduction{false, false};
        h.threads = 1;
        h.max_memory = effective_max_memory(options) / 4;
        if (options.hunt_states && (!h.max_states || options.hunt_states < h.max_states))
            h.max_states = options.hunt_states;
        h.exact_property = false;
        h.on_progress = nullptr;
        h.cancel = &stop_hunt;
        if (options.time_limit > 0) h.time_limit = std::max(0.001, options.time_limit - since(start));
        SearchOutcome r = parallel_search(model, h, known);
        if (r.property != Property::None && r.witness) {
            hunted = std::move(r);
            stop_main.store(true);
        }
    });
    ExplorerOptions main = options;
    main.cancel = &stop_main;
    SearchOutcome search = parallel_search(model, main, known, seed);
    stop_hunt.store(true);
    hunter.join();
    if (!hunted || (search.finished && search.property != Property::None && search.property <= hunted->property))
        return search;
    // The hunter met a violation first, or a better one. (Were the reduced
    // search to say "holds" here, the hunter's violation, a real one, wins.)
    Property best = hunted->property;
    std::optional<State> witness = hunted->witness;
    if (search.property != Property::None && search.property < best) {
        best = search.property;
        witness = search.witness;
    }
    if (options.exact_property && may_improve(model, best)) {
        ExplorerOptions again = options;
        if (options.time_limit > 0) again.time_limit = std::max(0.001, options.time_limit - since(start));
        SearchOutcome refined = parallel_search(model, again, best);
        if (refined.property != Property::None && refined.property < best && refined.witness) return refined;
        refined.property = best;
        refined.witness = witness;
        return refined;
    }
    search.property = best;
    search.witness = witness;
    search.finished = false;
    search.limit = Limit::None;
    return search;
}

}  // namespace

CheckResult check(const Model& model, const ExplorerOptions& options) {
    const auto start = Clock::now();
    ExplorerOptions rest = options;
    PassOutcome pass;
    if (options.stop_at_violation && options.breadth_first_states > 0) {
        pass = breadth_first_pass(model, options);
        if (pass.done) {
            pass.done->stats.seconds = since(start);
            return *pass.done;
        }
        if (options.time_limit > 0) rest.time_limit = std::max(0.001, options.time_limit - since(start));
    }
    SearchOutcome search = search_with_hunt(model, rest, pass.found, pass.seed ? &*pass.seed : nullptr);
    CheckResult result;
    result.stats = search.stats;
    result.reduction = options.reduce;
    if (search.property == Property::None) {
        result.count_complete = search.finished;
        result.verdict = search.finished ? Verdict::Holds : Verdict::Incomplete;
        result.limit = search.limit;
        result.stats.seconds = since(start);
        return result;
    }
    result.verdict = Verdict::Violated;
    result.property = search.property;
    result.count_complete = search.finished && !options.stop_at_violation;
    if (options.exact_property && !search.finished && search.limit != Limit::None &&
        may_improve(model, search.property))
        result.note = "the search for a violation of a property before " + to_string(search.property) +
                      " (Integrity, Agreement, Validity) hit " + to_string(search.limit) +
                      ": the property reported may depend on the search order";
    if (options.counterexample) {
        const State* witness = search.witness ? &*search.witness : nullptr;
        attach_trace(model, options, witness, std::move(pass.trace), start, result);
    }
    result.stats.seconds = since(start);
    return result;
}

}  // namespace rbsynth
