// `rbsynth print`: the canonical text of an algorithm.
#include <memory>

#include <fmt/core.h>

#include "model/algorithm.hpp"
#include "tool/commands.hpp"
#include "tool/exit_codes.hpp"
#include "tool/help.hpp"

namespace rbsynth::tool {

Command add_print(CLI::App& app) {
    auto file = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("print", "Print an algorithm in canonical form");
    cmd->add_option("algorithm", *file, "Algorithm file (.alg; docs/language.md)")->required();
    cmd->footer(help_footer(Exits::Output));
    return [file] {
        fmt::print("{}", to_string(load_algorithm(*file)));
        return exit_code::kHolds;
    };
}

}  // namespace rbsynth::tool
