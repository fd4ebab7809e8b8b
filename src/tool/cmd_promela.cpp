// `rbsynth promela`: the Promela model of an algorithm and one
// configuration, for Spin (docs/spin.md).
#include <fstream>
#include <memory>

#include <fmt/core.h>

#include "model/error.hpp"
#include "model/model.hpp"
#include "spin/emit.hpp"
#include "tool/commands.hpp"
#include "tool/exit_codes.hpp"
#include "tool/flags.hpp"
#include "tool/help.hpp"

namespace rbsynth::tool {

namespace {

struct PromelaFlags {
    std::string file;
    ConfigFlags config;
    std::string out;
};

int run_promela(const PromelaFlags& flags) {
    const Algorithm alg = load_algorithm(flags.file);
    const std::vector<Config> configs = flags.config.configs();
    // One model is one configuration: Spin has no notion of a size table.
    if (configs.size() != 1) throw Error("--n: promela writes one model; give one size, e.g. --n 4");
    const Model model(alg, configs[0]);
    const std::string text = spin::emit_promela(model);
    if (flags.out.empty() || flags.out == "-") {
        fmt::print("{}", text);
        return exit_code::kHolds;
    }
    std::ofstream out(flags.out);
    out << text;
    if (!out.flush()) throw Error("-o: cannot write '" + flags.out + "'");
    return exit_code::kHolds;
}

}  // namespace

Command add_promela(CLI::App& app) {
    auto flags = std::make_shared<PromelaFlags>();
    CLI::App* cmd = app.add_subcommand("promela", "Write the Promela model of an algorithm and configuration, for Spin");
    cmd->add_option("algorithm", flags->file, "Algorithm file (.alg; docs/language.md)")->required();
    add_config_flags(cmd, flags->config, "Processes N, one size", true);
    cmd->add_option("-o,--output", flags->out, "Write the model to this file (default: standard output)");
    cmd->footer(help_footer(Exits::Output));
    return [flags] { return run_promela(*flags); };
}

}  // namespace rbsynth::tool
