#include "learner/validator.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "explorer/search.hpp"
#include "explorer/witness.hpp"
#include "model/error.hpp"
#include "model/model.hpp"

namespace rbsynth {

namespace {

// The kept form of a violation: a path to the violating state the search
// met, in the unreduced model. Found by a depth-first search below that
// state (explorer/witness.hpp) with a state budget and no time limit, so
// whether a counterexample is kept, and which, is a function of the
// candidate (determinism, docs/learner.md).
std::optional<Counterexample> counterexample_of(const Model& model, const State& witness, Property p) {
    WitnessOptions w;
    w.max_states = 100'000;
    const std::optional<Trace> t = path_to(model, witness, p, w);
    if (!t) return std::nullopt;
    Counterexample cex;
    cex.config = model.config();
    cex.byzantine = static_cast<std::uint32_t>((t->initial.global >> kByzShift) & model.all_processes());
    cex.steps = t->steps;
    return cex;
}

CandidateResult check_size(const Algorithm& alg, int n, std::uint64_t budget, const LearnerOptions& o,
                           CheckCounters& counters, bool keep) {
    CandidateResult r;
    r.failed_n = n;
    ExplorerOptions e;
    // One worker, depth first: its search order is fixed, so whether a
    // violation turns up within the state budget is a function of the
    // candidate, the same for every thread count and every run. (Depth
    // first reaches the fair-terminal states that most wrong candidates
    // fail at sooner than a breadth-first pass.) This is what check() does
    // with these options (no breadth-first pass, no hunt); the search is
    // called directly for the state it stopped at.
    e.threads = 1;
    e.max_states = budget;
    e.breadth_first_states = 0;
    e.time_limit = o.candidate_time;
    e.max_memory = o.max_memory;
    e.counterexample = false;
    // Only the verdict matters here: stop at the first violation met.
    e.exact_property = false;
    e.hunt = false;
    try {
        const Model model(alg, o.config_at(n));
        const SearchOutcome res = parallel_search(model, e);
        counters.checks += 1;
        counters.states += res.stats.states;
        counters.seconds += res.stats.seconds;
        if (res.property != Property::None) {
            r.verdict = Verdict::Violated;
            r.property = res.property;
            if (keep && res.witness) r.counterexample = counterexample_of(model, *res.witness, res.property);
        } else {
            r.verdict = res.finished ? Verdict::Holds : Verdict::Incomplete;
        }
    } catch (const Error& err) {
        // A threshold that is not positive at this N (e.g. N-2F): the
        // candidate is not an algorithm for this size, so it fails here.
        r.verdict = Verdict::Violated;
        r.note = err.what();
    }
    return r;
}

// The sizes `sizes` from the smallest, each with `budget`: the first
// violation in size order, else the first incomplete size, else holds.
// Larger sizes run side by side (options.threads != 1) once the smallest
// holds; the answer is combined in size order, so it is the sequential
// answer whatever the thread count.
CandidateResult check_sizes(const Algorithm& alg, const std::vector<int>& sizes, std::uint64_t budget,
                            const LearnerOptions& o, CheckCounters& counters, bool keep) {
    CandidateResult first = check_size(alg, sizes.front(), budget, o, counters, keep);
    if (first.verdict != Verdict::Holds || sizes.size() == 1) return first;
    std::vector<CandidateResult> rest(sizes.size() - 1);
    std::vector<CheckCounters> spent(rest.size());
    auto one = [&](std::size_t i) { rest[i] = check_size(alg, sizes[i + 1], budget, o, spent[i], keep); };
    if (o.threads == 1) {
        for (std::size_t i = 0; i < rest.size(); ++i) {
            one(i);
            counters += spent[i];
            if (rest[i].verdict == Verdict::Violated) return rest[i];
        }
    } else {
        tbb::task_arena arena(o.threads > 0 ? o.threads : tbb::task_arena::automatic);
        arena.execute([&] { tbb::parallel_for(std::size_t{0}, rest.size(), one); });
        for (const CheckCounters& s : spent) counters += s;
    }
    for (const CandidateResult& r : rest)
        if (r.verdict == Verdict::Violated) return r;
    for (const CandidateResult& r : rest)
        if (r.verdict == Verdict::Incomplete) return r;
    return CandidateResult{Verdict::Holds, Property::None, 0, {}, Rejection::None, std::nullopt};
}

}  // namespace

CandidateResult validate_candidate(const Algorithm& alg, const LearnerOptions& o, CheckCounters& counters,
                                   CounterexamplePool* pool) {
    if (pool) {
        std::vector<Config> configs;
        for (int n : o.validate) configs.push_back(o.config_at(n));
        for (int n : o.final_validate) configs.push_back(o.config_at(n));
        if (const auto hit = pool->reject(alg, configs))
            return CandidateResult{Verdict::Violated, hit->property, hit->n, {}, Rejection::Replay, std::nullopt};
    }
    const bool keep = pool != nullptr;
    CandidateResult r = check_sizes(alg, o.validate, o.candidate_states, o, counters, keep);
    // The final sizes (F = 2 under Byzantine faults) only for candidates
    // that hold at every smaller size, with their own budget.
    if (r.verdict == Verdict::Holds && !o.final_validate.empty())
        r = check_sizes(alg, o.final_validate, o.final_states, o, counters, keep);
    if (r.verdict == Verdict::Violated) r.rejection = Rejection::Search;
    // Only the answer's counterexample is kept: the sizes after the first
    // violation run only with several threads, and the pool must be the
    // same for every thread count.
    if (pool && r.counterexample) pool->add(std::move(*r.counterexample));
    r.counterexample.reset();
    return r;
}

Validator::Validator(const LearnerOptions& options) : options_(options) {}

CandidateResult Validator::validate(const Algorithm& alg) {
    ++stats_.candidates;
    const std::string key = to_string(alg);
    if (auto it = cache_.find(key); it != cache_.end()) {
        ++stats_.cache_hits;
        CandidateResult hit = it->second;
        if (hit.verdict == Verdict::Violated) {
            ++stats_.rejected_cache;
            hit.rejection = Rejection::Cache;
        }
        return hit;
    }
    CheckCounters spent;
    CandidateResult r = validate_candidate(alg, options_, spent, options_.reuse_counterexamples ? &pool_ : nullptr);
    stats_.checks += spent.checks;
    stats_.states += spent.states;
    stats_.check_seconds += spent.seconds;
    (r.verdict == Verdict::Holds ? stats_.holds : r.verdict == Verdict::Violated ? stats_.violated : stats_.incomplete) += 1;
    if (r.verdict == Verdict::Violated) (r.rejection == Rejection::Replay ? stats_.rejected_replay : stats_.rejected_search) += 1;
    cache_.emplace(key, r);
    return r;
}

void Validator::restore(std::unordered_map<std::string, CandidateResult> cache, const ValidationStats& stats) {
    cache_ = std::move(cache);
    stats_ = stats;
}

}  // namespace rbsynth
