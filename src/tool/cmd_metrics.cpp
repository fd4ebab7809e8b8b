// `rbsynth metrics`: messages, steps and delivery threshold of the
// failure-free synchronous run (docs/semantics.md, "Efficiency metrics").
#include <memory>

#include <fmt/core.h>
#include <nlohmann/json.hpp>

#include "model/metrics.hpp"
#include "tool/commands.hpp"
#include "tool/exit_codes.hpp"
#include "tool/flags.hpp"
#include "tool/help.hpp"
#include "tool/report.hpp"

namespace rbsynth::tool {

namespace {

struct MetricsFlags {
    std::string file;
    ConfigFlags config;
    bool json = false;
};

int run_metrics(const MetricsFlags& flags) {
    const Algorithm alg = load_algorithm(flags.file);
    nlohmann::json docs = nlohmann::json::array();
    auto configs = flags.config.configs();
    if (!flags.json)
        fmt::print("{} with the thresholds of {} N={} F={}: failure-free synchronous run\n"
                   "{:>2} {:>2}  {:>8} {:>5} {:>9}\n",
                   alg.name, faults_phrase(configs.front().faults), sizes_text(configs), f_text(configs), "N", "F",
                   "messages", "steps", "threshold");
    for (const Config& c : configs) {
        const Metrics m = measure(Model(alg, c));
        nlohmann::json j = {{"algorithm", alg.name},
                            {"n", c.n},
                            {"f", c.f},
                            {"messages", m.messages},
                            {"steps", m.steps ? nlohmann::json(*m.steps) : nlohmann::json(nullptr)},
                            {"threshold", m.threshold ? nlohmann::json(*m.threshold) : nlohmann::json(nullptr)}};
        docs.push_back(j);
        if (!flags.json)
            fmt::print("{:>2} {:>2}  {:>8} {:>5} {:>9}\n", c.n, c.f, m.messages,
                       m.steps ? std::to_string(*m.steps) : "never", m.threshold ? std::to_string(*m.threshold) : "-");
    }
    if (flags.json) fmt::print("{}\n", (docs.size() == 1 ? docs[0] : docs).dump(2));
    return exit_code::kHolds;
}

}  // namespace

Command add_metrics(CLI::App& app) {
    auto flags = std::make_shared<MetricsFlags>();
    CLI::App* cmd = app.add_subcommand("metrics", "Messages, steps and delivery threshold of the failure-free run");
    cmd->add_option("algorithm", flags->file, "Algorithm file (.alg; docs/language.md)")->required();
    // The run is failure-free: the fault model only sets the F that the
    // thresholds use, and V does not matter (only value 0 is sent).
    add_config_flags(cmd, flags->config, "Processes N: one size, a range 3..8 or a list 4,5,6", false);
    cmd->add_flag("--json", flags->json, "Print JSON");
    cmd->footer(help_footer(Exits::Output));
    return [flags] { return run_metrics(*flags); };
}

}  // namespace rbsynth::tool
