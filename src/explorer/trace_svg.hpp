// A trace view (trace_view.hpp) drawn as a message sequence chart, the way
// Spin's trails are drawn: one lifeline per process, one row per step, an
// arrow from sender to receiver in the row of each receipt, marks for the
// broadcast, sends, deliveries, crashes and Byzantine injections, the text
// of each step beside its row and the reason for the violation below.
//
// The SVG is written here as plain text: the chart needs only lines,
// circles, rectangles, paths and text, so no drawing library is needed and
// the chart looks the same on every machine (no program to find on PATH).
#pragma once

#include <string>

#include "explorer/trace_view.hpp"

namespace rbsynth {

// A standalone SVG document. Elements carry a class naming what they draw
// (lifeline, arrow, "arrow injection", delivery, crash, broadcast, send),
// for tests and style sheets.
std::string trace_svg(const Model& model, const TraceView& view);

// The same chart as mscgen input (`mscgen -T svg -i FILE -o OUT.svg`).
std::string trace_msc(const Model& model, const TraceView& view);

// "&lt;" for '<' and so on: text and attribute values in XML.
std::string xml_escape(const std::string& text);

}  // namespace rbsynth
