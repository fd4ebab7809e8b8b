// The cross-check proper: rbsynth's verdict against Spin's, and each
// one's counterexample checked by the other (Spin's trail replayed by the
// Model; rbsynth's trace run by a Spin model guided along it).
#pragma once

#include <optional>
#include <string>

#include "explorer/result.hpp"
#include "model/model.hpp"
#include "spin/run_spin.hpp"

namespace rbsynth::spin {

enum class Outcome { Agree, Disagree, Incomplete };
std::string to_string(Outcome o);

struct Comparison {
    Outcome outcome = Outcome::Incomplete;
    std::string reason;  // one line: why they agree, disagree or cannot be compared
    // Spin's trail replayed by the Model: the property its last state
    // violates (None: not a violation, or a step not enabled).
    std::optional<Property> spin_trace_in_rbsynth;
    int spin_trace_failed_step = -1;
    // rbsynth's counterexample run by Spin, when confirm_in_spin was given.
    std::optional<SpinResult> guided;
};

// A Spin run restricted to `trace` (EmitOptions::guide): pan must report
// the trace's property violated at its end.
SpinResult confirm_in_spin(const Model& model, const Trace& trace, const SpinOptions& options);
bool confirms(const SpinResult& guided, const Trace& trace);

// `guided`: the result of confirm_in_spin on rbsynth's trace, if run.
Comparison compare(const Model& model, const CheckResult& rb, const SpinResult& spin,
                   std::optional<SpinResult> guided = std::nullopt);

}  // namespace rbsynth::spin
