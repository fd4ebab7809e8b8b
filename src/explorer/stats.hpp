// The explorer's counters. One struct feeds the progress line, the final
// report and --json (after CaDiCaL's Stats).
#pragma once

#include <cstdint>

namespace rbsynth {

struct SearchStats {
    std::uint64_t states = 0;             // distinct states stored
    std::uint64_t transitions = 0;        // enabled steps of expanded states, to new or seen states
    std::uint64_t fair_terminal = 0;      // expanded states that are fair-terminal
    std::uint64_t initial_states = 0;     // one per choice of Byzantine processes
    std::uint64_t resumed = 0;            // states taken over from the breadth-first pass (SearchSeed)
    double seconds = 0;                   // wall time of the search
    std::uint64_t store_bytes = 0;        // memory held by the state store
    std::uint64_t peak_memory_bytes = 0;  // peak resident memory of the whole process
    int vector_bits = 0;                  // packed state width in bits
    int vector_bytes = 0;                 // packed state width as stored
    int threads = 0;                      // worker threads used

    double states_per_second() const { return seconds > 0 ? states / seconds : 0; }
    double transitions_per_second() const { return seconds > 0 ? transitions / seconds : 0; }
    double bytes_per_state() const { return states ? double(store_bytes) / double(states) : 0; }
};

}  // namespace rbsynth
