// The pieces of the emitted model, one builder per concern (emit.cpp
// assembles them). Internal to src/spin.
#pragma once

#include <string>

#include "spin/emit.hpp"

namespace rbsynth::spin::detail {

// `me`: the process taking the step, a Promela expression; `fixed`: its
// number when the proctype serves one process only (the sender), else -1.
promela::Block process_proctype(const Model& model, const EmitOptions& options, const std::string& name, int fixed);
promela::Block handler_inline(const Model& model, const EmitOptions& options, bool broadcast);
promela::Block own_copies_inline();
promela::Block monitor_proctype(const Model& model);

// Text safe inside a Promela comment.
std::string comment_text(std::string text);

}  // namespace rbsynth::spin::detail
