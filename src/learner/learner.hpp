// RB-Learner in process: Q-learning (Watkins and Dayan 1992) with an Upper
// Confidence Bound policy (UCB1, Auer, Cesa-Bianchi and Fischer 2002) that
// builds a reliable-broadcast algorithm action by action and asks the
// embedded explorer whether each finished candidate is correct, as the
// reference paper's RB-Learner asked Spin (RL generation paper, Section III).
// The caller drives the episodes, so that it owns progress, checkpoints and
// interruption; the library never prints.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "learner/options.hpp"
#include "learner/partial.hpp"
#include "learner/qtable.hpp"
#include "learner/reward.hpp"
#include "learner/validator.hpp"
#include "learner/vocabulary.hpp"

namespace rbsynth {

struct LearnerStats {
    int episodes = 0;              // episodes run
    std::uint64_t dead_ends = 0;   // episodes that met a prefix whose completions are all proven incorrect
    std::uint64_t weak_holds = 0;  // episodes given the weak credit (violated under V = 2, holds under V = 1)
    double seconds = 0;            // wall time in episodes, validation included
};

struct FoundAlgorithm {
    Algorithm alg;                 // canonical
    Cost cost;
    int episode = 0;               // episode in which it was first found (1-based)
    // Learning seconds (LearnerStats::seconds) when it was found: the time
    // to a first optimal algorithm, beside enumeration and sampling
    // (bench/compare). Not deterministic, unlike everything else found.
    double seconds = 0;
};

// {"algorithm", "episode", "seconds", "messages", "steps", "threshold", "cost"}: the
// report's entries and the checkpoint's, one format.
nlohmann::json to_json(const FoundAlgorithm& f);

struct CurvePoint {
    float reward = 0;              // the episode's total reward
    float best_cost = 0;           // best correct cost so far; 0 until one is found
};

class Learner {
public:
    explicit Learner(LearnerOptions options);  // options.finish() must have run

    bool done() const { return stats_.episodes >= options_.episodes; }
    void episode();  // one learning episode
    // The optimisation episode (after the paper): follow the greedy policy
    // and validate what it builds; nullopt when it meets only tabu actions.
    std::optional<FoundAlgorithm> greedy();

    const LearnerOptions& options() const { return options_; }
    const Vocabulary& vocabulary() const { return vocab_; }
    const LearnerStats& stats() const { return stats_; }
    // The weak credit's validation: `o` against V = 1 at the learning N only.
    static LearnerOptions weak_options(const LearnerOptions& o);
    const ValidationStats& validation() const { return validator_.stats(); }
    const CounterexamplePool& counterexamples() const { return validator_.pool(); }
    const std::optional<FoundAlgorithm>& best() const { return best_; }
    const std::map<std::string, FoundAlgorithm>& correct() const { return correct_; }
    const std::vector<CurvePoint>& curve() const { return curve_; }
    int states() const { return q_.rows(); }

    nlohmann::json checkpoint() const;
    // Throws Error when the checkpoint was written with other settings.
    void resume(const nlohmann::json& doc, const std::string& file);

private:
    struct Move {
        int row, action;
        double reward;
        std::vector<int> allowed;
    };
    int select(int row, const std::vector<int>& allowed);
    bool has_amaf(int row, int a) const;  // RAVE is on and has an estimate of a here
    double value(int row, int a) const;
    double exploration(int row, int a, double log_n) const;
    void learn(const std::vector<Move>& path, double final);
    void learn_amaf(const std::vector<Move>& path, double final);
    void mark_tabu(const std::vector<Move>& path);
    void record(const Algorithm& alg, const Cost& cost, double seconds);

    LearnerOptions options_;
    Vocabulary vocab_;
    QTable q_;
    Validator validator_;
    // Against the weak adversary (V = 1) at the learning N, for the weak
    // credit; null without it.
    std::unique_ptr<Validator> weak_;
    std::mt19937_64 rng_;
    LearnerStats stats_;
    std::optional<FoundAlgorithm> best_;
    std::map<std::string, FoundAlgorithm> correct_;  // by canonical text
    std::vector<CurvePoint> curve_;
};

}  // namespace rbsynth
