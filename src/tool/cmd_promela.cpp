// Placeholder for `rbsynth promela`.
#include "tool/commands.hpp"
#include "tool/exit_codes.hpp"
#include "model/error.hpp"

namespace rbsynth::tool {

Command add_promela(CLI::App& app) {
    app.add_subcommand("promela", "not built yet");
    return [] () -> int { throw Error("'promela' is not built yet"); };
}

}  // namespace rbsynth::tool
