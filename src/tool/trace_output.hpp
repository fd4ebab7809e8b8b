// The readable forms of a counterexample that `check` and `replay` offer
// besides its JSON: --verbose (the state of every process after each step)
// and the drawings --trace-svg and --trace-msc (src/explorer/trace_svg.hpp).
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "explorer/trace_view.hpp"

namespace rbsynth::tool {

struct TraceOutputFlags {
    bool verbose = false;
    std::string svg;  // --trace-svg FILE
    std::string msc;  // --trace-msc FILE
};

// `sizes`: the command takes several sizes (--n 4..6), one chart each.
void add_trace_output_flags(CLI::App* cmd, TraceOutputFlags& flags, bool sizes);


// Writes the drawings the flags ask for; `per_size`: the size goes into
// each name. Throws Error naming the flag when a file cannot be written.
void write_trace_drawings(const TraceOutputFlags& flags, const Model& model, const TraceView& view, bool per_size);

// Removes the drawings' files: a single size that holds leaves no stale
// chart behind (as --trace-out does).
void remove_trace_drawings(const TraceOutputFlags& flags);

}  // namespace rbsynth::tool
