// `check --cross-check spin`: the Spin side of a check, its flags, and the
// side-by-side report (human and JSON) of the two checkers.
#pragma once

#include <string>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "explorer/result.hpp"
#include "model/model.hpp"

namespace rbsynth::tool {

struct SpinFlags {
    std::string cross_check;  // "" or "spin"
    std::string memory;       // pan's memory limit, e.g. 4G
    double time_limit = 0;
    std::string dir;          // keep Spin's files here
    std::string trace_out;    // write Spin's counterexample here, for `rbsynth replay`

    bool enabled() const { return !cross_check.empty(); }
};

void add_spin_flags(CLI::App* cmd, SpinFlags& flags);
// Throws Error for a bad flag value or when spin or a C compiler is
// missing: checked before the explorer runs.
void validate_spin_flags(const SpinFlags& flags);

struct CrossCheckReport {
    int exit_code = 0;     // 70 disagree, 2 incomplete, else the agreed verdict's
    std::string text;      // the side-by-side block
    std::string problem;   // for stderr when they disagree
    nlohmann::json json;   // the "spin" member of the check's JSON document
};

CrossCheckReport cross_check(const Model& model, const CheckResult& r, const SpinFlags& flags);

}  // namespace rbsynth::tool
