#include "learner/validator.hpp"

#include <mutex>

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include "explorer/check.hpp"
#include "model/error.hpp"
#include "model/model.hpp"

namespace rbsynth {

Validator::Validator(const LearnerOptions& options) : options_(options) {}

CandidateResult Validator::check_size(const Algorithm& alg, int n) {
    CandidateResult r;
    r.failed_n = n;
    Config c;
    c.faults = options_.faults;
    c.n = n;
    c.f = Config::default_f(options_.faults, n);
    c.values = options_.values;
    ExplorerOptions e;
    // One worker, depth first: its search order is fixed, so whether a
    // violation turns up within the state budget is a function of the
    // candidate, the same for every thread count and every run. (Depth
    // first reaches the fair-terminal states that most wrong candidates
    // fail at sooner than the breadth-first pass, and no trace is needed.)
    e.threads = 1;
    e.max_states = options_.candidate_states;
    e.breadth_first_states = 0;
    e.time_limit = options_.candidate_time;
    e.max_memory = options_.max_memory;
    e.counterexample = false;
    // Only the verdict matters here: stop at the first violation met.
    e.exact_property = false;
    try {
        const Model model(alg, c);
        const CheckResult res = check(model, e);
        r.verdict = res.verdict;
        r.property = res.property;
        std::lock_guard<std::mutex> lock(mutex_);  // the parallel checks share the counters
        stats_.checks += 1;
        stats_.states += res.stats.states;
        stats_.check_seconds += res.stats.seconds;
    } catch (const Error& err) {
        // A threshold that is not positive at this N (e.g. N-2F): the
        // candidate is not an algorithm for this size, so it fails here.
        r.verdict = Verdict::Violated;
        r.note = err.what();
    }
    return r;
}

CandidateResult Validator::run(const Algorithm& alg) {
    const std::vector<int>& sizes = options_.validate;
    CandidateResult first = check_size(alg, sizes.front());
    if (first.verdict != Verdict::Holds || sizes.size() == 1) return first;
    std::vector<CandidateResult> rest(sizes.size() - 1);
    auto one = [&](std::size_t i) { rest[i] = check_size(alg, sizes[i + 1]); };
    if (options_.threads == 1) {
        for (std::size_t i = 0; i < rest.size(); ++i) {
            one(i);
            if (rest[i].verdict == Verdict::Violated) return rest[i];
        }
    } else {
        // Larger sizes side by side; the answer is combined in size order,
        // so it is the sequential answer whatever the thread count.
        tbb::task_arena arena(options_.threads > 0 ? options_.threads : tbb::task_arena::automatic);
        arena.execute([&] { tbb::parallel_for(std::size_t{0}, rest.size(), one); });
    }
    for (const CandidateResult& r : rest)
        if (r.verdict == Verdict::Violated) return r;
    for (const CandidateResult& r : rest)
        if (r.verdict == Verdict::Incomplete) return r;
    return CandidateResult{Verdict::Holds, Property::None, 0, {}};
}

CandidateResult Validator::validate(const Algorithm& alg) {
    ++stats_.candidates;
    const std::string key = to_string(alg);
    if (auto it = cache_.find(key); it != cache_.end()) {
        ++stats_.cache_hits;
        return it->second;
    }
    CandidateResult r = run(alg);
    (r.verdict == Verdict::Holds ? stats_.holds : r.verdict == Verdict::Violated ? stats_.violated : stats_.incomplete) += 1;
    cache_.emplace(key, r);
    return r;
}

void Validator::restore(std::unordered_map<std::string, CandidateResult> cache, const ValidationStats& stats) {
    cache_ = std::move(cache);
    stats_ = stats;
}

}  // namespace rbsynth
