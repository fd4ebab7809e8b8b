// Counterexamples as JSON documents, for --trace-out, --json and replay.
// A document names the algorithm and configuration, the Byzantine
// processes of its initial state, the property it violates and its steps.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "explorer/result.hpp"
#include "model/model.hpp"

namespace rbsynth {

// The step list alone: [{"kind":"receive","process":2,"from":0,...}, ...].
nlohmann::json steps_to_json(const Model& model, const Trace& trace);
// The whole document, as --trace-out writes it.
nlohmann::json trace_to_json(const Model& model, const Trace& trace);

// The configuration a trace document was made for (faults, n, f, values).
Config config_of_trace(const nlohmann::json& doc, const std::string& file);
// Reads a document against `model`; throws Error naming the file and the
// step for malformed entries (unknown kind, type, process out of range).
// Whether each step is enabled is for replay() to say.
Trace trace_from_json(const Model& model, const nlohmann::json& doc, const std::string& file);

}  // namespace rbsynth
