// Copy and compare of packed state vectors. Vectors of 8 to 16 bytes (most
// configurations up to N = 5: Bracha's is 14 bytes at N = 4, V = 2) are
// handled as two overlapping 8-byte words, which the compiler inlines:
// libc's memcpy and memcmp dispatch on a variable size and cost more than
// the work at this size (5% of the exact search's time went to memcpy in
// Layout::pack and unpack). Other sizes go to libc.
#pragma once

#include <cstdint>
#include <cstring>

namespace rbsynth {

inline void copy_short(void* to, const void* from, int n) {
    if (n < 8 || n > 16) {
        std::memcpy(to, from, static_cast<std::size_t>(n));
        return;
    }
    std::uint64_t w0, w1;
    std::memcpy(&w0, from, 8);
    std::memcpy(&w1, static_cast<const std::uint8_t*>(from) + n - 8, 8);
    std::memcpy(to, &w0, 8);
    std::memcpy(static_cast<std::uint8_t*>(to) + n - 8, &w1, 8);
}

inline bool same_short(const void* a, const void* b, int n) {
    if (n < 8 || n > 16) return std::memcmp(a, b, static_cast<std::size_t>(n)) == 0;
    const auto* pa = static_cast<const std::uint8_t*>(a);
    const auto* pb = static_cast<const std::uint8_t*>(b);
    std::uint64_t a0, a1, b0, b1;
    std::memcpy(&a0, pa, 8);
    std::memcpy(&b0, pb, 8);
    std::memcpy(&a1, pa + n - 8, 8);
    std::memcpy(&b1, pb + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
}

}  // namespace rbsynth
