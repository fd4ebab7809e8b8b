#include "learner/vocabulary.hpp"

#include <fmt/core.h>

namespace rbsynth {

Vocabulary::Vocabulary(const LearnerOptions& o) : thresholds_(o.thresholds), types_(o.types) {
    for (Target target : {Target::All, Target::Others}) {
        Action a;
        a.kind = Action::Kind::Broadcast;
        a.target = target;
        actions_.push_back(a);
    }
    const int k = static_cast<int>(thresholds_.size());
    // Type 0 stays in the vocabulary of `on receive` only when the heuristic
    // that forbids it is switched off; such candidates are input errors and
    // the validator rejects them, which is what switching it off shows.
    const int first_type = o.heuristics.no_type0_on_receive ? 1 : 0;
    for (int t = first_type; t < types_; ++t)
        for (Target target : {Target::All, Target::Others}) {
            Action a;
            a.kind = Action::Kind::Send;
            a.type = t;
            a.target = target;
            actions_.push_back(a);
            for (int g = 0; g < types_; ++g)
                for (int i = 0; i < k; ++i) {
                    a.guard_type = g;
                    a.threshold = i;
                    actions_.push_back(a);
                }
        }
    for (int g = 0; g < types_; ++g)
        for (int i = 0; i < k; ++i) {
            Action a;
            a.kind = Action::Kind::Deliver;
            a.guard_type = g;
            a.threshold = i;
            actions_.push_back(a);
        }
    actions_.push_back(Action{});  // STOP
}

Rule Vocabulary::rule(const Action& a) const {
    Rule r;
    r.kind = a.kind == Action::Kind::Deliver ? Rule::Kind::Deliver : Rule::Kind::Send;
    r.type = a.type;
    r.target = a.target;
    if (a.guarded()) r.guard = Guard{a.guard_type, thresholds_[static_cast<std::size_t>(a.threshold)]};
    return r;
}

std::string Vocabulary::describe(int i) const {
    const Action& a = (*this)[i];
    if (a.kind == Action::Kind::Stop) return "STOP";
    std::string s = a.kind == Action::Kind::Deliver
                        ? "deliver"
                        : fmt::format("send T{} to {}", a.type, a.target == Target::All ? "all" : "others");
    if (a.guarded())
        s += fmt::format(" if received T{} from {}", a.guard_type,
                         to_string(*thresholds_[static_cast<std::size_t>(a.threshold)]));
    return s;
}

}  // namespace rbsynth
