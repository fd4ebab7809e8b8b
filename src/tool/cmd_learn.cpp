// `rbsynth learn`: the learner, with a progress bar, checkpoints, SIGINT,
// and the files of the run (docs/learner.md).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>

#include <fmt/core.h>

#include "learner/report.hpp"
#include "model/error.hpp"
#include "tool/commands.hpp"
#include "tool/exit_codes.hpp"
#include "tool/flags.hpp"
#include "tool/learn_output.hpp"

namespace rbsynth::tool {

namespace {

std::atomic<bool> interrupted{false};
extern "C" void on_sigint(int) { interrupted = true; }

struct LearnFlags {
    LearnerOptions options;
    std::string faults = "byzantine";
    std::optional<int> values;
    std::string validate, reward = "measured", max_memory;
    std::vector<std::string> disable;
    std::string out = "learn-out", checkpoint, resume;
    int checkpoint_every = 1000;
    double table_time = 30;
    bool quiet = false;
};

LearnerOptions finish(LearnFlags& f) {
    LearnerOptions o = f.options;
    o.faults = parse_fault_model(f.faults);
    o.values = f.values.value_or(Config::default_values(o.faults));
    if (!f.validate.empty()) o.validate = parse_sizes(f.validate, "--validate");
    if (f.reward == "paper") o.reward.mode = RewardMode::Paper;
    else if (f.reward != "measured") throw Error("--reward: expected measured or paper, got '" + f.reward + "'");
    if (!f.max_memory.empty()) o.max_memory = parse_memory(f.max_memory, "--max-memory");
    for (const auto& name : f.disable) o.heuristics.disable(name);
    o.finish();
    return o;
}

int run_learn(LearnFlags& flags) {
    Learner learner(finish(flags));
    if (!flags.resume.empty()) learner.resume(read_json_file(flags.resume, "--resume"), flags.resume);
    const std::string checkpoint = flags.checkpoint.empty() ? flags.out + "/checkpoint.json" : flags.checkpoint;
    std::filesystem::create_directories(flags.out);
    auto save = [&] { write_file(checkpoint, learner.checkpoint().dump() + "\n", "--checkpoint"); };
    Progress progress(learner, !flags.quiet, isatty(STDERR_FILENO));
    interrupted = false;
    auto previous = std::signal(SIGINT, on_sigint);
    while (!learner.done() && !interrupted) {
        learner.episode();
        progress.update(false);
        if (flags.checkpoint_every > 0 && learner.stats().episodes % flags.checkpoint_every == 0)
            save();
    }
    std::signal(SIGINT, previous);
    progress.update(true);
    if (interrupted) {
        save();
        fmt::print(stderr, "rbsynth: interrupted after episode {}; checkpoint written to {} (continue with --resume)\n",
                   learner.stats().episodes, checkpoint);
        return exit_code::kIncomplete;
    }
    if (flags.checkpoint_every > 0) save();
    return finish_run(learner, flags.out, flags.table_time, flags.quiet);
}

}  // namespace

Command add_learn(CLI::App& app) {
    auto f = std::make_shared<LearnFlags>();
    LearnerOptions& o = f->options;
    CLI::App* cmd = app.add_subcommand("learn", "Generate a reliable broadcast algorithm by Q-learning");
    cmd->add_option("--faults", f->faults, "Fault model: none, crash or byzantine")->capture_default_str();
    cmd->add_option("--values", f->values, "Value domain V (2: an equivocating Byzantine sender)");
    cmd->add_option("--episodes", o.episodes, "Learning episodes")->capture_default_str();
    cmd->add_option("--seed", o.seed, "Seed of the UCB tie-breaking")->capture_default_str();
    cmd->add_option("--threads", o.threads, "Threads for validation (0: every core)")->capture_default_str();
    cmd->add_option("--validate", f->validate, "Validation sizes, e.g. 4,5,6 or 4..6 (default: per fault model)");
    cmd->add_option("--learn-n", o.learn_n, "N of the cost measurement (0: smallest validation size)");
    cmd->add_option("--types", o.types, "Message types of a candidate (2 or 3)")->capture_default_str();
    cmd->add_option("--max-rules", o.max_rules, "Rules in `on receive`")->capture_default_str();
    cmd->add_option("--reward", f->reward, "measured (the candidate's cost) or paper (static per action)")
        ->capture_default_str();
    cmd->add_option("--alpha", o.alpha, "Learning rate")->capture_default_str();
    cmd->add_option("--gamma", o.gamma, "Discount")->capture_default_str();
    cmd->add_option("--ucb-c", o.ucb_c, "UCB exploration constant")->capture_default_str();
    cmd->add_option("--no-heuristic", f->disable, "Switch a pruning heuristic off (repeatable)");
    cmd->add_option("--candidate-states", o.candidate_states, "State budget of one check")->capture_default_str();
    cmd->add_option("--candidate-time", o.candidate_time, "Time limit of one check, seconds")->capture_default_str();
    cmd->add_option("--max-memory", f->max_memory, "Store limit of one check, e.g. 2G");
    cmd->add_option("--out", f->out, "Directory for the results")->capture_default_str();
    cmd->add_option("--checkpoint", f->checkpoint, "Checkpoint file (default: OUT/checkpoint.json)");
    cmd->add_option("--checkpoint-every", f->checkpoint_every, "Episodes between checkpoints (0: none)")
        ->capture_default_str();
    cmd->add_option("--resume", f->resume, "Continue from a checkpoint written with the same settings");
    cmd->add_option("--table-time", f->table_time, "Time limit per size of the resilience table, seconds")
        ->capture_default_str();
    cmd->add_flag("--quiet", f->quiet, "No progress bar");
    return [f] { return run_learn(*f); };
}

}  // namespace rbsynth::tool
