// Process memory figures, for limits and reports.
#pragma once

#include <cstdint>

namespace rbsynth {

std::uint64_t peak_resident_bytes();
std::uint64_t physical_memory_bytes();

}  // namespace rbsynth
