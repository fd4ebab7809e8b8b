// libFuzzer target over the language and the model (tests/fuzz/run): any
// bytes are parsed as an algorithm; whatever parses must print to a
// canonical form that parses back to the same algorithm, and must compile,
// search (bounded, one thread), measure and replay its counterexample for a
// few small configurations without a crash, a sanitizer report or a wrong
// answer. rbsynth::Error is the only exception a bad input may raise.
#include <cstdint>
#include <cstdlib>
#include <string>

#include <fmt/core.h>

#include "explorer/check.hpp"
#include "explorer/counterexample.hpp"
#include "explorer/trace_json.hpp"
#include "model/algorithm.hpp"
#include "model/error.hpp"
#include "model/metrics.hpp"
#include "model/model.hpp"

namespace {

using namespace rbsynth;

[[noreturn]] void fail(const std::string& what, const std::string& text) {
    fmt::print(stderr, "fuzz_model: {}\n--- input ---\n{}\n", what, text);
    std::abort();
}

void round_trip(const Algorithm& alg) {
    const std::string printed = to_string(alg);
    Algorithm again;
    try {
        again = parse_algorithm(printed, "printed.alg");
    } catch (const Error& e) {
        fail(fmt::format("the canonical form does not parse: {}", e.what()), printed);
    }
    if (!equal(alg, again)) fail("the canonical form parses to another algorithm", printed);
    if (to_string(again) != printed) fail("the canonical form is not a fixed point", printed);
}

// A counterexample must replay to a state that violates what it claims, and
// survive the JSON document that --trace-out writes and replay reads.
void confirm(const Model& model, const Trace& trace, const std::string& text) {
    const std::vector<State> states = replay(model, trace);
    if (states.empty() || model.violation(states.back()) != trace.property)
        fail("a counterexample does not replay", text);
    const Trace back = trace_from_json(model, trace_to_json(model, trace), "trace.json");
    if (back.steps != trace.steps || back.property != trace.property || !(back.initial == trace.initial))
        fail("a counterexample changes through JSON", text);
}

void explore(const Algorithm& alg, const Config& config, const std::string& text) {
    std::optional<Model> model;
    try {
        model.emplace(alg, config);
    } catch (const Error&) {
        return;  // a threshold that is undefined or out of range for this N, F
    }
    measure(*model);
    ExplorerOptions o;
    o.threads = 1;
    o.max_states = 300;
    o.max_memory = 64 << 20;
    o.breadth_first_states = 300;
    const CheckResult r = check(*model, o);
    if (r.verdict == Verdict::Violated && r.trace) confirm(*model, *r.trace, text);
}

Config config(FaultModel faults, int n, int f, int values) {
    Config c;
    c.faults = faults;
    c.n = n;
    c.f = f;
    c.values = values;
    return c;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    Algorithm alg;
    try {
        alg = parse_algorithm(text, "fuzz.alg");
    } catch (const Error&) {
        return 0;
    }
    round_trip(alg);
    explore(alg, config(FaultModel::None, 3, 0, 1), text);
    explore(alg, config(FaultModel::Crash, 3, 1, 1), text);
    explore(alg, config(FaultModel::Byzantine, 4, 1, 2), text);
    return 0;
}
