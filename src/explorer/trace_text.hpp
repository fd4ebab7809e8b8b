// The text renderer of a trace view (trace_view.hpp): one line per step with
// what it sent and delivered, optionally the state of every process after
// it, and the reason for the violation at the end.
#pragma once

#include <string>
#include <vector>

#include "explorer/trace_view.hpp"

namespace rbsynth {

// "p1 receives ECHO(0) from p0; sends READY(0) to all; delivers 0".
std::string step_text(const Model& model, const StepRecord& r);

// The numbered steps ("    3. ..."), with `verbose` each followed by one
// line per process ("         p1  received ..."), then "  Byzantine: ..."
// before and "  why: ..." after. Every line ends with a newline.
std::string trace_text(const Model& model, const TraceView& view, bool verbose);

}  // namespace rbsynth
