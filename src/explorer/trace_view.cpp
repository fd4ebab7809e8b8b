#include "explorer/trace_view.hpp"

#include <bit>

#include <fmt/core.h>

namespace rbsynth {

namespace {

StepRecord record_step(const Model& model, const State& before, const Step& step) {
    StepRecord r;
    r.step = step;
    StepEffects fx;
    if (!model.apply(before, step, r.after, &fx)) {
        r.enabled = false;
        r.after = before;
        return r;
    }
    for (const auto& [q, t] : fx.sends) {
        SentRecord m{t, fx.value, ((fx.to_all >> t) & 1) != 0, 0};
        // A message to a crashed or Byzantine process is dropped at once.
        for (int x = 0; x < model.config().n; ++x)
            if (x != q && model.is_correct(r.after, x)) m.receivers |= 1u << x;
        r.sends.push_back(m);
    }
    if (fx.delivered_by >= 0) r.delivered = fx.value;
    return r;
}

std::string delivered_text(const Model& model, const State& s, int p) {
    const int d = model.layout().delivered(s.local[p]);
    return d == 0 ? "delivered nothing" : fmt::format("delivered {}", d - 1);
}

std::string processes(std::uint32_t mask) {
    std::string out;
    for (int p = 0; mask >> p; ++p)
        if (mask >> p & 1) out += fmt::format("{}p{}", out.empty() ? "" : " ", p);
    return out;
}

// Integrity has three clauses (semantics.md); "delivers at most once"
// cannot fail, since a deliver fires at most once by construction, so the
// reason is one of the other two.
std::string integrity_reason(const Model& model, const State& s) {
    const bool broadcast = s.global & kBroadcastBit;
    for (int p = 0; p < model.config().n; ++p) {
        const int d = model.layout().delivered(s.local[p]);
        if (!model.is_correct(s, p) || d == 0) continue;
        if (d != 1)
            return fmt::format("p{} delivered {} though the sender p0 is {} and broadcasts only 0", p, d - 1,
                               model.is_crashed(s, 0) ? "not Byzantine (it crashed)" : "correct");
        if (!broadcast)
            return fmt::format("p{} delivered 0 before p0 broadcast it{}", p,
                               model.is_crashed(s, 0) ? " (p0 crashed without broadcasting)" : "");
    }
    return "";
}

}  // namespace

int actor(const Step& step) { return step.kind == Step::Kind::Broadcast ? 0 : step.process; }

std::string message_name(const Model& model, int type, int value) {
    return fmt::format("{}({})", model.algorithm().types.at(type), value);
}

TraceView view_trace(const Model& model, const Trace& trace) {
    TraceView v;
    v.initial = trace.initial;
    v.claimed = trace.property;
    State s = trace.initial;
    for (const Step& step : trace.steps) {
        v.steps.push_back(record_step(model, s, step));
        if (!v.steps.back().enabled) {
            v.complete = false;
            return v;
        }
        s = v.steps.back().after;
    }
    v.found = model.violation(s);
    v.reason = violation_reason(model, s, v.found);
    return v;
}

std::string violation_reason(const Model& model, const State& s, Property property) {
    const int n = model.config().n;
    switch (property) {
    case Property::None: return "";
    case Property::Integrity: return integrity_reason(model, s);
    case Property::Validity: return "p0 is correct and has not delivered 0";
    case Property::Agreement: break;
    }
    int first = -1;
    for (int p = 0; p < n; ++p) {
        if (!model.is_correct(s, p)) continue;
        if (first < 0) first = p;
        else if (model.layout().delivered(s.local[p]) != model.layout().delivered(s.local[first]))
            return fmt::format("p{} {}, p{} {}", first, delivered_text(model, s, first), p,
                               delivered_text(model, s, p));
    }
    return "";
}

std::string fair_terminal_note(Property property) {
    return property == Property::Agreement || property == Property::Validity
               ? "no message between correct processes is pending: a fair run may stop here"
               : "";
}

std::string process_state(const Model& model, const State& s, int p) {
    if (model.is_byzantine(s, p)) return "Byzantine";
    const Layout& layout = model.layout();
    const std::uint64_t w = s.local[p];
    std::string received, sent;
    for (int t = 0; t < layout.types(); ++t)
        for (int v = 0; v < layout.values(); ++v)
            if (const std::uint32_t from = layout.held_from(w, t, v))
                received += fmt::format("{}{} from {} ({})", received.empty() ? "" : ", ", message_name(model, t, v),
                                        std::popcount(from), processes(from));
    for (int t = 0; t < layout.types(); ++t)
        if (const int sv = layout.sent(w, t))
            sent += fmt::format("{}{}", sent.empty() ? "" : ", ", message_name(model, t, sv - 1));
    return fmt::format("{}{}received {}; sent {}; {}", model.is_crashed(s, p) ? "crashed; " : "",
                       p == 0 && (s.global & kBroadcastBit) ? "broadcast 0; " : "",
                       received.empty() ? "nothing" : received, sent.empty() ? "nothing" : sent,
                       delivered_text(model, s, p));
}

std::string lost_messages(const Model& model, const State& s) {
    std::string out;
    const int n = model.config().n;
    for (int q = 0; q < n; ++q) {
        if (!model.is_crashed(s, q)) continue;
        for (int p = 0; p < n; ++p) {
            if (p == q || !model.is_correct(s, p)) continue;
            for (int t = q == 0 ? 0 : 1; t < model.layout().types(); ++t) {
                const int sv = model.layout().sent(s.local[q], t);
                if (sv != 0 && !(s.local[p] & model.layout().recv_bit(t, q, sv - 1)))
                    out += fmt::format("{}{} p{}->p{}", out.empty() ? "" : ", ", message_name(model, t, sv - 1), q, p);
            }
        }
    }
    return out;
}

}  // namespace rbsynth
