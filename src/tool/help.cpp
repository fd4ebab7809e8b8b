#include "tool/help.hpp"

#include <algorithm>

#include <fmt/core.h>
#include <fmt/format.h>

#include "model/config.hpp"
#include "tool/exit_codes.hpp"

namespace rbsynth::tool {

std::string choice_list(const std::vector<std::string>& choices) { return fmt::format("{}", fmt::join(choices, "|")); }

CLI::Validator one_of(const std::vector<std::string>& choices) {
    std::string names;
    for (std::size_t i = 0; i < choices.size(); ++i)
        names += (i == 0 ? "" : i + 1 == choices.size() ? " or " : ", ") + choices[i];
    // An empty description: the flag's type_name already lists the choices.
    return CLI::Validator(
        [choices, names](std::string& text) -> std::string {
            if (std::find(choices.begin(), choices.end(), text) != choices.end()) return {};
            return fmt::format("expected {}, found '{}'", names, text);
        },
        "");
}

const std::vector<std::string>& fault_model_names() {
    static const std::vector<std::string> names = {to_string(FaultModel::None), to_string(FaultModel::Crash),
                                                   to_string(FaultModel::Byzantine)};
    return names;
}

void add_config_flags(CLI::App* cmd, ConfigFlags& flags, const std::string& sizes_help, bool with_values) {
    cmd->add_option("--faults", flags.faults, "Fault model (docs/semantics.md, \"Faults\")")
        ->type_name(choice_list(fault_model_names()))
        ->check(one_of(fault_model_names()))
        ->capture_default_str();
    cmd->add_option("--n", flags.sizes, fmt::format("{} (1 <= N <= {})", sizes_help, Config::kMaxN))
        ->type_name("N|LO..HI|N,N,...")
        ->capture_default_str();
    cmd->add_option("--f", flags.f,
                    "Faulty processes, 0 <= F <= N (default: none 0, crash floor((N-1)/2), "
                    "byzantine floor((N-1)/3))")
        ->type_name("F");
    if (with_values)
        cmd->add_option("--values", flags.values,
                        "Value domain V; 2 lets a Byzantine sender equivocate (default: 2 under byzantine "
                        "faults, else 1)")
            ->type_name("1|2");
}

namespace {

std::string exit_codes(Exits exits) {
    using namespace exit_code;
    switch (exits) {
    case Exits::Check:
        return fmt::format(
            "  {}  every property holds\n  {}  a property is violated (the counterexample is printed)\n"
            "  {}  incomplete: a limit (--max-states, --max-memory, --time-limit) stopped the search; "
            "never \"holds\"\n"
            "  {} usage or input error (the message names FILE:LINE:COLUMN or the flag)\n"
            "  {} internal error, or --cross-check spin disagrees with the explorer\n"
            "  With several sizes: 1 if any size is violated, else 2 if any is incomplete.\n",
            kHolds, kViolated, kIncomplete, kUsage, kInternal);
    case Exits::Replay:
        return fmt::format(
            "  {}  confirmed: every step is enabled and the last state violates the property named\n"
            "  {}  not confirmed (the step that is not enabled is named)\n"
            "  {} usage or input error: malformed trace or algorithm file\n  {} internal error\n",
            kHolds, kViolated, kUsage, kInternal);
    case Exits::Learn:
        return fmt::format(
            "  {}  a correct algorithm was found\n"
            "  {}  none found, or interrupted (Ctrl-C writes a checkpoint for --resume)\n"
            "  {} usage or input error (the message names the flag)\n  {} internal error\n",
            kHolds, kIncomplete, kUsage, kInternal);
    case Exits::Output:
        return fmt::format("  {}  success\n  {} usage or input error (FILE:LINE:COLUMN or the flag)\n"
                           "  {} internal error\n",
                           kHolds, kUsage, kInternal);
    }
    return {};
}

}  // namespace

std::string help_footer(Exits exits) {
    const Config d;  // the one default, shared by every command
    const std::string sizes = exits == Exits::Learn ? "" : fmt::format(", N = {}, F = {}", d.n, d.f);
    return fmt::format(
        "Default: {} faults, V = {} (an equivocating sender){}.\n"
        "Limits: 1 <= N <= {}; 0 <= F <= N; V is 1 or 2; a process's state must fit 64 bits:\n"
        "  V + (T-1)*N*V + (T+1)*(V == 1 ? 1 : 2) <= 64 for T types (at N = 12: 3 types if V = 2, 5 if V = 1).\n"
        "Exit codes:\n{}"
        "Docs: docs/language.md (algorithm files), docs/semantics.md (the checked model), README.md.",
        to_string(d.faults), d.values, sizes, Config::kMaxN, exit_codes(exits));
}

}  // namespace rbsynth::tool
