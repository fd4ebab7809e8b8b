// Placeholder for `rbsynth learn`.
#include "tool/commands.hpp"
#include "tool/exit_codes.hpp"
#include "model/error.hpp"

namespace rbsynth::tool {

Command add_learn(CLI::App& app) {
    app.add_subcommand("learn", "not built yet");
    return [] () -> int { throw Error("'learn' is not built yet"); };
}

}  // namespace rbsynth::tool
