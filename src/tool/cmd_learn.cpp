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
#include "tool/help.hpp"
#include "tool/learn_output.hpp"

namespace rbsynth::tool {

namespace {

std::atomic<bool> interrupted{false};
extern "C" void on_sigint(int) { interrupted = true; }

struct LearnFlags {
    LearnerOptions options;
    std::string faults = to_string(Config::kDefaultFaults);
    std::string validate, reward = "measured", max_memory;
    std::vector<std::string> disable;
    std::string out = "learn-out", checkpoint, resume;
    int checkpoint_every = 1000;
    double table_time = 30;
    bool quiet = false;
};

void set_heuristic(Heuristics& h, const std::string& name) {
    bool* flag = name == "no-repeat"             ? &h.no_repeat
                 : name == "guard-on-sent"       ? &h.guard_on_sent
                 : name == "one-send-per-guard"  ? &h.one_send_per_guard
                 : name == "deliver-required"    ? &h.deliver_required
                 : name == "no-type0-on-receive" ? &h.no_type0_on_receive
                 : name == "tabu"                ? &h.tabu
                                                 : nullptr;
    if (!flag)
        throw Error(fmt::format("--no-heuristic: unknown heuristic '{}' (no-repeat, guard-on-sent, "
                                "one-send-per-guard, deliver-required, no-type0-on-receive, tabu)", name));
    *flag = false;
}

LearnerOptions finish(LearnFlags& f) {
    LearnerOptions o = f.options;
    o.faults = parse_fault_model(f.faults);
    if (!f.validate.empty()) o.validate = parse_sizes(f.validate, "--validate");
    if (f.reward == "paper") o.reward.mode = RewardMode::Paper;
    else if (f.reward != "measured") throw Error("--reward: expected measured or paper, got '" + f.reward + "'");
    if (!f.max_memory.empty()) o.max_memory = parse_memory(f.max_memory, "--max-memory");
    for (const auto& name : f.disable) set_heuristic(o.heuristics, name);
    o.finish();
    return o;
}

nlohmann::json read_json(const std::string& path, const std::string& flag) {
    std::ifstream in(path);
    if (!in) throw Error(fmt::format("{}: cannot read '{}'", flag, path));
    try {
        return nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: '{}' is not JSON ({})", flag, path, e.what()));
    }
}

int run_learn(LearnFlags& flags) {
    Learner learner(finish(flags));
    if (!flags.resume.empty()) learner.resume(read_json(flags.resume, "--resume"), flags.resume);
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
    const std::vector<std::string> rewards = {"measured", "paper"};
    cmd->add_option("--faults", f->faults, "Fault model of the validation (docs/semantics.md, \"Faults\")")
        ->type_name(choice_list(fault_model_names()))
        ->check(one_of(fault_model_names()))
        ->capture_default_str();
    cmd->add_option("--values", o.values,
                    "Value domain V of the validation; 2 lets a Byzantine sender equivocate, 1 is the reference "
                    "paper's adversary (default: 2 under byzantine faults, else 1)")
        ->type_name("1|2");
    cmd->add_option("--episodes", o.episodes, "Learning episodes")->capture_default_str();
    cmd->add_option("--seed", o.seed, "Seed of the UCB tie-breaking")->capture_default_str();
    cmd->add_option("--threads", o.threads, "Threads for validation (0: every core)")->capture_default_str();
    cmd->add_option("--validate", f->validate,
                    "Validation sizes, e.g. 4,5,6 or 4..6 (default: byzantine 4,5,6; crash and none 3,4,5)");
    cmd->add_option("--learn-n", o.learn_n, "N of the cost measurement (0: smallest validation size)");
    cmd->add_option("--types", o.types, "Message types of a candidate")->type_name("2|3")->capture_default_str();
    cmd->add_option("--max-rules", o.max_rules, "Rules in `on receive`, 1..8")->capture_default_str();
    cmd->add_option("--reward", f->reward, "measured (the candidate's cost) or paper (static per action)")
        ->type_name(choice_list(rewards))
        ->check(one_of(rewards))
        ->capture_default_str();
    cmd->add_option("--alpha", o.alpha, "Learning rate")->capture_default_str();
    cmd->add_option("--gamma", o.gamma, "Discount")->capture_default_str();
    cmd->add_option("--ucb-c", o.ucb_c, "UCB exploration constant")->capture_default_str();
    cmd->add_option("--no-heuristic", f->disable, "Switch a pruning heuristic off (repeatable; docs/learner.md)")
        ->type_name("no-repeat|guard-on-sent|one-send-per-guard|deliver-required|no-type0-on-receive|tabu");
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
    cmd->footer(help_footer(Exits::Learn));
    return [f] { return run_learn(*f); };
}

}  // namespace rbsynth::tool
