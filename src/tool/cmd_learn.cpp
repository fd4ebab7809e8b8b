// `rbsynth learn`: the learner, with a progress bar, checkpoints, SIGINT,
// and the files of the run (docs/learner.md).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
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
#include "tool/paths.hpp"

namespace rbsynth::tool {

namespace {

std::atomic<bool> interrupted{false};
extern "C" void on_sigint(int) { interrupted = true; }

struct LearnFlags {
    LearnerOptions options;
    std::string faults = to_string(Config::kDefaultFaults);
    std::string validate, final_validate, reward = "measured", max_memory, weak_credit;
    std::vector<std::string> disable;
    std::string out = "learn-out", checkpoint, resume;
    int checkpoint_every = 1000;
    double table_time = 30;
    bool quiet = false;
};

LearnerOptions finish(LearnFlags& f) {
    LearnerOptions o = f.options;
    o.faults = parse_fault_model(f.faults);
    if (!f.validate.empty()) o.validate = parse_sizes(f.validate, "--validate");
    o.final_default = f.final_validate.empty();  // the fault model's default final sizes
    if (!f.final_validate.empty() && f.final_validate != "none") {
        o.final_validate = parse_sizes(f.final_validate, "--final-validate");
    }
    if (f.reward == "paper") o.reward.mode = RewardMode::Paper;
    else if (f.reward != "measured") throw Error("--reward: expected measured or paper, got '" + f.reward + "'");
    if (f.weak_credit == "none") {
        o.reward.weak_credit_default = false;
    } else if (!f.weak_credit.empty()) {
        double credit = 0;
        std::size_t used = 0;
        try {
            credit = std::stod(f.weak_credit, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != f.weak_credit.size())
            throw Error("--weak-credit: expected a number or none, got '" + f.weak_credit + "'");
        o.reward.weak_credit = credit;
    }
    if (!f.max_memory.empty()) o.max_memory = parse_memory(f.max_memory, "--max-memory");
    o.heuristics.types_in_order = o.heuristics.sender_guard_one = true;  // the learner's defaults
    for (const auto& name : f.disable) o.heuristics.disable(name);
    if (f.checkpoint_every < 0) throw Error("--checkpoint-every: expected a count >= 0 (0: none)");
    if (!(f.table_time > 0 && std::isfinite(f.table_time)))
        throw Error("--table-time: expected a positive number of seconds");
    o.finish();
    return o;
}

int run_learn(LearnFlags& flags) {
    Learner learner(finish(flags));
    // Every path is checked before the first episode: a run of hours must
    // not end in a file it cannot write.
    if (!flags.resume.empty()) {
        require_input_file(flags.resume, "--resume");
        learner.resume(read_json_file(flags.resume, "--resume"), flags.resume);
    }
    const std::string checkpoint = flags.checkpoint.empty() ? flags.out + "/checkpoint.json" : flags.checkpoint;
    make_output_dir(flags.out, "--out");
    require_output_file(checkpoint, "--checkpoint");
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
    cmd->add_option("--seed", o.seed, "Seed of the UCB tie-breaking")->capture_default_str()->check(CLI::NonNegativeNumber);
    cmd->add_option("--threads", o.threads, "Threads for validation (0: every core)")->capture_default_str();
    cmd->add_option("--validate", f->validate,
                    "Validation sizes, e.g. 4,5,6 or 4..6 (default: byzantine 4,5,6; crash and none 3,4,5)");
    cmd->add_option("--final-validate", f->final_validate,
                    "Sizes checked last, only for candidates that hold at every --validate size, with "
                    "--final-states each; 'none' for no final size (default: byzantine 7, the first F = 2 size; "
                    "else none)");
    cmd->add_option("--final-states", o.final_states, "State budget of one check at a final size")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    cmd->add_flag("--no-cex-reuse", [&o](std::int64_t) { o.reuse_counterexamples = false; },
                  "Do not replay kept counterexamples before a search (docs/learner.md)");
    cmd->add_flag("--no-minimise", [&o](std::int64_t) { o.minimise = false; },
                  "Keep the dead rules of correct algorithms (docs/learner.md)");
    cmd->add_option("--learn-n", o.learn_n, "N of the cost measurement (0: smallest validation size)");
    cmd->add_option("--types", o.types, "Message types of a candidate")->type_name("2|3")->capture_default_str();
    cmd->add_option("--max-rules", o.max_rules, "Rules in `on receive`, 1..8")->capture_default_str();
    cmd->add_option("--reward", f->reward, "measured (the candidate's cost) or paper (static per action)")
        ->type_name(choice_list(rewards))
        ->check(one_of(rewards))
        ->capture_default_str();
    cmd->add_option("--weak-credit", f->weak_credit,
                    "Reward of a candidate that only an equivocating sender breaks (holds under V = 1 at the "
                    "learning N), or none (default: 0.7 of the bonus, 7, under byzantine V = 2; docs/learner.md)")
        ->type_name("X|none");
    cmd->add_option("--alpha", o.alpha, "Learning rate (default: 0.3 under byzantine V = 2, else 0.1)");
    cmd->add_option("--gamma", o.gamma, "Discount")->capture_default_str();
    cmd->add_option("--ucb-c", o.ucb_c, "UCB exploration constant (default: 3 under byzantine V = 2, else 10)");
    cmd->add_option("--rave", o.rave,
                    "RAVE equivalence parameter k (all-moves-as-first values), 0: off "
                    "(default: 30 under byzantine V = 2, else 0)");
    cmd->add_option("--no-heuristic", f->disable, "Switch a pruning heuristic off (repeatable; docs/learner.md)")
        ->type_name("no-repeat|guard-on-sent|one-send-per-guard|deliver-required|no-type0-on-receive|tabu|"
                   "types-in-order|sender-guard-one");
    cmd->add_option("--candidate-states", o.candidate_states, "State budget of one check")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
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
