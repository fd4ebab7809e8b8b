// One exhaustive enumeration: the language's classes, a verdict per class
// from the learner's validator, and the cost of every correct one. Results
// are kept by class index, never by completion order, so that the report is
// the same for every thread count, every rank count and after a resume.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "enumerate/language.hpp"
#include "enumerate/quick_reject.hpp"
#include "explorer/result.hpp"
#include "learner/cex_pool.hpp"
#include "learner/options.hpp"

namespace rbsynth {

// One class's outcome, compact (a language has millions of classes).
struct ClassResult {
    Verdict verdict = Verdict::Incomplete;
    Property property = Property::None;  // violated: the property
    std::uint8_t failed_n = 0;           // the size that violated or ran out of budget
    bool input_error = false;            // violated because a threshold is not positive at failed_n
    bool over_bound = false;             // not validated: more failure-free steps or cost than the bound
    bool by_counterexample = false;      // violated along a given counterexample (EnumerateOptions)
    std::uint8_t checks = 0;             // explorer runs (0 and no input error: rejected quickly)
    std::uint32_t states = 0;            // states stored over those runs (or visited by the quick rejection)
    // Holds, incomplete and over the bound: the failure-free synchronous run at the learning
    // N (reward.hpp), so that an incomplete class shows whether it could
    // undercut the least correct cost. cost_known: false when that run
    // leaves a process without delivery or the candidate is no algorithm there.
    bool cost_known = false;
    std::int64_t messages = 0, threshold = 0;
    std::int32_t steps = 0;
    double cost = 0;
};

// The enumerator's own settings, beyond the learner's language and validator.
struct EnumerateOptions {
    // States the quick rejection (quick_reject.hpp) may visit at the
    // smallest validation size before the validator runs; 0: off. It only
    // ever turns a class into "violated" (docs/enumerate.md).
    std::uint64_t quick_states = 1000;
    // A bound on the communication steps of the failure-free synchronous
    // run at the learning N (measured before validation, cheaply): a class
    // with more is not validated and is reported as over the bound, never
    // as violated, so every answer is then restricted to the bound. 0: none.
    int max_steps = 0;
    // The same for the learner's cost of that run. A correct class of cost
    // at most max_cost, with no incomplete class cheaper, is then the least
    // cost of the whole language: every class left out costs more. 0: none.
    double max_cost = 0;
    // Counterexamples given by the user (`--counterexample`, traces of
    // other candidates), replayed on every class before its validation: a
    // replay that reaches a violation rejects the class (a state reached
    // along enabled steps is reachable, so the violation is real), one that
    // meets a step the class does not enable decides nothing. They settle
    // classes whose search runs out of budget (docs/enumerate.md).
    std::vector<Counterexample> counterexamples{};
    bool bounded() const { return max_steps > 0 || max_cost > 0; }
    // The whole language's optimum follows from a bounded run's (above).
    bool bound_keeps_optimum() const { return max_steps == 0; }
};

// The settings that decide the report (threads and output aside): a
// checkpoint and every MPI rank must agree on them.
std::string enumerate_settings(const LearnerOptions& options, const EnumerateOptions& own = {});

class Enumeration {
public:
    // `options` finished (LearnerOptions::finish); validation runs one
    // class per thread (options.threads is set to 1 here).
    explicit Enumeration(LearnerOptions options, EnumerateOptions own = {});

    const LearnerOptions& options() const { return options_; }
    const EnumerateOptions& own_options() const { return own_; }
    const Language& language() const { return language_; }
    const std::string& settings() const { return settings_; }
    std::size_t classes() const { return language_.classes(); }
    std::size_t done() const { return done_count_.load(); }
    std::size_t holds() const { return holds_count_.load(); }
    bool complete() const { return done() == classes(); }

    // Class indices without a result yet, ascending.
    std::vector<std::uint32_t> todo() const;
    // Validates class i and measures its cost; thread-safe, records nothing.
    // `scratch`: the calling thread's own, reused from class to class.
    ClassResult evaluate(std::size_t i, QuickRejecter& scratch) const;
    ClassResult evaluate(std::size_t i) const;
    QuickRejecter scratch() const { return QuickRejecter(own_.quick_states); }
    // Thread-safe; a class recorded twice keeps its first result (both are equal).
    void record(std::size_t i, const ClassResult& r);
    bool is_done(std::size_t i) const;
    // Class i's result (thread-safe); meaningful once is_done(i).
    ClassResult result(std::size_t i) const;
    // A copy of the results of the classes done so far (thread-safe).
    std::vector<std::pair<std::uint32_t, ClassResult>> snapshot() const;

    // Checkpoints: the settings, the class count and every result so far.
    nlohmann::json checkpoint() const;
    // Throws Error when `doc` was written with other settings or is no checkpoint.
    void resume(const nlohmann::json& doc, const std::string& file);

private:
    bool quick_reject(const Algorithm& alg, QuickRejecter& scratch, ClassResult& out) const;
    bool given_counterexample(const Algorithm& alg, ClassResult& out) const;

    LearnerOptions options_;
    EnumerateOptions own_;
    std::string settings_;
    Language language_;
    std::vector<ClassResult> results_;
    std::vector<std::uint8_t> done_;
    std::atomic<std::size_t> done_count_{0}, holds_count_{0};
    mutable std::mutex mutex_;
};

// Results in a columnar JSON form (for checkpoints and MPI messages, both
// written as MessagePack): {"index": [...], "code": [...], ...}; a code is
// Evaluates the listed classes, one thread per scratch rejecter (the
// caller's among them), each taking the next class: a class takes from
// microseconds to seconds, so no fixed split. `done(k, result)` runs on the
// evaluating thread for classes[k]; no class is taken once `stop` is set.
// Used by the MPI workers (distributed.cpp) and by sampling.
void evaluate_classes(const Enumeration& e, const std::vector<std::uint32_t>& classes,
                      std::vector<QuickRejecter>& scratch, const std::atomic<bool>* stop,
                      const std::function<void(std::size_t, const ClassResult&)>& done);

// 64 (over the bound) + 16 verdict + 2 property + input error.
nlohmann::json results_to_json(const std::vector<std::pair<std::uint32_t, ClassResult>>& results);
std::vector<std::pair<std::uint32_t, ClassResult>> results_from_json(const nlohmann::json& doc);

}  // namespace rbsynth
