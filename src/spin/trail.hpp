// Spin's counterexample as rbsynth's: `spin -t` replays pan's trail and
// prints the model's RBINIT and RBSTEP lines (emit.hpp); they become a
// Trace that `rbsynth replay` and the Model re-execute.
#pragma once

#include <string>

#include "explorer/result.hpp"
#include "model/model.hpp"

namespace rbsynth::spin {

// `property` is what pan's assertion named. Throws Error when the output
// has no RBINIT line, a malformed RBSTEP line, or a Byzantine set that is
// not one of the model's initial states.
Trace trace_from_spin_output(const Model& model, const std::string& text, Property property);

// Re-executes a trace with the Model: the property its last state
// violates, or None. `failed` (if given) is set to the 0-based index of a
// step that is not enabled, else -1 (and then None is returned).
Property replay_in_model(const Model& model, const Trace& trace, int* failed = nullptr);

}  // namespace rbsynth::spin
