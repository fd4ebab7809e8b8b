// A counterexample made readable: the trace replayed step by step into
// records of what each step received, sent (to whom) and delivered, the
// state of every process after it, and why the last state violates its
// property. The records come from Model::apply with StepEffects, so the text,
// SVG and mscgen renderers (trace_text.hpp, trace_svg.hpp, trace_msc.hpp)
// draw the model's own semantics and never re-derive it (TLC prints the
// state after every step; Spin's trails are drawn as message sequence
// charts: the two views given here).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "explorer/result.hpp"
#include "model/model.hpp"

namespace rbsynth {

// One message a step sent: by the process that took the step, with the
// step's value.
struct SentRecord {
    int type = 0;
    int value = 0;
    bool to_all = false;          // `to all`: the sender's own copy was received in the step
    std::uint32_t receivers = 0;  // bit q: pending at q after the step (correct, not the sender)
};

struct StepRecord {
    Step step;
    bool enabled = true;           // false: the replay stopped here
    std::vector<SentRecord> sends;  // in firing order
    int delivered = -1;            // the value the step's process delivered, or -1
    State after;                   // the state after the step (before it, if not enabled)
};

struct TraceView {
    State initial;
    std::vector<StepRecord> steps;  // up to the first step not enabled, included
    bool complete = true;           // every step was enabled
    Property claimed = Property::None;  // what the trace says its last state violates
    Property found = Property::None;    // what it violates (None if not complete)
    std::string reason;             // why `found` holds there; empty for None

    const State& last() const { return steps.empty() ? initial : steps.back().after; }
};

TraceView view_trace(const Model& model, const Trace& trace);

// The process that takes a step: the receiver, the crashed one, or p0.
int actor(const Step& step);

// "p1 delivered 0, p2 delivered nothing" (Agreement), "p0 is correct and
// has not delivered 0" (Validity), or the clause of Integrity that fails.
std::string violation_reason(const Model& model, const State& s, Property property);

// Agreement and Validity are checked where a fair run may stop (semantics.md,
// fair-terminal): this says so; "" for the other properties.
std::string fair_terminal_note(Property property);

// Process p in state s: "received MSG(0) from 1 (p0); sent MSG(0); delivered 0",
// or "crashed" / "Byzantine".
std::string process_state(const Model& model, const State& s, int p);

// Messages that a crashed process sent and a correct one never received:
// "MSG(0) p0->p2, MSG(0) p0->p3", or "". They may stay in transit forever,
// which is often why Agreement fails.
std::string lost_messages(const Model& model, const State& s);

// "MSG(0)".
std::string message_name(const Model& model, int type, int value);

}  // namespace rbsynth
