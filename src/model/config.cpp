#include "model/config.hpp"

#include <fmt/core.h>

#include "model/error.hpp"

namespace rbsynth {

int Config::default_f(FaultModel faults, int n) {
    switch (faults) {
    case FaultModel::None: return 0;
    case FaultModel::Crash: return (n - 1) / 2;
    case FaultModel::Byzantine: return (n - 1) / 3;
    }
    return 0;
}

int Config::default_values(FaultModel faults) { return faults == FaultModel::Byzantine ? 2 : 1; }

void Config::validate() const {
    if (n < 1 || n > kMaxN)
        throw Error(fmt::format("N = {} is out of range: the explorer handles 1 to {} processes", n, kMaxN));
    if (f < 0 || f > n)
        throw Error(fmt::format("F = {} is out of range for N = {}: 0 <= F <= N", f, n));
    if (values != 1 && values != 2)
        throw Error(fmt::format("V = {} is out of range: the value domain is 1 or 2", values));
}

std::string Config::str() const {
    return fmt::format("{} N={} F={} V={}", to_string(faults), n, f, values);
}

std::string Config::headline(const std::string& algorithm) const {
    return fmt::format("{} under {} N={} F={} V={}", algorithm, faults_phrase(faults), n, f, values);
}

std::string faults_phrase(FaultModel faults) {
    return faults == FaultModel::None ? "no faults" : to_string(faults) + " faults";
}

std::string to_string(FaultModel faults) {
    switch (faults) {
    case FaultModel::None: return "none";
    case FaultModel::Crash: return "crash";
    case FaultModel::Byzantine: return "byzantine";
    }
    return "?";
}

FaultModel parse_fault_model(const std::string& text) {
    if (text == "none") return FaultModel::None;
    if (text == "crash") return FaultModel::Crash;
    if (text == "byzantine") return FaultModel::Byzantine;
    throw Error("--faults: expected none, crash or byzantine, found '" + text + "'");
}

}  // namespace rbsynth
