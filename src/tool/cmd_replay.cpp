// `rbsynth replay`: re-executes a counterexample against the model, step by
// step, and confirms that its last state violates the property it names.
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/core.h>

#include "explorer/trace_json.hpp"
#include "explorer/trace_text.hpp"
#include "explorer/trace_view.hpp"
#include "model/error.hpp"
#include "tool/commands.hpp"
#include "tool/exit_codes.hpp"
#include "tool/help.hpp"
#include "tool/trace_output.hpp"

namespace rbsynth::tool {

namespace {

struct ReplayFlags {
    std::string algorithm, trace;
    bool quiet = false;
    TraceOutputFlags draw;
};

nlohmann::json read_json(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw Error(path + ": is a directory, not a trace file");
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
    // Only a string is shown: dumping an arbitrary JSON value recurses as deep
    // as the document nests.
    if (doc.is_object() && doc.contains("algorithm") && !doc["algorithm"].is_string())
        throw Error(flags.trace + ": \"algorithm\" must be a string");
    if (doc.is_object() && doc.contains("algorithm") && doc["algorithm"] != alg.name)
        throw Error(fmt::format("{}: the trace is for algorithm {}, not {}", flags.trace,
                                doc["algorithm"].dump(), alg.name));
    const Model model(alg, config_of_trace(doc, flags.trace));
    const Trace trace = trace_from_json(model, doc, flags.trace);
    const TraceView view = view_trace(model, trace);
    if (!flags.quiet) {
        fmt::print("{}: replaying {} steps that claim {} is violated\n", model.config().headline(alg.name),
                   trace.steps.size(), to_string(trace.property));
        fmt::print("{}", trace_text(model, view, flags.draw.verbose));
    }
    write_trace_drawings(flags.draw, model, view, false);
    if (!view.complete) {
        fmt::print("not confirmed: step {} is not enabled: {}\n", view.steps.size(),
                   model.describe(view.steps.back().step));
        return exit_code::kViolated;
    }
    const Property found = view.found;
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
    add_trace_output_flags(cmd, flags->draw, false);
    return [flags] { return run_replay(*flags); };
}

}  // namespace rbsynth::tool
