#include "explorer/trace_text.hpp"

#include <fmt/core.h>

namespace rbsynth {

namespace {

std::string event_text(const Model& model, const Step& step) {
    const std::string msg = step.kind == Step::Kind::Receive || step.kind == Step::Kind::Byzantine
                                ? message_name(model, step.type, step.value)
                                : "";
    switch (step.kind) {
    case Step::Kind::Broadcast: return "p0 broadcasts 0";
    case Step::Kind::Receive: return fmt::format("p{} receives {} from p{}", step.process, msg, step.from);
    case Step::Kind::Byzantine:
        return fmt::format("p{} receives {} from Byzantine p{}", step.process, msg, step.from);
    case Step::Kind::Crash: return fmt::format("p{} crashes", step.process);
    }
    return "?";
}

std::string why_text(const TraceView& view) {
    if (!view.complete || view.found == Property::None) return "";
    const std::string note = fair_terminal_note(view.found);
    return fmt::format("  why: {} fails: {}\n{}", to_string(view.found), view.reason,
                       note.empty() ? "" : "       " + note + "\n");
}

}  // namespace

std::string step_text(const Model& model, const StepRecord& r) {
    std::string out = event_text(model, r.step);
    if (!r.enabled) return out + " (not enabled)";
    for (std::size_t i = 0; i < r.sends.size(); ++i) {
        const SentRecord& m = r.sends[i];
        out += fmt::format("{}{} to {}", i == 0 ? "; sends " : ", ", message_name(model, m.type, m.value),
                           m.to_all ? "all" : "others");
    }
    if (r.delivered >= 0) out += fmt::format("; delivers {}", r.delivered);
    return out;
}

std::string trace_text(const Model& model, const TraceView& view, bool verbose) {
    std::string out, byz;
    const int n = model.config().n;
    for (int p = 0; p < n; ++p)
        if (model.is_byzantine(view.initial, p)) byz += fmt::format(" p{}", p);
    if (!byz.empty()) out += fmt::format("  Byzantine:{}\n", byz);
    for (std::size_t i = 0; i < view.steps.size(); ++i) {
        const StepRecord& r = view.steps[i];
        out += fmt::format("  {:>3}. {}\n", i + 1, step_text(model, r));
        if (!verbose || !r.enabled) continue;
        for (int p = 0; p < n; ++p)
            if (!model.is_byzantine(r.after, p))
                out += fmt::format("         p{}  {}\n", p, process_state(model, r.after, p));
    }
    out += why_text(view);
    if (view.complete && view.found != Property::None) {
        const std::string lost = lost_messages(model, view.last());
        if (!lost.empty()) out += fmt::format("  never received (the sender crashed): {}\n", lost);
    }
    return out;
}

}  // namespace rbsynth
