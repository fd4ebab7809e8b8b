// rbsynth: one thin command-line program over the model and explorer
// libraries (after mCRL2's lps2lts). Only this file's code reads argv,
// prints to stdout and chooses the exit code.
#include <cstdio>
#include <exception>
#include <new>

#include <fmt/core.h>

#include "model/error.hpp"
#include "tool/commands.hpp"
#include "tool/exit_codes.hpp"
#include "tool/help.hpp"
#include "version.hpp"

namespace {

int run(int argc, char** argv) {
    CLI::App app{"rbsynth: generate fault-tolerant reliable broadcast algorithms and prove them"};
    app.require_subcommand(1);
    app.set_version_flag("--version", fmt::format("rbsynth {} (commit {})", RBSYNTH_VERSION, RBSYNTH_COMMIT));
    app.footer(rbsynth::tool::help_footer(rbsynth::tool::Exits::Check) +
               "\nEach command's --help lists its flags, choices and defaults.");
    std::vector<std::pair<CLI::App*, rbsynth::tool::Command>> commands;
    auto add = [&](auto adder) {
        std::size_t before = app.get_subcommands({}).size();
        auto cmd = adder(app);
        commands.emplace_back(app.get_subcommands({}).at(before), cmd);
    };
    add(rbsynth::tool::add_check);
    add(rbsynth::tool::add_print);
    add(rbsynth::tool::add_replay);
    add(rbsynth::tool::add_metrics);
    add(rbsynth::tool::add_promela);
    add(rbsynth::tool::add_learn);
    if (argc > 1 && argv[1][0] != '-') {
        bool known = false;
        for (auto& [sub, cmd] : commands) known |= sub->get_name() == argv[1];
        if (!known)
            throw rbsynth::Error(fmt::format("unknown command '{}': expected check, learn, promela, print, replay or metrics", argv[1]));
    }
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        fmt::print(stderr, "rbsynth: {}\n", e.what());
        fmt::print(stderr, "rbsynth: run 'rbsynth --help' for usage\n");
        return rbsynth::exit_code::kUsage;
    }
    for (auto& [sub, cmd] : commands)
        if (sub->parsed()) return cmd();
    return rbsynth::exit_code::kUsage;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        return run(argc, argv);
    } catch (const rbsynth::Error& e) {
        std::fflush(stdout);
        fmt::print(stderr, "rbsynth: {}\n", e.what());
        return rbsynth::exit_code::kUsage;
    } catch (const std::bad_alloc&) {
        std::fflush(stdout);
        fmt::print(stderr, "rbsynth: out of memory (lower --max-memory so that the search stops cleanly)\n");
        return rbsynth::exit_code::kInternal;
    } catch (const std::exception& e) {
        std::fflush(stdout);
        fmt::print(stderr, "rbsynth: internal error: {}\n", e.what());
        return rbsynth::exit_code::kInternal;
    }
}
