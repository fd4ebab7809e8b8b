// The subcommands of the rbsynth tool. Each registers its flags on the CLI11
// app and returns the callback that runs it and yields the exit code.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace rbsynth::tool {

using Command = std::function<int()>;

Command add_check(CLI::App& app);
Command add_print(CLI::App& app);
Command add_replay(CLI::App& app);
Command add_metrics(CLI::App& app);
Command add_promela(CLI::App& app);
Command add_learn(CLI::App& app);
Command add_enumerate(CLI::App& app);

}  // namespace rbsynth::tool
