#include "explorer/trace_json.hpp"

#include <algorithm>

#include <fmt/core.h>

#include "explorer/trace_text.hpp"

namespace rbsynth {

using nlohmann::json;

namespace {

Property parse_property(const std::string& s, const std::string& file) {
    for (Property p : {Property::None, Property::Integrity, Property::Agreement, Property::Validity})
        if (to_string(p) == s) return p;
    throw Error(file + ": \"property\": expected integrity, agreement or validity, found '" + s + "'");
}

const json& member(const json& obj, const char* key, const std::string& where) {
    if (!obj.is_object() || !obj.contains(key))
        throw Error(fmt::format("{}: missing \"{}\"", where, key));
    return obj.at(key);
}

std::string text_field(const json& obj, const char* key, const std::string& where) {
    const json& j = member(obj, key, where);
    if (!j.is_string()) throw Error(fmt::format("{}: \"{}\" must be a string", where, key));
    return j.get<std::string>();
}

// nlohmann's get<int> wraps large numbers and truncates fractions; a trace
// with either is malformed, so integers are checked here.
// Only a scalar is shown: dump() recurses as deep as an array or object
// nests, and a hostile trace can nest a million levels.
int small_int(const json& j, const std::string& what) {
    if (!j.is_number_integer() || j.get<std::int64_t>() < -1000 || j.get<std::int64_t>() > 1000)
        throw Error(fmt::format("{} must be a small integer, found {}", what,
                                j.is_structured() ? std::string("an ") + j.type_name() : j.dump()));
    return static_cast<int>(j.get<std::int64_t>());
}

int int_field(const json& obj, const char* key, const std::string& where) {
    return small_int(member(obj, key, where), fmt::format("{}: \"{}\"", where, key));
}

int process_field(const json& obj, const char* key, const Model& model, const std::string& where) {
    int p = int_field(obj, key, where);
    if (p < 0 || p >= model.config().n)
        throw Error(fmt::format("{}: \"{}\" = {} is not a process of N = {}", where, key, p, model.config().n));
    return p;
}

Step step_from_json(const Model& model, const json& j, const std::string& where) {
    Step step;
    const std::string kind = text_field(j, "kind", where);
    if (kind == "broadcast") step.kind = Step::Kind::Broadcast;
    else if (kind == "receive") step.kind = Step::Kind::Receive;
    else if (kind == "crash") step.kind = Step::Kind::Crash;
    else if (kind == "byzantine") step.kind = Step::Kind::Byzantine;
    else throw Error(where + ": \"kind\": expected broadcast, receive, crash or byzantine, found '" + kind + "'");
    step.process = static_cast<std::uint8_t>(process_field(j, "process", model, where));
    if (step.kind == Step::Kind::Receive || step.kind == Step::Kind::Byzantine) {
        step.from = static_cast<std::uint8_t>(process_field(j, "from", model, where));
        const std::string type = text_field(j, "type", where);
        const int t = model.algorithm().type_index(type);
        if (t < 0) throw Error(where + ": \"type\": the algorithm has no type '" + type + "'");
        step.type = static_cast<std::uint8_t>(t);
        const int v = int_field(j, "value", where);
        if (v < 0 || v >= model.config().values)
            throw Error(fmt::format("{}: \"value\" = {} is outside the value domain V = {}", where, v,
                                    model.config().values));
        step.value = static_cast<std::uint8_t>(v);
    }
    return step;
}

}  // namespace

json steps_to_json(const Model& model, const Trace& trace) {
    json steps = json::array();
    const TraceView view = view_trace(model, trace);
    for (std::size_t i = 0; i < trace.steps.size(); ++i) {
        const Step& s = trace.steps[i];
        json j = {{"kind", to_string(s.kind)}, {"process", s.process}};
        if (s.kind == Step::Kind::Receive || s.kind == Step::Kind::Byzantine) {
            j["from"] = s.from;
            j["type"] = model.algorithm().types.at(s.type);
            j["value"] = s.value;
        }
        j["text"] = i < view.steps.size() ? step_text(model, view.steps[i]) : model.describe(s);
        steps.push_back(j);
    }
    return steps;
}

json trace_to_json(const Model& model, const Trace& trace) {
    json byz = json::array();
    for (int p = 0; p < model.config().n; ++p)
        if (model.is_byzantine(trace.initial, p)) byz.push_back(p);
    const Config& c = model.config();
    return {{"format", "rbsynth-trace-1"},   {"algorithm", model.algorithm().name},
            {"faults", to_string(c.faults)}, {"n", c.n},
            {"f", c.f},                      {"values", c.values},
            {"byzantine", byz},              {"property", to_string(trace.property)},
            {"steps", steps_to_json(model, trace)}};
}

Config config_of_trace(const json& doc, const std::string& file) {
    if (!doc.is_object()) throw Error(file + ": a trace must be a JSON object");
    Config c;
    const std::string faults = text_field(doc, "faults", file);
    try {
        c.faults = parse_fault_model(faults);
    } catch (const Error& e) {
        throw Error(fmt::format("{}: \"faults\": {}", file, e.what()));
    }
    c.n = int_field(doc, "n", file);
    c.f = int_field(doc, "f", file);
    c.values = int_field(doc, "values", file);
    try {
        c.validate();
    } catch (const Error& e) {
        throw Error(fmt::format("{}: {}", file, e.what()));
    }
    return c;
}

Trace trace_from_json(const Model& model, const json& doc, const std::string& file) {
    Trace trace;
    trace.property = parse_property(text_field(doc, "property", file), file);
    const json& byz_json = member(doc, "byzantine", file);
    if (!byz_json.is_array()) throw Error(file + ": \"byzantine\" must be an array of process ids");
    std::vector<int> byz;
    for (const json& p : byz_json) byz.push_back(small_int(p, file + ": \"byzantine\" entry"));
    std::uint64_t mask = 0;
    for (int p : byz) {
        if (p < 0 || p >= model.config().n || (mask >> p & 1))
            throw Error(fmt::format("{}: \"byzantine\": {} is not a distinct process of N = {}", file, p,
                                    model.config().n));
        mask |= std::uint64_t{1} << p;
    }
    trace.initial.global = mask << kByzShift;
    const auto initial = model.initial_states();
    if (std::find(initial.begin(), initial.end(), trace.initial) == initial.end())
        throw Error(fmt::format("{}: \"byzantine\" lists {} processes; {} faults with F = {} fix {}", file,
                                byz.size(), to_string(model.config().faults), model.config().f,
                                model.config().faults == FaultModel::Byzantine ? model.config().f : 0));
    if (!doc.contains("steps") || !doc["steps"].is_array()) throw Error(file + ": missing \"steps\" array");
    int i = 0;
    for (const json& j : doc["steps"])
        trace.steps.push_back(step_from_json(model, j, fmt::format("{}: step {}", file, ++i)));
    return trace;
}

}  // namespace rbsynth
