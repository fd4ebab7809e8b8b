// What pan printed, read back. pan exits 0 whether or not it found an
// error, so the verdict comes from its report: `errors:`, the assertion
// text (which names the monitor's property), and the lines that say the
// search was cut short (memory, depth).
#pragma once

#include <cstdint>
#include <string>

#include "model/model.hpp"

namespace rbsynth::spin {

struct PanReport {
    bool finished = false;          // the summary (`errors:` line) was printed
    int errors = 0;
    std::string assertion;          // "assertion violated ( !(terminal)||Agreement)"
    Property property = Property::None;  // named by the assertion text
    bool depth_too_small = false;   // "error: max search depth too small"
    bool out_of_memory = false;     // "pan: out of memory", "reached -DMEMLIM bound"
    bool search_incomplete = false; // "Warning: Search not completed"
    std::uint64_t states_stored = 0;
    std::uint64_t transitions = 0;
    int depth_reached = 0;
    int vector_bytes = 0;
    double seconds = 0;             // "pan: elapsed time"
};

PanReport parse_pan_report(const std::string& text);

// Which of the monitor's assertions failed: the one that names Integrity,
// Agreement or Validity (emit_monitor.cpp); None when the text names none.
Property property_of_assertion(const std::string& assertion);

}  // namespace rbsynth::spin
