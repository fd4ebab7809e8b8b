// Human and JSON reports of a check, and the progress line; all read the
// same SearchStats.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explorer/result.hpp"
#include "model/model.hpp"

namespace rbsynth::tool {

nlohmann::json to_json(const Model& model, const CheckResult& r);
std::string human_report(const Model& model, const CheckResult& r);
std::string progress_line(const SearchStats& s);
// One row of a resilience table, its header, and the title line above it
// ("paper-fig3 under byzantine faults N=3..7 F=per row V=1").
std::string table_title(const std::string& algorithm, const std::vector<Config>& configs);
std::string table_header();
std::string sizes_text(const std::vector<Config>& configs);  // "3..7" or "4,6"
std::string f_text(const std::vector<Config>& configs);      // "1" or "per row"
std::string table_row(const Model& model, const CheckResult& r);

std::string si(double x);        // 1.23M
std::string bytes(double x);     // 12.3 MiB

int exit_code_of(Verdict v);

}  // namespace rbsynth::tool
