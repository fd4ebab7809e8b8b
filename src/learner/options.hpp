// The learner's settings, with their documented defaults (docs/learner.md);
// passed down explicitly, printable (after mCRL2's explorer_options).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/config.hpp"
#include "model/expr.hpp"

namespace rbsynth {

// The pruning heuristics of the action space, each one switchable
// (docs/learner.md names and justifies every one).
struct Heuristics {
    bool no_repeat = true;          // a rule appears at most once
    bool guard_on_sent = true;      // a guard counts a type that some rule already sends
    bool one_send_per_guard = true; // at most one send per (type, guard type) pair
    bool deliver_required = true;   // STOP only once a deliver exists; the last slot must deliver
    bool no_type0_on_receive = true;  // type 0 is never sent by `on receive` (an input error)
    bool tabu = true;               // prefixes whose every completion was proven incorrect are avoided
    // The two below are on in `rbsynth learn` (which sets them) and off for
    // other callers by default, so that `rbsynth enumerate`'s language
    // stays as documented there (they drop no algorithm: docs/learner.md).
    bool types_in_order = false;    // type t >= 2 is sent only once type t-1 is (types are interchangeable)
    bool sender_guard_one = false;  // a guard on type 0 only with a threshold that can be 1 (only p0 sends type 0)

    std::string str() const;
    // Switches the heuristic called `name` off; throws Error naming
    // --no-heuristic for an unknown name.
    void disable(const std::string& name);
};

enum class RewardMode { Measured, Paper };

struct RewardOptions {
    RewardMode mode = RewardMode::Measured;
    // cost = messages + step_weight * steps + threshold_weight * k, measured on
    // the failure-free synchronous run at the learning N. A negative weight
    // means "use the default": N - 1 for steps (a step is worth a round of
    // messages from one process), 1 for the delivery threshold.
    double step_weight = -1;
    double threshold_weight = 1;
    double bonus = 10;    // added for "holds" on every validation configuration
    double penalty = 1;   // subtracted for "violated"
    // The final reward of a candidate violated against the equivocating
    // sender (V = 2) that holds against the paper's weak one (V = 1) at the
    // learning N: a stepping stone (docs/learner.md, "Credit from the weak
    // adversary"). Unset with weak_credit_default: 0.7 * bonus under
    // Byzantine faults with V = 2, none otherwise.
    std::optional<double> weak_credit;
    bool weak_credit_default = true;
    // Rewards are cost / scale, scale = N^2 at the learning N, so that Q values
    // stay of the order of the bonus whatever N is.
};

struct LearnerOptions {
    FaultModel faults = Config::kDefaultFaults;  // the tool's one default (docs/semantics.md)
    int values = 0;                 // V of the validation configurations; 0: the fault model's default
    int types = 3;                  // message types of a candidate, 2 or 3
    int max_rules = 4;              // rules in `on receive`
    std::vector<ExprPtr> thresholds;  // empty: 1, F+1, 2F+1, N-F, N-2F, ceil((N+F+1)/2)
    Heuristics heuristics;
    RewardOptions reward;
    // alpha, ucb_c and rave unset: the adversary's measured defaults,
    // resolved by finish() (docs/learner.md, "Defaults and why"): against the
    // equivocating sender alpha 0.3, ucb_c 3, rave 30; otherwise 0.1, 10, 0.
    std::optional<double> alpha;    // learning rate
    double gamma = 0.95;            // discount
    std::optional<double> ucb_c;    // UCB exploration constant (UCB1, Auer et al. 2002), of the order of the bonus
    // RAVE's equivalence parameter k (Gelly and Silver, ICML 2007): an
    // action's all-moves-as-first value weighs sqrt(k / (3 n + k)) beside its
    // Q-value after n tries; 0: plain UCB (docs/learner.md, "RAVE").
    std::optional<double> rave;
    int episodes = 12000;
    std::uint64_t seed = 1;
    int threads = 0;                // explorer threads for validation; 0: every core
    std::vector<int> validate;      // validation sizes; empty: the fault model's default
    // Sizes checked last, only for candidates that hold at every size of
    // `validate`, each with `final_states` (F = 2 under Byzantine faults).
    // Empty and final_default: the fault model's default (Byzantine: 7).
    std::vector<int> final_validate;
    // Whether an empty final_validate means the fault model's default:
    // `rbsynth learn` sets it (its default validation has F = 2); other
    // callers of validate_candidate (`rbsynth enumerate`) opt in.
    bool final_default = false;
    std::uint64_t final_states = 50'000;   // per-check budget of the final sizes (deterministic)
    bool minimise = true;           // drop dead rules of correct algorithms (minimise.hpp)
    bool reuse_counterexamples = true;  // replay kept counterexamples before a search (cex_pool.hpp)
    int learn_n = 0;                // N of the cost measurement; 0: the smallest validation size
    std::uint64_t candidate_states = 10'000;   // per-check budget of stored states (deterministic)
    double candidate_time = 60;     // per-check time limit in seconds (a safety net)
    std::uint64_t max_memory = 0;   // per-check store limit in bytes; 0: the explorer's default

    // The defaults above, completed for the fault model (validation sizes,
    // thresholds, learning N); throws Error for inconsistent settings.
    void finish();
    std::string str() const;
    static std::vector<int> default_validation(FaultModel faults);
    // The configuration checked at size n: this fault model and V, with the
    // fault model's default F (the validator's, enumerate's and the
    // resilience table's one definition).
    Config config_at(int n) const;
    static std::vector<int> default_final_validation(FaultModel faults);
};

}  // namespace rbsynth
