// rbsynth's exit codes, in one place (sysexits.h's EX_USAGE and EX_SOFTWARE
// for the last two).
#pragma once

namespace rbsynth::exit_code {

inline constexpr int kHolds = 0;       // every property holds (replay: violation confirmed)
inline constexpr int kViolated = 1;    // a property is violated (replay: not confirmed)
inline constexpr int kIncomplete = 2;  // a limit ended the search first
inline constexpr int kUsage = 64;      // bad flag, bad input file, bad configuration
inline constexpr int kInternal = 70;   // a bug, or the checkers disagree

}  // namespace rbsynth::exit_code
