// Counterexample reuse, the inner loop of counterexample-guided inductive
// synthesis (R. Bloem, N. Braud-Santoni and S. Jacobs, "Synthesis of
// self-stabilising and Byzantine-resilient distributed systems", TACAS
// 2016; A. Solar-Lezama, "Program synthesis by sketching", 2008): every
// counterexample the validator finds is kept, and a new candidate is first
// run along the kept ones. Most wrong candidates fail for the same few
// reasons (an equivocating sender splits the delivered values; a guard
// nobody reaches leaves a correct process without a delivery), so a replay
// of microseconds often replaces a search of milliseconds.
//
// A replay only ever rejects: it runs the candidate's own model (its own
// rules, at the counterexample's configuration) along the kept steps, and
// rejects only when a state it reaches violates a property. Every such
// state is reachable in the candidate's model, so the violation is
// genuine. A step that is not enabled for the candidate ends that replay
// without a verdict.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <shared_mutex>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/model.hpp"

namespace rbsynth {

// A configuration-independent counterexample: where it was found and which
// steps, by type index (canonical candidates number their types in order of
// first use, so the indices of two candidates mean alike).
struct Counterexample {
    Config config;
    std::uint32_t byzantine = 0;  // bit p: process p is Byzantine in the initial state
    std::vector<Step> steps;

    bool operator==(const Counterexample&) const = default;
};

struct ReplayHit {
    Property property = Property::None;
    int n = 0;  // the size of the counterexample that still applies
};

struct PoolCounters {
    std::uint64_t replays = 0;  // counterexamples run on candidates
    std::uint64_t hits = 0;     // replays that reached a violation
    std::uint64_t skipped = 0;  // replays that met a step the candidate does not enable
};

// Runs `cex` on `model` (whose configuration must be cex.config): the
// property a state along it violates, including the fair-terminal state
// reached from its last state by receiving every pending message in the
// model's order (a fair continuation, so still a real execution); None
// when a step is not enabled or nothing is violated. `skipped` is set when
// a step was not enabled.
Property replay_counterexample(const Model& model, const Counterexample& cex, bool* skipped = nullptr);

// A counterexample read from a trace document (`--trace-out`, format
// rbsynth-trace-1) written for a candidate of the learner's language,
// whose types are named T0, T1, ... (`types` of them). Throws Error naming
// `file` (and the step) for a malformed document or an unknown type.
Counterexample counterexample_from_trace(const nlohmann::json& doc, const std::string& file, int types);

// A digest of a list of counterexamples, for settings strings that must
// tell two lists apart (checkpoints, MPI ranks).
std::uint64_t digest(const std::vector<Counterexample>& list);

// The kept counterexamples, in the order they were added. Thread-safe:
// replays share a lock, add() takes it alone. For deterministic runs the
// caller adds in a deterministic order (the learner validates one
// candidate at a time; see docs/learner.md).
class CounterexamplePool {
public:
    // Adds `cex` unless an equal one is kept; returns whether it was added.
    bool add(Counterexample cex);
    // The first kept counterexample whose replay on `alg` reaches a
    // violation: configuration by configuration in the order of `configs`,
    // then in order of addition. A configuration at
    // which `alg` is not an algorithm (a threshold not positive) is
    // skipped: the search path reports that input error.
    std::optional<ReplayHit> reject(const Algorithm& alg, const std::vector<Config>& configs);

    std::size_t size() const;
    PoolCounters counters() const;

    nlohmann::json to_json() const;
    // Replaces the contents; throws Error naming `file` for a malformed entry.
    void from_json(const nlohmann::json& doc, const std::string& file);

private:
    mutable std::shared_mutex mutex_;
    std::vector<Counterexample> kept_;
    std::unordered_set<std::uint64_t> hashes_;  // of kept_, to refuse duplicates
    std::atomic<std::uint64_t> replays_{0}, hits_{0}, skipped_{0};  // PoolCounters, updated under the shared lock
};

}  // namespace rbsynth
