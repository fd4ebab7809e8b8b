#include "enumerate/report.hpp"

#include <fmt/core.h>

namespace rbsynth {

using json = nlohmann::json;

EnumerationSummary summarize(const Enumeration& e) {
    EnumerationSummary s;
    const auto results = e.snapshot();
    for (const auto& [i, r] : results) {
        ++s.checked;
        s.checks += r.checks;
        s.states += r.states;
        if (r.over_bound) {
            ++s.over_bound;
            continue;
        }
        switch (r.verdict) {
        case Verdict::Holds:
            ++s.holds;
            s.correct.push_back(i);
            ++s.cost_distribution[r.cost];
            ++s.steps_distribution[r.steps];
            if (!s.least_steps || r.steps < *s.least_steps) s.least_steps = r.steps;
            if (!s.least_cost || r.cost < *s.least_cost) s.least_cost = r.cost, s.least.clear();
            if (r.cost == *s.least_cost) s.least.push_back(i);
            break;
        case Verdict::Violated:
            ++s.violated;
            // no explorer run and no input error: the quick rejection's
            s.quick_rejected += r.checks == 0 && !r.input_error && !r.by_counterexample;
            s.given_rejected += r.by_counterexample;
            if (r.input_error) ++s.violated_by.input_error;
            else if (r.property == Property::Integrity) ++s.violated_by.integrity;
            else if (r.property == Property::Agreement) ++s.violated_by.agreement;
            else ++s.violated_by.validity;
            break;
        case Verdict::Incomplete:
            ++s.incomplete;
            s.incomplete_classes.push_back(i);
            break;
        }
    }
    for (const auto& [i, r] : results) {
        if (r.over_bound || r.verdict != Verdict::Incomplete) continue;
        if (!r.cost_known || !s.least_cost || r.cost < *s.least_cost) s.undercutting.push_back(i);
        if (!r.cost_known || !s.least_steps || r.steps < *s.least_steps) s.steps_undercutting.push_back(i);
    }
    return s;
}

std::string one_line(const Algorithm& alg) {
    std::string out, line;
    const std::string text = to_string(alg) + "\n";
    for (char c : text) {
        if (c != '\n') {
            line.push_back(c);
            continue;
        }
        const auto first = line.find_first_not_of(' ');
        if (first != std::string::npos) {
            if (!out.empty()) out += out.back() == ':' ? " " : "; ";
            out += line.substr(first);
        }
        line.clear();
    }
    return out;
}

namespace {

json class_json(const Enumeration& e, std::uint32_t i, const ClassResult& r) {
    json j = {{"class", i}, {"algorithm", to_string(e.language().algorithm(i))}};
    if (r.verdict == Verdict::Holds) {
        j["messages"] = r.messages;
        j["steps"] = r.steps;
        j["threshold"] = r.threshold;
        j["cost"] = r.cost;
    } else {
        j["n"] = r.failed_n;  // the size that ran out of budget
        j["cost"] = r.cost_known ? json(r.cost) : json(nullptr);
        j["steps"] = r.cost_known ? json(r.steps) : json(nullptr);
    }
    return j;
}

}  // namespace

json enumeration_report(const Enumeration& e, const EnumerationSummary& s, double seconds) {
    const LearnerOptions& o = e.options();
    std::map<std::uint32_t, ClassResult> wanted;  // the classes the report lists
    for (const auto& [i, r] : e.snapshot())
        if (!r.over_bound && r.verdict != Verdict::Violated &&
            (r.verdict == Verdict::Incomplete || r.cost == s.least_cost))
            wanted.emplace(i, r);
    json doc;
    doc["settings"] = e.settings();
    doc["faults"] = to_string(o.faults);
    doc["values"] = o.values;
    doc["validate"] = o.validate;
    doc["learn_n"] = o.learn_n;
    doc["language"] = {{"partial_algorithms", e.language().stats().partials},
                       {"candidates", e.language().stats().candidates},
                       {"classes", e.classes()}};
    doc["complete"] = s.checked == e.classes();
    doc["checked"] = s.checked;
    doc["holds"] = s.holds;
    doc["violated"] = s.violated;
    doc["violated_by"] = {{"integrity", s.violated_by.integrity}, {"agreement", s.violated_by.agreement},
                          {"validity", s.violated_by.validity}, {"input_error", s.violated_by.input_error}};
    doc["incomplete"] = s.incomplete;
    // With a step bound every statement below is about the classes within it.
    const EnumerateOptions& own = e.own_options();
    doc["max_steps"] = own.max_steps > 0 ? json(own.max_steps) : json(nullptr);
    doc["max_cost"] = own.max_cost > 0 ? json(own.max_cost) : json(nullptr);
    doc["over_bound"] = s.over_bound;
    doc["quick_rejected"] = s.quick_rejected;
    doc["counterexample_rejected"] = s.given_rejected;
    json incomplete = json::array();
    for (std::uint32_t i : s.incomplete_classes) incomplete.push_back(class_json(e, i, wanted.at(i)));
    doc["incomplete_classes"] = std::move(incomplete);
    json least = json::array();
    for (std::uint32_t i : s.least) least.push_back(class_json(e, i, wanted.at(i)));
    doc["least_cost"] = s.least_cost ? json(*s.least_cost) : json(nullptr);
    doc["least_cost_algorithms"] = std::move(least);
    // Proven: every class has a verdict and no incomplete one could be cheaper.
    doc["optimum_proven"] = s.checked == e.classes() && s.optimum_proven();
    // Within the bound, or of the whole language (a cost bound only: every
    // class left out costs more than the bound, so more than the least).
    doc["optimum_proven_without_bound"] = s.checked == e.classes() && s.optimum_proven() &&
                                          (!own.bounded() || (own.bound_keeps_optimum() && s.least_cost.has_value()));
    doc["undercutting_incomplete"] = s.undercutting;
    doc["least_steps"] = s.least_steps ? json(*s.least_steps) : json(nullptr);
    doc["least_steps_proven"] = s.checked == e.classes() && s.least_steps_proven();
    doc["steps_undercutting_incomplete"] = s.steps_undercutting;
    json costs = json::array(), steps = json::array();
    for (const auto& [c, n] : s.cost_distribution) costs.push_back({{"cost", c}, {"count", n}});
    for (const auto& [k, n] : s.steps_distribution) steps.push_back({{"steps", k}, {"count", n}});
    doc["cost_distribution"] = std::move(costs);
    doc["steps_distribution"] = std::move(steps);
    doc["explorer"] = {{"checks", s.checks}, {"states", s.states}};
    doc["seconds"] = seconds;
    return doc;
}

std::string correct_csv(const Enumeration& e, const EnumerationSummary& s) {
    std::map<std::uint32_t, ClassResult> results;
    for (const auto& [i, r] : e.snapshot())
        if (r.verdict == Verdict::Holds) results.emplace(i, r);
    std::string out = "class,cost,messages,steps,threshold,receive_rules,algorithm\n";
    for (std::uint32_t i : s.correct) {
        const ClassResult& r = results.at(i);
        const Algorithm alg = e.language().algorithm(i);
        out += fmt::format("{},{},{},{},{},{},\"{}\"\n", i, r.cost, r.messages, r.steps, r.threshold,
                           alg.on_receive.size(), one_line(alg));
    }
    return out;
}

}  // namespace rbsynth
