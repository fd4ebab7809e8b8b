#include "learner/minimise.hpp"

#include "learner/partial.hpp"
#include "learner/reward.hpp"
#include "model/error.hpp"

namespace rbsynth {

namespace {

// The same messages, steps, delivery threshold and deliveries at every
// size of the validation set (the cost is measured at one size; equal
// costs at all of them make the removed rule idle in every failure-free
// run the learner is judged on).
bool same_costs(const Algorithm& a, const Algorithm& b, const LearnerOptions& o) {
    std::vector<int> sizes = o.validate;
    sizes.insert(sizes.end(), o.final_validate.begin(), o.final_validate.end());
    for (int n : sizes) {
        LearnerOptions at = o;
        at.learn_n = n;
        try {
            const Cost ca = measure_cost(a, at), cb = measure_cost(b, at);
            if (ca.messages != cb.messages || ca.steps != cb.steps || ca.threshold != cb.threshold ||
                ca.valid != cb.valid)
                return false;
        } catch (const Error&) {
            return false;  // not an algorithm at this size
        }
    }
    return true;
}

}  // namespace

Algorithm drop_dead_rules(const Algorithm& alg, Validator& validator, const LearnerOptions& o) {
    Algorithm current = alg;
    for (bool dropped = true; dropped;) {
        dropped = false;
        for (std::size_t i = 0; i < current.on_receive.size() && !dropped; ++i) {
            Algorithm smaller = current;
            smaller.on_receive.erase(smaller.on_receive.begin() + static_cast<std::ptrdiff_t>(i));
            smaller = canonical_candidate(smaller);
            if (validator.validate(smaller).verdict == Verdict::Holds && same_costs(smaller, current, o)) {
                current = std::move(smaller);
                dropped = true;
            }
        }
    }
    return current;
}

}  // namespace rbsynth
