#include "learner/validator.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "explorer/check.hpp"
#include "model/error.hpp"
#include "model/model.hpp"

namespace rbsynth {

namespace {

CandidateResult check_size(const Algorithm& alg, int n, const LearnerOptions& o, CheckCounters& counters) {
    CandidateResult r;
    r.failed_n = n;
    Config c;
    c.faults = o.faults;
    c.n = n;
    c.f = Config::default_f(o.faults, n);
    c.values = o.values;
    ExplorerOptions e;
    // One worker, depth first: its search order is fixed, so whether a
    // violation turns up within the state budget is a function of the
    // candidate, the same for every thread count and every run. (Depth
    // first reaches the fair-terminal states that most wrong candidates
    // fail at sooner than the breadth-first pass, and no trace is needed.)
    e.threads = 1;
    e.max_states = o.candidate_states;
    e.breadth_first_states = 0;
    e.time_limit = o.candidate_time;
    e.max_memory = o.max_memory;
    e.counterexample = false;
    // Only the verdict matters here: stop at the first violation met.
    e.exact_property = false;
    e.hunt = false;
    try {
        const Model model(alg, c);
        const CheckResult res = check(model, e);
        r.verdict = res.verdict;
        r.property = res.property;
        counters.checks += 1;
        counters.states += res.stats.states;
        counters.seconds += res.stats.seconds;
    } catch (const Error& err) {
        // A threshold that is not positive at this N (e.g. N-2F): the
        // candidate is not an algorithm for this size, so it fails here.
        r.verdict = Verdict::Violated;
        r.note = err.what();
    }
    return r;
}

}  // namespace

CandidateResult validate_candidate(const Algorithm& alg, const LearnerOptions& o, CheckCounters& counters) {
    const std::vector<int>& sizes = o.validate;
    CandidateResult first = check_size(alg, sizes.front(), o, counters);
    if (first.verdict != Verdict::Holds || sizes.size() == 1) return first;
    std::vector<CandidateResult> rest(sizes.size() - 1);
    std::vector<CheckCounters> spent(rest.size());
    auto one = [&](std::size_t i) { rest[i] = check_size(alg, sizes[i + 1], o, spent[i]); };
    if (o.threads == 1) {
        for (std::size_t i = 0; i < rest.size(); ++i) {
            one(i);
            counters += spent[i];
            if (rest[i].verdict == Verdict::Violated) return rest[i];
        }
    } else {
        // Larger sizes side by side; the answer is combined in size order,
        // so it is the sequential answer whatever the thread count.
        tbb::task_arena arena(o.threads > 0 ? o.threads : tbb::task_arena::automatic);
        arena.execute([&] { tbb::parallel_for(std::size_t{0}, rest.size(), one); });
        for (const CheckCounters& s : spent) counters += s;
    }
    for (const CandidateResult& r : rest)
        if (r.verdict == Verdict::Violated) return r;
    for (const CandidateResult& r : rest)
        if (r.verdict == Verdict::Incomplete) return r;
    return CandidateResult{Verdict::Holds, Property::None, 0, {}};
}

Validator::Validator(const LearnerOptions& options) : options_(options) {}

CandidateResult Validator::validate(const Algorithm& alg) {
    ++stats_.candidates;
    const std::string key = to_string(alg);
    if (auto it = cache_.find(key); it != cache_.end()) {
        ++stats_.cache_hits;
        return it->second;
    }
    CheckCounters spent;
    CandidateResult r = validate_candidate(alg, options_, spent);
    stats_.checks += spent.checks;
    stats_.states += spent.states;
    stats_.check_seconds += spent.seconds;
    (r.verdict == Verdict::Holds ? stats_.holds : r.verdict == Verdict::Violated ? stats_.violated : stats_.incomplete) += 1;
    cache_.emplace(key, r);
    return r;
}

void Validator::restore(std::unordered_map<std::string, CandidateResult> cache, const ValidationStats& stats) {
    cache_ = std::move(cache);
    stats_ = stats;
}

}  // namespace rbsynth
