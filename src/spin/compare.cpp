#include "spin/compare.hpp"

#include <fmt/core.h>

#include "spin/trail.hpp"

namespace rbsynth::spin {

std::string to_string(Outcome o) {
    switch (o) {
    case Outcome::Agree: return "agree";
    case Outcome::Disagree: return "disagree";
    case Outcome::Incomplete: return "incomplete";
    }
    return "?";
}

SpinResult confirm_in_spin(const Model& model, const Trace& trace, const SpinOptions& options) {
    EmitOptions emit;
    emit.guide = trace;
    SpinOptions o = options;
    o.trail = true;
    o.keep_dir.clear();
    return run_spin(model, o, emit);
}

bool confirms(const SpinResult& guided, const Trace& trace) {
    // The guided model allows only the trace's steps, so an error is on
    // its path; it must be at its end and be the property it claims.
    return guided.verdict == Verdict::Violated && guided.property == trace.property && guided.trace &&
           guided.trace->steps == trace.steps;
}

namespace {

std::string verdict_text(Verdict v, Property p) {
    return v == Verdict::Violated ? fmt::format("violated ({})", to_string(p)) : to_string(v);
}

// Spin's counterexample must be one in rbsynth's model too, ending in a
// state that violates what pan's assertion named.
std::optional<std::string> check_spin_trace(const Model& model, const SpinResult& spin, Comparison& c) {
    if (!spin.trace) return "Spin reported a violation but its trail could not be read: " + spin.trail_error;
    const Property p = replay_in_model(model, *spin.trace, &c.spin_trace_failed_step);
    c.spin_trace_in_rbsynth = p;
    if (c.spin_trace_failed_step >= 0)
        return fmt::format("step {} of Spin's trail is not enabled in rbsynth's model: {}",
                           c.spin_trace_failed_step + 1, model.describe(spin.trace->steps[c.spin_trace_failed_step]));
    if (p != spin.property)
        return fmt::format("Spin's trail ends in a state that rbsynth finds {} (Spin: {})",
                           p == Property::None ? "violates nothing" : "violates " + to_string(p),
                           to_string(spin.property));
    return std::nullopt;
}

}  // namespace

Comparison compare(const Model& model, const CheckResult& rb, const SpinResult& spin, std::optional<SpinResult> guided) {
    Comparison c;
    c.guided = std::move(guided);
    const std::string both = fmt::format("rbsynth {}, Spin {}", verdict_text(rb.verdict, rb.property),
                                         spin.verdict == Verdict::Incomplete
                                             ? "incomplete (" + to_string(spin.limit) + ")"
                                             : verdict_text(spin.verdict, spin.property));
    std::optional<std::string> problem;
    if (spin.verdict == Verdict::Violated) problem = check_spin_trace(model, spin, c);
    if (!problem && c.guided && rb.trace && !confirms(*c.guided, *rb.trace))
        problem = fmt::format("Spin does not confirm rbsynth's counterexample (guided run: {})",
                              verdict_text(c.guided->verdict, c.guided->property));
    if (!problem && rb.verdict != Verdict::Incomplete && spin.verdict != Verdict::Incomplete &&
        rb.verdict != spin.verdict)
        problem = "the verdicts differ";
    if (problem) {
        c.outcome = Outcome::Disagree;
        c.reason = both + ": " + *problem;
    } else if (rb.verdict == Verdict::Incomplete || spin.verdict == Verdict::Incomplete) {
        c.reason = both + ": not compared, a checker did not finish";
    } else {
        c.outcome = Outcome::Agree;
        c.reason = both;
        if (rb.verdict == Verdict::Violated && rb.property != spin.property)
            c.reason += " (different properties: each found a different violation first; each one's trace "
                        "violates its property in the other's model)";
    }
    return c;
}

}  // namespace rbsynth::spin
