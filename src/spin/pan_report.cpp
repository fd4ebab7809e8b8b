#include "spin/pan_report.hpp"

#include <cstdlib>
#include <sstream>

namespace rbsynth::spin {

namespace {

bool has(const std::string& line, const char* part) { return line.find(part) != std::string::npos; }

// The number just before `marker` ("   4644 states, stored"), as pan
// prints it with %g (so possibly "1.234e+07").
double number_before(const std::string& line, const char* marker) {
    return std::strtod(line.substr(0, line.find(marker)).c_str(), nullptr);
}

double number_after(const std::string& line, const char* marker) {
    return std::strtod(line.c_str() + line.find(marker) + std::char_traits<char>::length(marker), nullptr);
}

void read_line(const std::string& line, PanReport& r) {
    if (has(line, "assertion violated") && r.assertion.empty()) {
        // "pan:1: assertion violated ( !(terminal)||Agreement) (at depth 24)"
        std::string text = line.substr(line.find("assertion violated"));
        if (auto at = text.rfind(" (at depth"); at != std::string::npos) text.resize(at);
        r.assertion = text;
        r.property = property_of_assertion(text);
    }
    if (has(line, "max search depth too small")) r.depth_too_small = true;
    if (has(line, "out of memory") || has(line, "MEMLIM bound")) r.out_of_memory = true;
    if (has(line, "Search not completed")) r.search_incomplete = true;
    if (has(line, "errors:")) {
        r.finished = true;
        r.errors = static_cast<int>(number_after(line, "errors:"));
        if (has(line, "depth reached")) r.depth_reached = static_cast<int>(number_after(line, "depth reached"));
        if (has(line, "State-vector")) r.vector_bytes = static_cast<int>(number_after(line, "State-vector"));
    }
    if (has(line, "states, stored")) r.states_stored = static_cast<std::uint64_t>(number_before(line, "states, stored"));
    if (has(line, "transitions (=")) r.transitions = static_cast<std::uint64_t>(number_before(line, "transitions (="));
    if (has(line, "pan: elapsed time")) r.seconds = number_after(line, "pan: elapsed time");
}

}  // namespace

Property property_of_assertion(const std::string& assertion) {
    if (has(assertion, "Integrity")) return Property::Integrity;
    if (has(assertion, "Agreement")) return Property::Agreement;
    if (has(assertion, "Validity")) return Property::Validity;
    return Property::None;
}

PanReport parse_pan_report(const std::string& text) {
    PanReport r;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) read_line(line, r);
    return r;
}

}  // namespace rbsynth::spin
