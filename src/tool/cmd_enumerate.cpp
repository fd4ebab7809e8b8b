// `rbsynth enumerate`: every class of the learner's language validated,
// with a progress bar, checkpoints, SIGINT/SIGTERM, --resume, threads, and
// MPI ranks when started by mpirun (docs/enumerate.md).
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/core.h>

#include "enumerate/driver.hpp"
#include "model/error.hpp"
#include "tool/commands.hpp"
#include "tool/enumerate_output.hpp"
#include "tool/exit_codes.hpp"
#include "tool/flags.hpp"
#include "tool/learn_output.hpp"
#include "tool/sample_output.hpp"
#if RBSYNTH_HAVE_MPI
#include "enumerate/distributed.hpp"
#endif

namespace rbsynth::tool {

namespace {

std::atomic<bool> interrupted{false};
constexpr std::int64_t kMaxQuickStates = 10'000'000;
extern "C" void on_interrupt(int) { interrupted = true; }

struct EnumerateFlags {
    LearnerOptions options;
    EnumerateOptions own;
    std::int64_t quick_states = static_cast<std::int64_t>(EnumerateOptions{}.quick_states);
    std::string faults = "byzantine", thresholds, validate, max_memory;
    std::optional<int> values;
    std::vector<std::string> disable, counterexamples;
    int threads = 0;
    std::string out = "enumerate-out", checkpoint, resume;
    double checkpoint_every = 5;
    bool quiet = false;
    // --sample N: uniform random sampling instead of the whole walk.
    std::optional<std::int64_t> sample, seed;
    std::optional<double> target_cost;
};

// One threshold expression, parsed by the algorithm parser (the language's
// one grammar) inside a one-rule algorithm.
ExprPtr parse_threshold(const std::string& text) {
    const std::string alg = "algorithm t\ntypes A\non broadcast:\n  send A to all\non receive:\n"
                            "  deliver if received A from " + text + "\n";
    try {
        return parse_algorithm(alg, "--thresholds").on_receive.at(0).guard->threshold;
    } catch (const Error& e) {
        throw Error(fmt::format("--thresholds: cannot read '{}' as a threshold like 1, F+1 or ceil((N+F+1)/2)", text));
    }
}

// Distinct thresholds: two that print alike would make two actions of one
// rule, and the classes (docs/enumerate.md) count such rules once.
std::vector<ExprPtr> parse_thresholds(const std::string& list) {
    std::vector<ExprPtr> out;
    std::vector<std::string> texts;
    std::string item;
    int depth = 0;
    for (char c : list + ",") {
        if (c == ',' && depth == 0) {
            if (item.find_first_not_of(' ') == std::string::npos)
                throw Error(fmt::format("--thresholds: empty item in '{}'", list));
            out.push_back(parse_threshold(item));
            texts.push_back(to_string(*out.back()));
            if (std::count(texts.begin(), texts.end(), texts.back()) > 1)
                throw Error(fmt::format("--thresholds: '{}' appears twice in '{}'", texts.back(), list));
            item.clear();
            continue;
        }
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        item.push_back(c);
    }
    return out;
}

// --counterexample FILE: traces (rbsynth-trace-1) of candidates of this
// language, in the enumeration's fault model and value domain.
std::vector<Counterexample> read_counterexamples(const std::vector<std::string>& files, const LearnerOptions& o) {
    std::vector<Counterexample> out;
    for (const std::string& file : files) {
        Counterexample cex = counterexample_from_trace(read_json_file(file, "--counterexample"), file, o.types);
        if (cex.config.faults != o.faults || cex.config.values != o.values)
            throw Error(fmt::format("--counterexample: {} is a trace under {} faults with V = {}, the enumeration "
                                    "is under {} faults with V = {}",
                                    file, to_string(cex.config.faults), cex.config.values, to_string(o.faults),
                                    o.values));
        out.push_back(std::move(cex));
    }
    return out;
}

LearnerOptions finish(EnumerateFlags& f) {
    LearnerOptions o = f.options;
    o.faults = parse_fault_model(f.faults);
    o.values = f.values.value_or(Config::default_values(o.faults));
    if (o.values != 1 && o.values != 2) throw Error(fmt::format("--values: expected 1 or 2, got {}", o.values));
    if (!f.thresholds.empty()) o.thresholds = parse_thresholds(f.thresholds);
    if (!f.validate.empty()) o.validate = parse_sizes(f.validate, "--validate");
    if (!f.max_memory.empty()) o.max_memory = parse_memory(f.max_memory, "--max-memory");
    for (const auto& name : f.disable) o.heuristics.disable(name);
    if (f.threads < 0) throw Error("--threads: expected a count >= 0 (0: every core)");
    if (f.checkpoint_every < 0) throw Error("--checkpoint-every: expected seconds >= 0 (0: only at the end)");
    o.finish();
    return o;
}

// The MPI side of a run: a single process unless mpirun started this one.
struct Ranks {
#if RBSYNTH_HAVE_MPI
    std::unique_ptr<MpiSession> mpi;
#endif
    int rank = 0, size = 1;
    bool root() const { return rank == 0; }
};

Ranks start_ranks(const Enumeration& e) {
    Ranks r;
#if RBSYNTH_HAVE_MPI
    if (!launched_by_mpi()) return r;
    r.mpi = std::make_unique<MpiSession>();
    r.rank = r.mpi->rank(), r.size = r.mpi->size();
    if (!same_settings_everywhere(fmt::format("{} classes={}", e.settings(), e.classes())))
        throw Error("mpirun: the ranks were started with different settings (flags or versions); "
                    "every rank must run the same command");
#else
    (void)e;
#endif
    return r;
}

// Only rank 0 reads the checkpoint; every rank learns whether it could, so
// that a bad file ends every rank (exit 64), not rank 0 alone.
void resume(Enumeration& e, const Ranks& ranks, const std::string& file) {
    std::string error;
    if (ranks.root() && !file.empty()) {
        try {
            e.resume(read_json_file(file, "--resume"), file);
        } catch (const Error& err) {
            error = err.what();
        }
    }
#if RBSYNTH_HAVE_MPI
    if (ranks.mpi && broadcast_from_root(error.empty() ? 0 : 1) != 0 && !ranks.root())
        throw Error("--resume: rank 0 could not resume from its checkpoint");
#endif
    if (!error.empty()) throw Error(error);
}

void work(Enumeration& e, const Ranks& ranks, int threads, const DriverHooks& hooks, bool quiet) {
#if RBSYNTH_HAVE_MPI
    if (ranks.mpi) {
        const std::size_t remote = run_ranks(e, threads, hooks, ranks.rank, ranks.size);
        if (ranks.root() && !quiet)
            fmt::print(stderr, "rank 0 checked {} classes, the other {} ranks {}\n", e.done() - remote, ranks.size - 1,
                       remote);
        return;
    }
#endif
    (void)ranks, (void)quiet;
    ChunkQueue queue(e.todo(), threads);
    run_threads(e, queue, threads, hooks);
}

// --sample's flags, and the enumeration's that do not go with it.
SampleOptions sample_options(const EnumerateFlags& f, int threads) {
    if (!f.sample) {
        if (f.seed) throw Error("--seed: only with --sample N");
        if (f.target_cost) throw Error("--target-cost: only with --sample N");
        return {};
    }
    if (*f.sample < 1) throw Error(fmt::format("--sample: expected a draw count >= 1, got {}", *f.sample));
    if (f.seed && *f.seed < 0) throw Error(fmt::format("--seed: expected a seed >= 0, got {}", *f.seed));
    if (f.target_cost && !(*f.target_cost > 0))
        throw Error(fmt::format("--target-cost: expected a cost > 0, got {:g}", *f.target_cost));
    // Sampling validates every class it draws, in one process, from the start.
    const std::pair<bool, const char*> refused[] = {
        {f.own.max_steps != 0, "--max-steps"}, {f.own.max_cost != 0, "--max-cost"},
        {!f.resume.empty(), "--resume"},       {!f.checkpoint.empty(), "--checkpoint"}};
    for (const auto& [set, flag] : refused)
        if (set) throw Error(fmt::format("{}: not with --sample (sampling validates every class it draws)", flag));
#if RBSYNTH_HAVE_MPI
    if (launched_by_mpi()) throw Error("--sample: runs in one process, not under mpirun");
#endif
    SampleOptions o;
    o.draws = static_cast<std::uint64_t>(*f.sample);
    o.seed = static_cast<std::uint64_t>(f.seed.value_or(1));
    o.target_cost = f.target_cost;
    o.threads = threads;
    return o;
}

int run_enumerate(EnumerateFlags& flags) {
    // From the start: an interruption while the language is built still
    // ends in a checkpoint (of no classes) and exit 2.
    interrupted = false;
    auto previous_int = std::signal(SIGINT, on_interrupt);
    auto previous_term = std::signal(SIGTERM, on_interrupt);
    if (flags.own.max_steps < 0) throw Error("--max-steps: expected a step count >= 1 (0: no bound)");
    if (!(flags.own.max_cost >= 0)) throw Error("--max-cost: expected a cost > 0 (0: no bound)");
    // Its store is four 8-byte slots per state, allocated per thread.
    if (flags.quick_states < 0 || flags.quick_states > kMaxQuickStates)
        throw Error(fmt::format("--quick-states: expected 0 (off) to {} states, got {}", kMaxQuickStates,
                                flags.quick_states));
    flags.own.quick_states = static_cast<std::uint64_t>(flags.quick_states);
    const int threads = rbsynth::thread_count(flags.threads);
    const SampleOptions sampling = sample_options(flags, threads);
    const auto built = std::chrono::steady_clock::now();
    const LearnerOptions options = finish(flags);
    flags.own.counterexamples = read_counterexamples(flags.counterexamples, options);
    Enumeration e(options, flags.own);
    if (flags.sample) {
        const double language = std::chrono::duration<double>(std::chrono::steady_clock::now() - built).count();
        const int code = run_sampling(e, sampling, flags.out, language, &interrupted);
        std::signal(SIGINT, previous_int);
        std::signal(SIGTERM, previous_term);
        return code;
    }
    const Ranks ranks = start_ranks(e);
    resume(e, ranks, flags.resume);
    const std::string checkpoint = flags.checkpoint.empty() ? flags.out + "/checkpoint.msgpack" : flags.checkpoint;
    if (ranks.root()) std::filesystem::create_directories(flags.out);
    // MessagePack: a checkpoint holds a result per class, millions of them.
    auto save = [&] {
        const std::vector<std::uint8_t> bytes = nlohmann::json::to_msgpack(e.checkpoint());
        write_file(checkpoint, std::string(bytes.begin(), bytes.end()), "--checkpoint");
    };
    EnumerateProgress progress(e, ranks.root() && !flags.quiet, isatty(STDERR_FILENO));
    const auto start = std::chrono::steady_clock::now();
    auto saved = start;
    // A checkpoint of a million classes takes a while to write: the next one
    // waits at least ten times as long, so that writing stays under a tenth
    // of the run.
    double save_seconds = 0;
    auto tick = [&] {
        progress.update(false);
        const auto now = std::chrono::steady_clock::now();
        const double since = std::chrono::duration<double>(now - saved).count();
        if (flags.checkpoint_every > 0 && since > std::max(flags.checkpoint_every, 10 * save_seconds)) {
            save();
            saved = std::chrono::steady_clock::now();
            save_seconds = std::chrono::duration<double>(saved - now).count();
        }
    };
    work(e, ranks, threads, DriverHooks{tick, &interrupted}, flags.quiet);
    std::signal(SIGINT, previous_int);
    std::signal(SIGTERM, previous_term);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    int code = exit_code::kIncomplete;
    if (ranks.root()) {
        progress.update(true);
        save();
        if (e.complete())
            code = finish_enumeration(e, flags.out, seconds, threads, ranks.size, flags.quiet);
        else
            fmt::print(stderr, "rbsynth: stopped after {} of {} classes; checkpoint written to {} (continue with --resume)\n",
                       e.done(), e.classes(), checkpoint);
    }
#if RBSYNTH_HAVE_MPI
    if (ranks.mpi) code = broadcast_from_root(code);
#endif
    return code;
}

}  // namespace

Command add_enumerate(CLI::App& app) {
    auto f = std::make_shared<EnumerateFlags>();
    LearnerOptions& o = f->options;
    CLI::App* cmd = app.add_subcommand("enumerate", "Validate every algorithm of the learner's language (exhaustive)");
    cmd->add_option("--faults", f->faults, "Fault model: none, crash or byzantine")->capture_default_str();
    cmd->add_option("--values", f->values, "Value domain V (2: an equivocating Byzantine sender)");
    cmd->add_option("--types", o.types, "Message types of a candidate (2 or 3)")->capture_default_str();
    cmd->add_option("--max-rules", o.max_rules, "Rules in `on receive`")->capture_default_str();
    cmd->add_option("--thresholds", f->thresholds,
                    "Thresholds of the vocabulary, e.g. '1,F+1,2F+1' (default: 1,F+1,2F+1,N-F,N-2F,ceil((N+F+1)/2))");
    cmd->add_option("--validate", f->validate, "Validation sizes, e.g. 4,5,6 or 4..6 (default: per fault model)");
    cmd->add_option("--no-heuristic", f->disable, "Widen the language: switch a learner heuristic off (repeatable)");
    cmd->add_option("--candidate-states", o.candidate_states, "State budget of one check")->capture_default_str();
    cmd->add_option("--candidate-time", o.candidate_time, "Time limit of one check, seconds")->capture_default_str();
    cmd->add_option("--max-memory", f->max_memory, "Store limit of one check, e.g. 2G");
    cmd->add_option("--quick-states", f->quick_states,
                    "States of the quick rejection before each validation (0: off; it only rejects)")
        ->capture_default_str();
    cmd->add_option("--max-steps", f->own.max_steps,
                    "Validate only classes whose failure-free run takes at most S steps (0: all); "
                    "the answer is then restricted to that bound")
        ->capture_default_str();
    cmd->add_option("--max-cost", f->own.max_cost,
                    "Validate only classes whose failure-free cost is at most C (0: all); a correct class within "
                    "it is then still the least cost of the whole language")
        ->capture_default_str();
    cmd->add_option("--counterexample", f->counterexamples,
                    "Trace file (from check --trace-out, or written by hand) of a candidate of this language, types "
                    "named T0, T1, ...; replayed on every class before its search (repeatable; docs/enumerate.md)")
        ->allow_extra_args(false);
    cmd->add_option("--threads", f->threads, "Threads per process (0: every core)")->capture_default_str();
    cmd->add_option("--out", f->out, "Directory for the results")->capture_default_str();
    cmd->add_option("--checkpoint", f->checkpoint, "Checkpoint file (default: OUT/checkpoint.msgpack)");
    cmd->add_option("--checkpoint-every", f->checkpoint_every, "Seconds between checkpoints (0: only at the end)")
        ->capture_default_str();
    cmd->add_option("--resume", f->resume, "Continue from a checkpoint written with the same settings");
    cmd->add_flag("--quiet", f->quiet, "No progress bar and a short summary");
    cmd->add_option("--sample", f->sample,
                    "Instead of every class: draw N classes uniformly at random (with replacement) and validate each "
                    "new one (docs/enumerate.md)");
    cmd->add_option("--seed", f->seed, "With --sample: the generator's seed (default 1)");
    cmd->add_option("--target-cost", f->target_cost,
                    "With --sample: stop at the first correct algorithm of at most this cost");
    return [f] { return run_enumerate(*f); };
}

}  // namespace rbsynth::tool
