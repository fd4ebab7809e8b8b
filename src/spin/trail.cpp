#include "spin/trail.hpp"

#include <sstream>

#include <fmt/core.h>

#include "explorer/counterexample.hpp"
#include "model/error.hpp"
#include "spin/emit.hpp"

namespace rbsynth::spin {

namespace {

Step parse_step(const Model& model, std::istringstream& fields, const std::string& line) {
    int kind = -1, p = -1, q = -1, t = -1, v = -1;
    fields >> kind >> p >> q >> t >> v;
    const Config& c = model.config();
    const int types = static_cast<int>(model.algorithm().types.size());
    if (!fields || kind < 0 || kind > 3 || p < 0 || p >= c.n || q < 0 || q >= c.n || t < 0 || t >= types || v < 0 ||
        v >= c.values)
        throw Error(fmt::format("spin trail: malformed step line '{}'", line));
    return Step{static_cast<Step::Kind>(kind), static_cast<std::uint8_t>(p), static_cast<std::uint8_t>(q),
                static_cast<std::uint8_t>(t), static_cast<std::uint8_t>(v)};
}

State initial_state(const Model& model, std::uint32_t byz) {
    for (const State& s : model.initial_states())
        if (((s.global >> kByzShift) & model.all_processes()) == byz) return s;
    throw Error(fmt::format("spin trail: Byzantine set {:#x} is not an initial state of {}", byz, model.config().str()));
}

}  // namespace

Trace trace_from_spin_output(const Model& model, const std::string& text, Property property) {
    Trace trace;
    trace.property = property;
    bool seen_init = false;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        std::istringstream fields(line);
        std::string tag;
        fields >> tag;
        if (tag == kInitTag) {
            long byz = -1;
            fields >> byz;
            if (!fields || byz < 0) throw Error(fmt::format("spin trail: malformed line '{}'", line));
            trace.initial = initial_state(model, static_cast<std::uint32_t>(byz));
            seen_init = true;
        } else if (tag == kStepTag) {
            if (!seen_init) throw Error("spin trail: a step before the " + std::string(kInitTag) + " line");
            trace.steps.push_back(parse_step(model, fields, line));
        }
    }
    if (!seen_init) throw Error("spin trail: no " + std::string(kInitTag) + " line in the output of spin -t");
    return trace;
}

Property replay_in_model(const Model& model, const Trace& trace, int* failed) {
    int bad = -1;
    const std::vector<State> states = replay(model, trace, &bad);
    if (failed) *failed = states.empty() ? bad : -1;
    return states.empty() ? Property::None : model.violation(states.back());
}

}  // namespace rbsynth::spin
