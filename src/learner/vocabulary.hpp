// The learner's action vocabulary: the rules of the algorithm language
// (docs/language.md, "Rules") that an episode may append, plus STOP.
// The reference paper's RB-Learner builds an algorithm action by action in
// the same way (RL generation paper, Section III).
#pragma once

#include <string>
#include <vector>

#include "learner/options.hpp"
#include "model/algorithm.hpp"

namespace rbsynth {

struct Action {
    enum class Kind { Broadcast, Send, Deliver, Stop };
    Kind kind = Kind::Stop;
    int type = 0;           // Broadcast: 0; Send: the type sent
    Target target = Target::All;
    int guard_type = -1;    // -1: unguarded
    int threshold = -1;     // index into the vocabulary's thresholds

    bool guarded() const { return guard_type >= 0; }
};

class Vocabulary {
public:
    explicit Vocabulary(const LearnerOptions& options);

    int size() const { return static_cast<int>(actions_.size()); }
    const Action& operator[](int i) const { return actions_[static_cast<std::size_t>(i)]; }
    int types() const { return types_; }
    const std::vector<ExprPtr>& thresholds() const { return thresholds_; }

    Rule rule(const Action& a) const;
    std::string describe(int i) const;  // "send T1 to all if received T0 from F+1"

private:
    std::vector<Action> actions_;
    std::vector<ExprPtr> thresholds_;
    int types_;
};

}  // namespace rbsynth
