#include "explorer/trace_svg.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "explorer/trace_text.hpp"

namespace rbsynth {

namespace {

// Geometry in SVG user units (pixels at 100%): lanes for processes, rows
// for steps, a text column to the right of the last lane.
constexpr int kLane = 110, kRow = 40, kTop = 100, kLeft = 70, kChar = 7;
constexpr const char* kFont = "font-family=\"DejaVu Sans,Verdana,sans-serif\"";
constexpr const char* kBlue = "#1f4e9a";
constexpr const char* kRed = "#c0392b";
constexpr const char* kGreen = "#1e8449";
// A white outline under text keeps it readable where it crosses a line.
constexpr const char* kHalo = "stroke=\"white\" stroke-width=\"3\" paint-order=\"stroke\"";

int lane_x(int p) { return kLeft + 40 + p * kLane; }
int row_y(int i) { return kTop + i * kRow; }  // i: the 0-based step index

struct Chart {
    const Model& model;
    const TraceView& view;
    std::string under;  // lines, drawn first so that marks and text stay on top
    std::string body;
    int width = 0;   // the widest text seen, in user units from x = 0
    int height = 0;  // below the lowest text seen

    void text(int x, int y, const std::string& s, const std::string& attrs = "") {
        const bool sized = attrs.find("font-size=") != std::string::npos;
        body += fmt::format("<text x=\"{}\" y=\"{}\" {}{}{}>{}</text>\n", x, y, attrs.empty() ? "" : attrs + " ",
                            kFont, sized ? "" : " font-size=\"12\"", xml_escape(s));
        width = std::max(width, x + kChar * static_cast<int>(s.size()) + 20);
        height = std::max(height, y + 16);
    }
};

// The step at which p crashed, or -1.
int crash_step(const TraceView& view, int p) {
    for (std::size_t i = 0; i < view.steps.size(); ++i)
        if (view.steps[i].enabled && view.steps[i].step.kind == Step::Kind::Crash && view.steps[i].step.process == p)
            return static_cast<int>(i);
    return -1;
}

void lifelines(Chart& c) {
    const int n = c.model.config().n, bottom = row_y(static_cast<int>(c.view.steps.size()));
    for (int p = 0; p < n; ++p) {
        const bool byz = c.model.is_byzantine(c.view.initial, p);
        const int crashed = crash_step(c.view, p), x = lane_x(p);
        const int end = crashed >= 0 ? row_y(crashed) : bottom;
        c.body += fmt::format("<rect x=\"{}\" y=\"46\" width=\"70\" height=\"24\" rx=\"4\" fill=\"{}\" "
                              "stroke=\"{}\"/>\n",
                              x - 35, byz ? "#fadbd8" : "#eaf0fa", byz ? kRed : kBlue);
        c.text(x, 63, fmt::format("p{}", p), "text-anchor=\"middle\" font-weight=\"bold\"");
        c.under += fmt::format("<line class=\"lifeline\" x1=\"{0}\" y1=\"70\" x2=\"{0}\" y2=\"{1}\" stroke=\"{2}\" "
                              "stroke-width=\"1.5\"{3}/>\n",
                              x, end, byz ? kRed : "#555555", byz ? " stroke-dasharray=\"6 4\"" : "");
        const std::string note = byz ? "Byzantine" : crashed >= 0 ? fmt::format("crashes at {}", crashed + 1) : "";
        if (!note.empty()) c.text(x, 84, note, fmt::format("text-anchor=\"middle\" fill=\"{}\" {}", kRed, kHalo));
    }
}

void receipt_arrow(Chart& c, int i) {
    const StepRecord& r = c.view.steps[i];
    const bool byz = r.step.kind == Step::Kind::Byzantine;
    // In the receipt's row, as mscgen draws them: an arrow from the send's
    // row would run through the ends of other arrows from the same send
    // (lanes and rows are evenly spaced) and read as a relay. The send is
    // the dot on the sender's lifeline.
    const double x1 = lane_x(r.step.from), x2 = lane_x(r.step.process) + (r.step.process < r.step.from ? 1 : -1);
    const double y1 = row_y(i), y2 = y1;
    const char* colour = byz ? kRed : kBlue;
    c.under += fmt::format("<line class=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
                          "stroke-width=\"1.5\"{} marker-end=\"url(#{})\"/>\n",
                          byz ? "arrow injection" : "arrow", x1, y1, x2, y2, colour,
                          byz ? " stroke-dasharray=\"5 3\"" : "", byz ? "head-byz" : "head");
    // The label sits above the line, half a lane back from the head.
    const int lx = static_cast<int>(x2 + (x1 < x2 ? -1 : 1) * kLane / 2.0);
    c.text(lx, static_cast<int>(y1) - 5, message_name(c.model, r.step.type, r.step.value),
           fmt::format("class=\"label\" text-anchor=\"middle\" fill=\"{}\" {}", colour, kHalo));
}

void marks(Chart& c, int i) {
    const StepRecord& r = c.view.steps[i];
    const int x = lane_x(actor(r.step)), y = row_y(i);
    if (r.step.kind == Step::Kind::Broadcast)
        c.body += fmt::format("<rect class=\"broadcast\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\" fill=\"{}\"/>\n",
                              x - 6, y - 6, kBlue);
    else if (!r.sends.empty())
        c.body += fmt::format("<circle class=\"send\" cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"/>\n", x, y, kBlue);
    if (r.step.kind == Step::Kind::Crash)
        c.body += fmt::format("<path class=\"crash\" d=\"M{0},{1} l14,14 M{0},{2} l14,-14\" stroke=\"{3}\" "
                              "stroke-width=\"3\"/>\n",
                              x - 7, y - 7, y + 7, kRed);
    if (r.delivered >= 0) {
        // Just below the step's event (the delivery is the last thing it
        // does), with the value inside, so that no label can cover it.
        c.body += fmt::format("<circle class=\"delivery\" cx=\"{}\" cy=\"{}\" r=\"8\" fill=\"{}\"/>\n", x, y + 16,
                              kGreen);
        c.text(x, y + 20, std::to_string(r.delivered),
               "text-anchor=\"middle\" fill=\"white\" font-weight=\"bold\" font-size=\"11\"");
    }
}

void rows(Chart& c) {
    const int n = c.model.config().n, text_x = lane_x(n - 1) + 70;
    for (int i = 0; i < static_cast<int>(c.view.steps.size()); ++i) {
        const StepRecord& r = c.view.steps[i];
        const int y = row_y(i);
        c.under += fmt::format("<line x1=\"10\" y1=\"{0}\" x2=\"{1}\" y2=\"{0}\" stroke=\"#eeeeee\"/>\n", y,
                              text_x - 10);
        c.text(14, y + 4, fmt::format("{}.", i + 1), "fill=\"#777777\"");
        c.text(text_x, y + 4, step_text(c.model, r), r.enabled ? "" : fmt::format("fill=\"{}\"", kRed));
        if (!r.enabled) continue;
        if (r.step.kind == Step::Kind::Receive || r.step.kind == Step::Kind::Byzantine) receipt_arrow(c, i);
        marks(c, i);
    }
}

// Under each lifeline, what the process ended with; then why the property
// fails and a legend.
void footer(Chart& c) {
    const int n = c.model.config().n;
    int y = row_y(static_cast<int>(c.view.steps.size())) + 4;
    const State& s = c.view.last();
    for (int p = 0; p < n; ++p) {
        const int d = c.model.layout().delivered(s.local[p]);
        const std::string end = c.model.is_byzantine(s, p) ? "Byzantine"
                                : c.model.is_crashed(s, p) ? "crashed"
                                : d == 0                   ? "nothing"
                                                           : fmt::format("delivered {}", d - 1);
        const bool correct = c.model.is_correct(s, p);
        c.text(lane_x(p), y + 12, end, fmt::format("text-anchor=\"middle\" font-weight=\"bold\" fill=\"{}\"",
                                                   !correct ? kRed : d != 0 ? kGreen : "#333333"));
    }
    y += 44;
    if (!c.view.complete) c.text(14, y, "the trace does not replay: the last step is not enabled", "fill=\"#c0392b\"");
    else if (c.view.found != Property::None)
        c.text(14, y, fmt::format("{} violated: {}", to_string(c.view.found), c.view.reason),
               fmt::format("fill=\"{}\" font-weight=\"bold\"", kRed));
    if (const std::string note = fair_terminal_note(c.view.found); c.view.complete && !note.empty())
        c.text(14, y += 20, note, "fill=\"#333333\"");
    if (const std::string lost = lost_messages(c.model, s); !lost.empty())
        c.text(14, y += 20, "never received (the sender crashed): " + lost, "fill=\"#333333\"");
    c.text(14, y + 24,
           "legend: \xe2\x96\xa0 broadcast, \xe2\x80\xa2 send, \xe2\x97\x8f delivery (of the value inside), "
           "\xe2\x9c\x95 crash, red dashed arrow: Byzantine injection; arrows are drawn in the row of the receipt",
           "fill=\"#777777\" font-size=\"11\"");
}

}  // namespace

std::string xml_escape(const std::string& text) {
    std::string out;
    for (char ch : text) {
        switch (ch) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out += ch;
        }
    }
    return out;
}

std::string trace_svg(const Model& model, const TraceView& view) {
    Chart c{model, view, "", "", 0, 0};
    c.text(14, 24,
           fmt::format("{} under {}: {}", model.algorithm().name, model.config().str(),
                       view.complete && view.found != Property::None ? to_string(view.found) + " violated"
                                                                     : std::string("trace")),
           "font-weight=\"bold\" font-size=\"14\"");
    lifelines(c);
    rows(c);
    footer(c);
    const int height = c.height;
    return fmt::format(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\">\n"
        "<defs>\n"
        "<marker id=\"head\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
        "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{2}\"/></marker>\n"
        "<marker id=\"head-byz\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" "
        "orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{3}\"/></marker>\n"
        "</defs>\n"
        "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n{4}{5}</svg>\n",
        c.width, height, kBlue, kRed, c.under, c.body);
}

}  // namespace rbsynth
