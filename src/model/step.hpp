// One transition of the model (docs/semantics.md, "Counterexamples"): the
// broadcast, a receipt, a crash, or a Byzantine injection.
#pragma once

#include <cstdint>
#include <string>

namespace rbsynth {

struct Step {
    enum class Kind : std::uint8_t { Broadcast, Receive, Crash, Byzantine };
    Kind kind = Kind::Broadcast;
    std::uint8_t process = 0;  // who takes the step (receives, crashes, broadcasts)
    std::uint8_t from = 0;     // Receive, Byzantine: the sender
    std::uint8_t type = 0;
    std::uint8_t value = 0;

    bool operator==(const Step&) const = default;
};

std::string to_string(Step::Kind kind);

}  // namespace rbsynth
