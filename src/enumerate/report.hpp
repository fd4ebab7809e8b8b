// What an enumeration proves, derived from its results in class order:
// counts by verdict, the incomplete classes (never counted as correct),
// every correct class of least cost (all ties), and the distributions of
// cost and steps over the correct ones.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "enumerate/enumeration.hpp"

namespace rbsynth {

struct ViolatedCounts {
    std::uint64_t integrity = 0, agreement = 0, validity = 0;
    std::uint64_t input_error = 0;  // a threshold not positive at some validation size
};

struct EnumerationSummary {
    std::uint64_t checked = 0, holds = 0, violated = 0, incomplete = 0;
    std::uint64_t quick_rejected = 0;  // violated, found by the quick rejection
    std::uint64_t given_rejected = 0;  // violated along a given counterexample (--counterexample)
    std::uint64_t over_bound = 0;  // not validated: more failure-free steps than --max-steps
    ViolatedCounts violated_by;
    std::uint64_t checks = 0, states = 0;          // explorer runs and stored states, all classes
    std::vector<std::uint32_t> incomplete_classes;  // ascending
    std::vector<std::uint32_t> correct;            // ascending
    std::optional<double> least_cost;
    std::vector<std::uint32_t> least;              // correct classes of least cost, ascending
    std::map<double, std::uint64_t> cost_distribution;
    std::map<int, std::uint64_t> steps_distribution;
    // Incomplete classes that could undercut the least correct cost (their
    // failure-free cost is lower, or unknown): none means the least cost
    // is proven optimal in the language, incomplete classes and all.
    std::vector<std::uint32_t> undercutting;
    bool optimum_proven() const { return checked > 0 && undercutting.empty(); }
    // The least failure-free steps of a correct class, and the incomplete
    // classes that could have fewer (or an unknown run; all of them when
    // none is correct): none means no correct class has fewer steps.
    std::optional<int> least_steps;
    std::vector<std::uint32_t> steps_undercutting;
    bool least_steps_proven() const { return checked > 0 && steps_undercutting.empty(); }
};

EnumerationSummary summarize(const Enumeration& e);

// report.json: deterministic but for "seconds" (wall time of the run).
nlohmann::json enumeration_report(const Enumeration& e, const EnumerationSummary& s, double seconds);
// correct.csv: one line per correct class, ascending class index.
std::string correct_csv(const Enumeration& e, const EnumerationSummary& s);
// The algorithm on one line ("algorithm learned; types T0 T1; ...").
std::string one_line(const Algorithm& alg);

}  // namespace rbsynth
