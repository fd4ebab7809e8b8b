// What `rbsynth ... --help` says beyond each flag's line: the choices of a
// flag (checked by CLI11, so the help and the check cannot drift apart),
// the exit codes and the size limits.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tool/flags.hpp"

namespace rbsynth::tool {

// A CLI11 check that accepts exactly `choices`; its error names them all
// ("expected none, crash or byzantine, found 'x'"). Set the flag's
// type_name to choice_list(choices) so that the help shows them too.
CLI::Validator one_of(const std::vector<std::string>& choices);
std::string choice_list(const std::vector<std::string>& choices);  // "none|crash|byzantine"
// The choices of --faults, in the order of docs/semantics.md.
const std::vector<std::string>& fault_model_names();

// --faults, --n, --f and (with_values) --values, with their defaults.
void add_config_flags(CLI::App* cmd, ConfigFlags& flags, const std::string& sizes_help, bool with_values);

// Which exit codes a command can return.
enum class Exits { Check, Replay, Learn, Output };
// The footer of a command's --help: exit codes, limits, where the docs are.
std::string help_footer(Exits exits);

}  // namespace rbsynth::tool
