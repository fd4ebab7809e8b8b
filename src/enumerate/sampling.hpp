// Uniform random sampling of the learner's language: the plain-search
// baseline beside the learner and the exhaustive enumeration. Classes are
// drawn uniformly with replacement from the enumeration's own class list,
// from a seeded generator; each class drawn for the first time goes through
// the enumeration's own evaluation (quick rejection, then the learner's
// validator, then the failure-free cost), and a class drawn again is a
// cache hit, as in the learner's validation cache. Why classes and not
// candidates: docs/enumerate.md, "Uniform sampling".
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <random>

#include <nlohmann/json.hpp>

#include "enumerate/enumeration.hpp"

namespace rbsynth {

struct SampleOptions {
    std::uint64_t draws = 1000;         // the draw budget (> 0)
    std::uint64_t seed = 1;
    std::optional<double> target_cost;  // stop at the first correct class of at most this cost
    int threads = 1;                    // >= 1; the outcome is the same for every count
};

// A draw that found a correct class.
struct SampleHit {
    std::uint64_t draw = 0;  // 1-based
    std::uint32_t class_index = 0;
    ClassResult result;
    double seconds = 0;  // since sampling began, at the end of the batch that evaluated it
};

struct SampleResult {
    std::uint64_t draws = 0;      // draws made, up to the stopping one
    std::uint64_t validated = 0;  // distinct classes among them (each evaluated once)
    // Over those distinct classes.
    std::uint64_t holds = 0, violated = 0, incomplete = 0, quick_rejected = 0;
    std::optional<SampleHit> first_correct;
    // The first draw of the least correct cost met (a correct class whose
    // failure-free cost is unknown never is).
    std::optional<SampleHit> first_least;
    bool reached_target = false;
    bool interrupted = false;  // `stop` was set
    double seconds = 0;        // sampling only (the language is built before)
};

// A number in [0, n) from 64-bit words by rejection, so the draws are the
// same with every standard library (std::uniform_int_distribution's
// algorithm is implementation-defined). n > 0.
std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t n);

// Draws until the target cost is met, the budget is spent or `stop` is
// set. Draws are evaluated in batches (threads in parallel) and scanned in
// draw order, so every count and hit is a function of the settings and the
// seed alone; only the seconds depend on the threads. `e` must be unbounded
// (no --max-steps/--max-cost: sampling validates every class it draws) and
// records the results it evaluates.
SampleResult sample(Enumeration& e, const SampleOptions& o, const std::atomic<bool>* stop = nullptr);

// report.json of a sampling run: deterministic but for the seconds.
nlohmann::json sample_report(const Enumeration& e, const SampleOptions& o, const SampleResult& r,
                             double language_seconds);

}  // namespace rbsynth
