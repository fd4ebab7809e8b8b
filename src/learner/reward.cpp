#include "learner/reward.hpp"

#include "model/model.hpp"

namespace rbsynth {

namespace {

double scale(const LearnerOptions& o) { return double(o.learn_n) * double(o.learn_n); }

}  // namespace

Cost measure_cost(const Algorithm& alg, const LearnerOptions& o) {
    Config c;
    c.faults = o.faults;
    c.n = o.learn_n;
    c.f = Config::default_f(o.faults, o.learn_n);
    c.values = 1;
    const Model model(alg, c);
    const Metrics m = measure(model);
    Cost cost;
    cost.messages = m.messages;
    cost.threshold = m.threshold.value_or(0);
    cost.valid = m.steps.has_value();
    cost.steps = m.steps.value_or(0);
    for (const auto& round : m.delivered_round) cost.valid &= round.has_value();
    const double step_weight = o.reward.step_weight >= 0 ? o.reward.step_weight : double(o.learn_n - 1);
    cost.value = double(cost.messages) + step_weight * cost.steps + o.reward.threshold_weight * double(cost.threshold);
    return cost;
}

double action_reward(const Vocabulary& vocab, int action, const LearnerOptions& o) {
    if (o.reward.mode != RewardMode::Paper) return 0;
    const Action& a = vocab[action];
    if (a.kind != Action::Kind::Send && a.kind != Action::Kind::Broadcast) return 0;
    // The paper's static cost: a send to all reaches N processes, one to
    // the others N - 1, whatever the candidate does with it.
    const double reached = a.target == Target::All ? o.learn_n : o.learn_n - 1;
    return -reached / scale(o);
}

double final_reward(Verdict verdict, const Cost& cost, const LearnerOptions& o) {
    switch (verdict) {
    case Verdict::Holds:
        return o.reward.mode == RewardMode::Paper ? o.reward.bonus : o.reward.bonus - cost.value / scale(o);
    case Verdict::Violated: return -o.reward.penalty;
    case Verdict::Incomplete: return 0;
    }
    return 0;
}

}  // namespace rbsynth
