#include "learner/learner.hpp"

#include <cassert>
#include <chrono>
#include <cmath>
#include <limits>

#include "learner/heuristics.hpp"
#include "learner/minimise.hpp"

namespace rbsynth {

Learner::Learner(LearnerOptions options)
    : options_(std::move(options)), vocab_(options_), q_(vocab_.size()), validator_(options_), rng_(options_.seed) {
    assert(options_.alpha && options_.ucb_c && options_.rave && "LearnerOptions::finish() must have run");
    if (options_.reward.weak_credit) weak_ = std::make_unique<Validator>(weak_options(options_));
}

LearnerOptions Learner::weak_options(const LearnerOptions& o) {
    LearnerOptions w = o;
    w.values = 1;
    w.validate = {o.learn_n};
    w.final_validate.clear();
    w.final_default = false;
    return w;
}

// UCB1: V + c * sqrt(ln n(s) / n(s,a)), V being Q or RAVE's blend
// (value()); every untried action without a RAVE estimate first; ties
// broken by the seeded generator. Tabu actions are never chosen. -1 when
// every allowed action is tabu.
int Learner::select(int row, const std::vector<int>& allowed) {
    const double log_n = std::log(double(std::max<std::int64_t>(1, q_.row_visits(row))));
    int chosen = -1, ties = 0;
    double best = -std::numeric_limits<double>::infinity();
    for (int a : allowed) {
        if (options_.heuristics.tabu && q_.tabu(row, a)) continue;
        const double score = value(row, a) + exploration(row, a, log_n);
        if (score > best) {
            best = score, chosen = a, ties = 1;
        } else if (score == best && rng_() % static_cast<std::uint64_t>(++ties) == 0) {
            chosen = a;  // reservoir sampling: a uniform choice among the ties
        }
    }
    return chosen;
}

// The estimate UCB adds its bonus to: Q, or with RAVE Q blended with the
// all-moves-as-first mean, weight beta = sqrt(k / (3 n + k)) (Gelly and
// Silver 2007), so that the shared estimate leads while n is small.
bool Learner::has_amaf(int row, int a) const { return *options_.rave > 0 && q_.amaf_visits(row, a) > 0; }

double Learner::value(int row, int a) const {
    const int n = q_.visits(row, a);
    if (!has_amaf(row, a)) return n == 0 ? 0 : q_.q(row, a);
    if (n == 0) return q_.amaf(row, a);
    const double beta = std::sqrt(*options_.rave / (3.0 * n + *options_.rave));
    return beta * q_.amaf(row, a) + (1 - beta) * q_.q(row, a);
}

// UCB1's bonus c * sqrt(ln n(s) / n(s,a)); an untried action comes first
// (infinite bonus) unless RAVE already has an estimate of it, which is then
// given the bonus of one try.
double Learner::exploration(int row, int a, double log_n) const {
    const int n = q_.visits(row, a);
    if (n == 0 && !has_amaf(row, a)) return std::numeric_limits<double>::infinity();
    return *options_.ucb_c * std::sqrt(log_n / std::max(n, 1));
}

// Q-learning's update, applied from the last move back to the first so that
// the final reward reaches the whole path in one episode.
void Learner::learn(const std::vector<Move>& path, double final) {
    for (std::size_t i = path.size(); i-- > 0;) {
        const Move& m = path[i];
        const double next = i + 1 == path.size() ? final : options_.gamma * q_.max_q(path[i + 1].row, path[i + 1].allowed);
        float& q = q_.q(m.row, m.action);
        q += static_cast<float>(*options_.alpha * (m.reward + next - q));
        q_.visits(m.row, m.action) += 1;
    }
    if (*options_.rave > 0) learn_amaf(path, final);
}

// All moves as first: the return of the episode from move i counts for
// every action played at move i or later, at move i's state (each action
// once per episode; rules are a set up to the canonical order, so an
// action's worth is close to independent of when it was chosen).
void Learner::learn_amaf(const std::vector<Move>& path, double final) {
    double ret = final;
    for (std::size_t i = path.size(); i-- > 0;) {
        ret += path[i].reward;
        for (std::size_t j = i; j < path.size(); ++j) {
            bool seen = false;
            for (std::size_t k = i; k < j && !seen; ++k) seen = path[k].action == path[j].action;
            if (seen) continue;
            float& mean = q_.amaf(path[i].row, path[j].action);
            const std::int32_t n = ++q_.amaf_visits(path[i].row, path[j].action);
            mean += static_cast<float>((ret - mean) / n);
        }
    }
}

// The last move led to a proven-incorrect candidate, or to a state whose
// every allowed action is tabu: mark it, and walk up while a whole state
// becomes tabu. Sound: every completion below a tabu pair was shown wrong.
void Learner::mark_tabu(const std::vector<Move>& path) {
    for (std::size_t i = path.size(); i-- > 0;) {
        q_.set_tabu(path[i].row, path[i].action);
        for (int a : path[i].allowed)
            if (!q_.tabu(path[i].row, a)) return;
    }
}

void Learner::record(const Algorithm& alg, const Cost& cost, double seconds) {
    const std::string text = to_string(alg);
    if (correct_.count(text)) return;
    FoundAlgorithm found{alg, cost, stats_.episodes, seconds};
    correct_.emplace(text, found);
    // Cheaper first; at equal cost fewer rules, then the least canonical
    // text: a total order, so the best is the same whatever the order found.
    auto rules = [](const Algorithm& a) { return a.on_broadcast.size() + a.on_receive.size(); };
    if (!best_ || cost.value < best_->cost.value ||
        (cost.value == best_->cost.value &&
         (rules(alg) < rules(best_->alg) || (rules(alg) == rules(best_->alg) && text < to_string(best_->alg)))))
        best_ = found;
}

void Learner::episode() {
    const auto start = std::chrono::steady_clock::now();
    ++stats_.episodes;
    PartialAlgorithm partial;
    std::vector<Move> path;
    double final = -options_.reward.penalty, total = 0;
    bool tabu = false;
    while (!partial.complete()) {
        std::vector<int> allowed = allowed_actions(vocab_, partial, options_);
        const int row = q_.intern(partial.key());
        const int a = select(row, allowed);
        if (a < 0) {  // reached through another parent: its completions are all wrong
            ++stats_.dead_ends;
            tabu = options_.heuristics.tabu;
            break;
        }
        path.push_back(Move{row, a, action_reward(vocab_, a, options_), std::move(allowed)});
        total += path.back().reward;
        partial.add(vocab_, a, options_.max_rules);
    }
    if (partial.complete()) {
        const Algorithm alg = canonical_candidate(partial.algorithm(vocab_));
        const CandidateResult r = validator_.validate(alg);
        Cost cost;
        if (r.verdict == Verdict::Holds) {
            cost = measure_cost(alg, options_);
            // What is recorded has no dead rules (minimise.hpp); the reward
            // is the candidate's, whose cost is the same.
            // Only a candidate that may become the best is minimised (its
            // validations are not free); the others are recorded as found.
            const bool may_be_best = !best_ || cost.value <= best_->cost.value;
            const Algorithm minimal =
                options_.minimise && may_be_best ? drop_dead_rules(alg, validator_, options_) : alg;
            record(minimal, measure_cost(minimal, options_),
                   stats_.seconds + std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        }
        final = final_reward(r.verdict, cost, options_);
        // The weak credit: a candidate that only an equivocating sender
        // breaks. Whether it holds under V = 1 is a function of the
        // candidate (a kept counterexample never rejects one that holds),
        // so runs stay the same for every thread count and after a resume,
        // whose checkpoint does not keep this validator's cache.
        if (r.verdict == Verdict::Violated && weak_ && weak_->validate(alg).verdict == Verdict::Holds) {
            final = *options_.reward.weak_credit;
            ++stats_.weak_holds;
        }
        tabu = options_.heuristics.tabu && r.verdict == Verdict::Violated;
    }
    learn(path, final);
    if (tabu) mark_tabu(path);
    curve_.push_back(CurvePoint{float(total + final), best_ ? float(best_->cost.value) : 0.f});
    stats_.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::optional<FoundAlgorithm> Learner::greedy() {
    PartialAlgorithm partial;
    while (!partial.complete()) {
        const std::vector<int> allowed = allowed_actions(vocab_, partial, options_);
        const int row = q_.intern(partial.key());
        int chosen = -1;
        for (int a : allowed)
            if (!(options_.heuristics.tabu && q_.tabu(row, a)) && q_.visits(row, a) > 0 &&
                (chosen < 0 || q_.q(row, a) > q_.q(row, chosen)))
                chosen = a;
        if (chosen < 0) return std::nullopt;
        partial.add(vocab_, chosen, options_.max_rules);
    }
    const Algorithm alg = canonical_candidate(partial.algorithm(vocab_));
    if (validator_.validate(alg).verdict != Verdict::Holds) return std::nullopt;
    const Algorithm minimal = options_.minimise ? drop_dead_rules(alg, validator_, options_) : alg;
    return FoundAlgorithm{minimal, measure_cost(minimal, options_), stats_.episodes + 1, stats_.seconds};
}

}  // namespace rbsynth
