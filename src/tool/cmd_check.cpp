// `rbsynth check`: the explorer on one algorithm, for one size or a table.
#include <unistd.h>

#include <fstream>
#include <memory>

#include <fmt/core.h>

#include "explorer/check.hpp"
#include "explorer/trace_json.hpp"
#include "model/error.hpp"
#include "tool/commands.hpp"
#include "tool/cross_check.hpp"
#include "tool/exit_codes.hpp"
#include "tool/flags.hpp"
#include "tool/help.hpp"
#include "tool/paths.hpp"
#include "tool/report.hpp"
#include "tool/trace_output.hpp"

namespace rbsynth::tool {

namespace {

struct CheckFlags {
    std::string file;
    ConfigFlags config;
    ExplorerOptions explorer;
    std::string max_memory;
    std::string reduce = "all";
    bool json = false;
    bool quiet = false;
    bool full = false;
    std::string trace_out;
    TraceOutputFlags draw;
    SpinFlags spin;
};

// Where each size's counterexample goes: FILE itself for one size, one
// replayable document per size otherwise (trace.json -> trace-n5.json), each
// checked before the search so that a bad path costs no search.
std::vector<std::string> trace_paths(const std::string& path, const std::vector<Config>& configs,
                                     const std::string& flag) {
    std::vector<std::string> out(configs.size());
    if (path.empty()) return out;
    for (std::size_t i = 0; i < configs.size(); ++i) {
        out[i] = configs.size() == 1 ? path : sized_path(path, configs[i].n);
        require_output_file(out[i], flag);
    }
    return out;
}

// The size's trace, or no file at all: a stale trace from an earlier run
// must not pass for this run's.
void write_trace(const std::string& path, const Model& model, const CheckResult& r) {
    if (path.empty()) return;
    if (!r.trace) {
        std::remove(path.c_str());
        return;
    }
    std::ofstream out(path);
    out << trace_to_json(model, *r.trace).dump(2) << "\n";
    if (!out) throw Error("--trace-out: cannot write '" + path + "'");
}

int run_check(const CheckFlags& flags) {
    const Algorithm alg = load_algorithm(flags.file);
    const std::vector<Config> configs = flags.config.configs();
    validate_spin_flags(flags.spin);
    const std::vector<std::string> traces = trace_paths(flags.trace_out, configs, "--trace-out");
    const std::vector<std::string> spin_traces = trace_paths(flags.spin.trace_out, configs, "--spin-trace-out");
    ExplorerOptions opts = flags.explorer;
    if (!flags.max_memory.empty()) opts.max_memory = parse_memory(flags.max_memory, "--max-memory");
    opts.stop_at_violation = !flags.full;
    if (!parse_reduction(flags.reduce, opts.reduce))
        throw Error("--reduce: expected none, symmetry, por or all, got '" + flags.reduce + "'");
    const bool tty = isatty(STDERR_FILENO);
    if (!flags.quiet)
        opts.on_progress = [tty](const SearchStats& s) {
            fmt::print(stderr, "{}{}", progress_line(s), tty ? "\x1b[K\r" : "\n");
            std::fflush(stderr);
        };
    // Compile every size first: an input error stops before any search.
    std::vector<std::unique_ptr<Model>> models;
    for (const Config& c : configs) models.push_back(std::make_unique<Model>(alg, c));
    nlohmann::json docs = nlohmann::json::array();
    bool violated = false, incomplete = false;
    int cross_code = exit_code::kHolds;  // the worst cross-check outcome: 70 over 2 over 1 over 0
    if (!flags.json && models.size() > 1)
        fmt::print("{}\n{}", table_title(alg.name, configs), table_header());
    for (std::size_t i = 0; i < models.size(); ++i) {
        const Model* model = models[i].get();
        CheckResult r = check(*model, opts);
        if (!flags.quiet && tty && opts.on_progress && r.stats.seconds >= opts.progress_interval)
            fmt::print(stderr, "\r\x1b[K");
        violated |= r.verdict == Verdict::Violated;
        incomplete |= r.verdict == Verdict::Incomplete;
        write_trace(traces[i], *model, r);
        if (r.trace) write_trace_drawings(flags.draw, *model, view_trace(*model, *r.trace), models.size() > 1);
        else if (models.size() == 1) remove_trace_drawings(flags.draw);
        if (flags.json) docs.push_back(to_json(*model, r));
        else fmt::print("{}", models.size() > 1 ? table_row(*model, r) : human_report(*model, r, flags.draw.verbose));
        std::fflush(stdout);
        if (flags.spin.enabled()) {
            SpinFlags spin = flags.spin;
            spin.trace_out = spin_traces[i];
            const CrossCheckReport x = cross_check(*model, r, spin);
            cross_code = std::max(cross_code, x.exit_code);
            if (flags.json) docs.back()["spin"] = x.json;
            else fmt::print("{}", x.text);
            if (!x.problem.empty()) fmt::print(stderr, "rbsynth: {}\n", x.problem);
            std::fflush(stdout);
        }
    }
    if (flags.json) fmt::print("{}\n", (models.size() == 1 ? docs[0] : docs).dump(2));
    if (flags.spin.enabled()) return cross_code;
    return violated ? exit_code::kViolated : incomplete ? exit_code::kIncomplete : exit_code::kHolds;
}

}  // namespace

Command add_check(CLI::App& app) {
    auto flags = std::make_shared<CheckFlags>();
    CLI::App* cmd = app.add_subcommand("check", "Check an algorithm's RB properties by exhaustive exploration");
    cmd->add_option("algorithm", flags->file, "Algorithm file (.alg; docs/language.md)")->required();
    add_config_flags(cmd, flags->config, "Processes N: one size, a range 3..8 or a list 4,5,6", true);
    cmd->add_option("--threads", flags->explorer.threads, "Worker threads (default: every core)")
        ->check(thread_count());
    cmd->add_option("--max-states", flags->explorer.max_states, "Stop, incomplete, past this many states")
        ->check(positive_number());
    cmd->add_option("--max-memory", flags->max_memory, "State store limit, e.g. 4G (default: 3/4 of RAM)");
    cmd->add_option("--time-limit", flags->explorer.time_limit, "Stop, incomplete, after this many seconds")
        ->check(positive_number());
    const std::vector<std::string> reductions = {"none", "symmetry", "por", "all"};
    cmd->add_option("--reduce", flags->reduce,
                    "State-space reduction (docs/reductions.md); none reports the exact reachable state count")
        ->type_name(choice_list(reductions))
        ->check(one_of(reductions))
        ->capture_default_str();
    cmd->add_flag("--full", flags->full, "Keep exploring after a violation, for the full state count");
    cmd->add_flag("--shortest", flags->explorer.shortest,
                  "Always give a breadth-first shortest counterexample (default: only when that search is cheap)");
    cmd->add_flag("--no-hunt", [flags](std::int64_t) { flags->explorer.hunt = false; },
                  "Do not run the exact search beside a reduced one that has not finished in half a second "
                  "(docs/reductions.md, \"Time to a violation\"); same verdict, for timing the reduced search alone");
    cmd->add_flag("--json", flags->json, "Print the report as JSON");
    cmd->add_flag("--quiet", flags->quiet, "No progress line on stderr");
    cmd->add_option("--trace-out", flags->trace_out,
                    "Write the counterexample as JSON to this file, for rbsynth replay; with several "
                    "sizes, one file per violated size (trace.json -> trace-n5.json)");
    add_trace_output_flags(cmd, flags->draw, true);
    add_spin_flags(cmd, flags->spin);
    cmd->footer(help_footer(Exits::Check));
    return [flags] { return run_check(*flags); };
}

}  // namespace rbsynth::tool
