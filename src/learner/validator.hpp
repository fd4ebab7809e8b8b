// Validation of finished candidates with the embedded explorer: "holds" on
// every configuration of the validation set, checked smallest first and
// stopping at the first violation, with a cache keyed by the canonical
// candidate so that no candidate is checked twice.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "explorer/result.hpp"
#include "learner/cex_pool.hpp"
#include "learner/options.hpp"
#include "model/algorithm.hpp"

namespace rbsynth {

// Which path rejected a violated candidate (docs/learner.md, "Validation").
enum class Rejection { None, Search, Replay, Cache };

struct CandidateResult {
    Verdict verdict = Verdict::Incomplete;
    Property property = Property::None;  // when violated
    int failed_n = 0;                    // the size that violated, or that ran out of budget
    std::string note;                    // an input error (e.g. a threshold out of range), if any
    Rejection rejection = Rejection::None;  // when violated: a search, or a kept counterexample's replay
    std::optional<Counterexample> counterexample;  // inside validate_candidate only: the violation found
};

struct ValidationStats {
    std::uint64_t candidates = 0;   // finished candidates submitted
    std::uint64_t cache_hits = 0;   // answered from the cache
    std::uint64_t checks = 0;       // explorer runs (one per configuration)
    std::uint64_t states = 0;       // states stored over all explorer runs
    double check_seconds = 0;       // wall time inside the explorer
    std::uint64_t holds = 0, violated = 0, incomplete = 0;  // distinct candidates, by verdict
    // Candidates rejected (violated), by path: a kept counterexample's
    // replay, the cache (a candidate seen before), an explorer search.
    std::uint64_t rejected_replay = 0, rejected_cache = 0, rejected_search = 0;

    double hit_rate() const { return candidates ? double(cache_hits) / double(candidates) : 0; }
    double states_per_second() const { return check_seconds > 0 ? double(states) / check_seconds : 0; }
};

// Counters of the explorer runs behind validations.
struct CheckCounters {
    std::uint64_t checks = 0;  // explorer runs (one per configuration)
    std::uint64_t states = 0;  // states stored over those runs
    double seconds = 0;        // wall time inside the explorer

    CheckCounters& operator+=(const CheckCounters& o) {
        checks += o.checks, states += o.states, seconds += o.seconds;
        return *this;
    }
};

// One validation without a cache, the one definition of "correct" that the
// learner and `rbsynth enumerate` share: "holds" at every validation size,
// smallest first, the first violation (in size order) otherwise, then the
// first incomplete size. Thread-safe; options.threads != 1 checks the larger
// sizes side by side (same answer). `alg` should be canonical.
// `pool`, if given: the kept counterexamples are replayed first (a hit
// rejects without a search), and the violation a search finds is kept.
// Only ever rejects sooner: a replay's violation is a real one.
CandidateResult validate_candidate(const Algorithm& alg, const LearnerOptions& options, CheckCounters& counters,
                                   CounterexamplePool* pool = nullptr);

class Validator {
public:
    explicit Validator(const LearnerOptions& options);

    // `alg` must be canonical (canonical_candidate): the cache is keyed by its text.
    CandidateResult validate(const Algorithm& alg);
    const ValidationStats& stats() const { return stats_; }

    // The cache, for checkpoints: canonical text -> result.
    const std::unordered_map<std::string, CandidateResult>& cache() const { return cache_; }
    void restore(std::unordered_map<std::string, CandidateResult> cache, const ValidationStats& stats);
    // The kept counterexamples (options.reuse_counterexamples), for checkpoints.
    CounterexamplePool& pool() { return pool_; }
    const CounterexamplePool& pool() const { return pool_; }

private:
    LearnerOptions options_;
    CounterexamplePool pool_;
    std::unordered_map<std::string, CandidateResult> cache_;
    ValidationStats stats_;
};

}  // namespace rbsynth
