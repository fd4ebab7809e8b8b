// The mscgen form of the chart (trace_svg.hpp): for readers who draw their
// charts with mscgen (Debian package mscgen), which lays out one arc per row,
// so receipts are drawn at the row of the receipt and marks as boxes.
#include <fmt/core.h>

#include "explorer/trace_svg.hpp"

namespace rbsynth {

namespace {

// mscgen labels are double-quoted strings with backslash escapes.
std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char ch : text) {
        if (ch == '"' || ch == '\\') out += '\\';
        out += ch;
    }
    return out + "\"";
}

std::string box(int p, const std::string& label, const char* colour) {
    return fmt::format("  p{0} rbox p{0} [label={1}, textbgcolour=\"{2}\"];\n", p, quoted(label), colour);
}

std::string step_arcs(const Model& model, const StepRecord& r, int number) {
    const Step& s = r.step;
    const std::string msg = fmt::format("{}. {}", number, message_name(model, s.type, s.value));
    std::string out;
    switch (s.kind) {
    case Step::Kind::Broadcast: out = box(0, fmt::format("{}. broadcast 0", number), "#eaf0fa"); break;
    case Step::Kind::Receive: out = fmt::format("  p{} -> p{} [label={}];\n", s.from, s.process, quoted(msg)); break;
    case Step::Kind::Byzantine:
        out = fmt::format("  p{} -> p{} [label={}, linecolour=\"#c0392b\", textcolour=\"#c0392b\"];\n", s.from,
                          s.process, quoted(msg + " (Byzantine)"));
        break;
    case Step::Kind::Crash: out = box(s.process, fmt::format("{}. crash", number), "#fadbd8"); break;
    }
    if (!r.enabled) return fmt::format("  --- [label={}];\n", quoted(fmt::format("step {} is not enabled", number)));
    if (r.delivered >= 0) out += box(actor(s), fmt::format("delivers {}", r.delivered), "#d5f5e3");
    return out;
}

}  // namespace

std::string trace_msc(const Model& model, const TraceView& view) {
    const int n = model.config().n;
    std::string out = fmt::format("# {} under {}: a counterexample written by rbsynth\n", model.algorithm().name,
                                  model.config().str());
    out += "# render with: mscgen -T svg -i THIS_FILE -o chart.svg\nmsc {\n  hscale=\"1.2\";\n ";
    for (int p = 0; p < n; ++p) {
        const bool byz = model.is_byzantine(view.initial, p);
        out += fmt::format(" p{0} [label=\"p{0}{1}\"{2}]{3}", p, byz ? " (Byzantine)" : "",
                           byz ? ", linecolour=\"#c0392b\", textcolour=\"#c0392b\"" : "", p + 1 < n ? "," : ";\n");
    }
    for (std::size_t i = 0; i < view.steps.size(); ++i)
        out += step_arcs(model, view.steps[i], static_cast<int>(i) + 1);
    if (view.complete && view.found != Property::None)
        out += fmt::format("  --- [label={}];\n", quoted(to_string(view.found) + " violated: " + view.reason));
    return out + "}\n";
}

}  // namespace rbsynth
