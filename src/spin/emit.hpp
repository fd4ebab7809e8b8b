// The Promela model of one algorithm and configuration: docs/semantics.md
// written for Spin. The model's states are rbsynth's states (receipts as
// per-sender bit-sets, sent and delivered values; the pending set derived
// from them as docs/decisions.md does), one step of the spec is one
// `d_step`, and a monitor process asserts the three properties in every
// reachable state. docs/spin.md describes the encoding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "explorer/result.hpp"
#include "model/model.hpp"
#include "spin/promela_ast.hpp"

namespace rbsynth::spin {

// Deliberate errors in the emitted model, for the tests only: they show
// that the cross-check fails when the Promela model is wrong.
enum class Mutation {
    None,
    GuardsOneLower,  // every guard needs one receipt fewer than its threshold
    NoOwnCopies,     // `to all` behaves as `to others`
};

struct EmitOptions {
    // Restrict every step to the next one of this trace (and the initial
    // choice to its Byzantine set): a guided run, in which Spin confirms
    // one of rbsynth's counterexamples step by step.
    std::optional<Trace> guide;
    Mutation mutation = Mutation::None;  // test switch; never set by the tool
};

// The `printf` prefixes through which `spin -t` reports a run (trail.hpp).
inline constexpr const char* kStepTag = "RBSTEP";
inline constexpr const char* kInitTag = "RBINIT";

promela::Module emit(const Model& model, const EmitOptions& options = {});
std::string emit_promela(const Model& model, const EmitOptions& options = {});

// An upper bound on the depth of pan's search: every step adds a receipt,
// the broadcast or a crash, plus the start-up steps of `init`.
int search_depth_bound(const Model& model);

}  // namespace rbsynth::spin
