// What a check returns: the verdict, the property or limit behind it, the
// figures, and a counterexample.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "explorer/stats.hpp"
#include "model/model.hpp"
#include "model/reduction.hpp"

namespace rbsynth {

enum class Verdict { Holds, Violated, Incomplete };
enum class Limit { None, States, Memory, Time };

std::string to_string(Verdict v);
std::string to_string(Limit l);

// A path from an initial state (which fixes the Byzantine processes).
struct Trace {
    State initial;
    std::vector<Step> steps;
    Property property = Property::None;  // what the last state violates
};

struct CheckResult {
    Verdict verdict = Verdict::Incomplete;
    Property property = Property::None;  // when violated
    Limit limit = Limit::None;           // when incomplete
    bool count_complete = false;         // states is the full count of the graph searched
    Reduction reduction;                 // the graph searched: reduced unless none
    SearchStats stats;
    std::optional<Trace> trace;
    std::string note;  // e.g. why a violation has no trace
};

}  // namespace rbsynth
