// The explorer's settings, with their defaults; passed down explicitly
// (after mCRL2's explorer_options).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "explorer/stats.hpp"

namespace rbsynth {

struct ExplorerOptions {
    int threads = 0;                  // worker threads; 0: every core
    std::uint64_t max_states = 0;     // stop, incomplete, past this many states; 0: no limit
    std::uint64_t max_memory = 0;     // bytes the state store may hold; 0: 3/4 of physical memory
    double time_limit = 0;            // seconds; 0: no limit
    bool stop_at_violation = true;    // false: explore everything, for the full count
    bool counterexample = true;       // search for a shortest trace after a violation
    double progress_interval = 1.0;   // seconds between on_progress calls
    // Called from a monitor thread while the search runs; may be empty.
    std::function<void(const SearchStats&)> on_progress;

    std::string str() const;
};

}  // namespace rbsynth
