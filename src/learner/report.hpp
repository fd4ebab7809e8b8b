// What `rbsynth learn` writes: the JSON report, the learning curve (CSV and
// SVG) and the resilience table of the best algorithm.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explorer/options.hpp"
#include "explorer/result.hpp"
#include "learner/learner.hpp"

namespace rbsynth {

struct ResilienceRow {
    Config config;
    CheckResult result;
};

// Verdict of `alg` under the learner's fault model for each size.
std::vector<ResilienceRow> resilience(const Algorithm& alg, const LearnerOptions& options,
                                      const std::vector<int>& sizes, const ExplorerOptions& explorer);

nlohmann::json learner_report(const Learner& learner, const std::optional<FoundAlgorithm>& greedy,
                              const std::vector<ResilienceRow>& table);
std::string curve_csv(const std::vector<CurvePoint>& curve);
// The moving average's window for a run of `episodes`: a fiftieth of the
// run, 1 to 500 episodes.
std::size_t moving_average_window(std::size_t episodes);
// A self-contained SVG plot against the episode, two panels with ticks: the
// best cost so far, and the episode reward as a moving average (bold, class
// 'moving-average') over the raw values (faint, class 'raw-reward').
std::string curve_svg(const std::vector<CurvePoint>& curve, const std::string& title);

}  // namespace rbsynth
