// `rbsynth replay`: re-executes a counterexample against the model, step by
// step, and confirms that its last state violates the property it names.
#include <fstream>
#include <memory>

#include <fmt/core.h>

#include "explorer/counterexample.hpp"
#include "explorer/trace_json.hpp"
#include "model/error.hpp"
#include "tool/commands.hpp"
#include "tool/exit_codes.hpp"
#include "tool/help.hpp"

namespace rbsynth::tool {

namespace {

struct ReplayFlags {
    std::string algorithm, trace;
    bool quiet = false;
};

nlohmann::json read_json(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw Error(path + ": cannot open the trace file");
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(fmt::format("{}: not a JSON document (at byte {})", path, e.byte));
    }
}

int run_replay(const ReplayFlags& flags) {
    const Algorithm alg = load_algorithm(flags.algorithm);
    const nlohmann::json doc = read_json(flags.trace);
    if (doc.is_object() && doc.contains("algorithm") && doc["algorithm"] != alg.name)
        throw Error(fmt::format("{}: the trace is for algorithm {}, not {}", flags.trace,
                                doc["algorithm"].dump(), alg.name));
    const Model model(alg, config_of_trace(doc, flags.trace));
    const Trace trace = trace_from_json(model, doc, flags.trace);
    int failed = -1;
    const std::vector<State> states = replay(model, trace, &failed);
    const auto lines = describe(model, trace);
    if (!flags.quiet)
        fmt::print("{}: replaying {} steps that claim {} is violated\n", model.config().headline(alg.name),
                   trace.steps.size(), to_string(trace.property));
    for (std::size_t i = 0; i < lines.size() && !flags.quiet; ++i)
        fmt::print("  {:>3}. {}\n", i + 1, lines[i]);
    if (states.empty()) {
        fmt::print("not confirmed: step {} is not enabled: {}\n", failed + 1, model.describe(trace.steps[failed]));
        return exit_code::kViolated;
    }
    const Property found = model.violation(states.back());
    if (found != trace.property || found == Property::None) {
        fmt::print("not confirmed: the trace claims {}, its last state violates {}\n", to_string(trace.property),
                   found == Property::None ? "nothing" : to_string(found));
        return exit_code::kViolated;
    }
    fmt::print("confirmed: after {} steps, {} is violated ({})\n", trace.steps.size(),
               model.config().headline(alg.name), to_string(found));
    return exit_code::kHolds;
}

}  // namespace

Command add_replay(CLI::App& app) {
    auto flags = std::make_shared<ReplayFlags>();
    CLI::App* cmd = app.add_subcommand("replay", "Replay a counterexample (JSON from --trace-out) against the model");
    cmd->add_option("algorithm", flags->algorithm, "Algorithm file (.alg; docs/language.md)")->required();
    cmd->add_option("trace", flags->trace, "Trace file (JSON)")->required();
    cmd->add_flag("--quiet", flags->quiet, "Print only the outcome");
    cmd->footer(help_footer(Exits::Replay));
    return [flags] { return run_replay(*flags); };
}

}  // namespace rbsynth::tool
