#include "enumerate/enumeration.hpp"

#include <thread>

#include <fmt/core.h>
#include <fmt/ranges.h>

#include "learner/reward.hpp"
#include "learner/validator.hpp"
#include "model/error.hpp"

namespace rbsynth {

using json = nlohmann::json;

std::string enumerate_settings(const LearnerOptions& o, const EnumerateOptions& own) {
    std::vector<std::string> ks;
    for (const auto& k : o.thresholds) ks.push_back(to_string(*k));
    Heuristics h = o.heuristics;
    h.tabu = false;  // the Q-table's: no part of the language
    const std::string given =
        own.counterexamples.empty()
            ? ""
            : fmt::format(" counterexamples={}:{:016x}", own.counterexamples.size(), digest(own.counterexamples));
    return fmt::format(
        "faults={} values={} types={} max_rules={} thresholds=[{}] heuristics={} validate=[{}] learn_n={} "
        "step_weight={} threshold_weight={} candidate_states={} candidate_time={} max_memory={} quick_states={} "
        "max_steps={} max_cost={}{}",
        to_string(o.faults), o.values, o.types, o.max_rules, fmt::join(ks, ","), h.str(), fmt::join(o.validate, ","),
        o.learn_n, o.reward.step_weight, o.reward.threshold_weight, o.candidate_states, o.candidate_time,
        o.max_memory, own.quick_states, own.max_steps, own.max_cost, given);
}

namespace {

LearnerOptions one_thread(LearnerOptions o) {
    o.threads = 1;  // parallel over classes, not over the sizes of one class
    return o;
}

}  // namespace

Enumeration::Enumeration(LearnerOptions options, EnumerateOptions own)
    : options_(one_thread(std::move(options))), own_(own), settings_(enumerate_settings(options_, own_)),
      language_(options_),
      results_(language_.classes()), done_(language_.classes(), 0) {}

std::vector<std::uint32_t> Enumeration::todo() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::uint32_t> out;
    for (std::size_t i = 0; i < done_.size(); ++i)
        if (!done_[i]) out.push_back(static_cast<std::uint32_t>(i));
    return out;
}

ClassResult Enumeration::evaluate(std::size_t i) const {
    QuickRejecter scratch = this->scratch();
    return evaluate(i, scratch);
}

void evaluate_classes(const Enumeration& e, const std::vector<std::uint32_t>& classes,
                      std::vector<QuickRejecter>& scratch, const std::atomic<bool>* stop,
                      const std::function<void(std::size_t, const ClassResult&)>& done) {
    std::atomic<std::size_t> next{0};
    auto work = [&](QuickRejecter& s) {
        for (std::size_t k = next++; k < classes.size() && !(stop && stop->load()); k = next++)
            done(k, e.evaluate(classes[k], s));
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < scratch.size() && t < classes.size(); ++t) pool.emplace_back(work, std::ref(scratch[t]));
    if (!scratch.empty()) work(scratch[0]);
    for (std::thread& t : pool) t.join();
}

namespace {

// The failure-free synchronous run at the learning N (reward.hpp).
void measure(const Algorithm& alg, const LearnerOptions& o, ClassResult& out) {
    try {
        const Cost cost = measure_cost(alg, o);
        out.cost_known = cost.valid;
        out.messages = cost.messages;
        out.steps = cost.steps;
        out.threshold = cost.threshold;
        out.cost = cost.value;
    } catch (const Error&) {
        out.cost_known = false;  // a threshold not positive at the learning N
    }
}

// A violated class keeps no cost (checkpoints store none for it).
ClassResult& forget_cost(ClassResult& out) {
    out.cost_known = false;
    out.messages = out.threshold = 0;
    out.steps = 0;
    out.cost = 0;
    return out;
}

}  // namespace

ClassResult Enumeration::evaluate(std::size_t i, QuickRejecter& scratch) const {
    const Algorithm alg = language_.algorithm(i);
    ClassResult out;
    if (own_.bounded()) {
        // Only a class whose failure-free run is known to take more steps
        // is left out: one without a known run is validated.
        measure(alg, options_, out);
        if (out.cost_known && ((own_.max_steps > 0 && out.steps > own_.max_steps) ||
                               (own_.max_cost > 0 && out.cost > own_.max_cost))) {
            out.over_bound = true;
            return out;
        }
    }
    if (own_.quick_states > 0 && quick_reject(alg, scratch, out)) return forget_cost(out);
    if (given_counterexample(alg, out)) return forget_cost(out);
    CheckCounters spent;
    const CandidateResult r = validate_candidate(alg, options_, spent);
    out.verdict = r.verdict;
    out.property = r.property;
    out.failed_n = static_cast<std::uint8_t>(r.failed_n);
    out.input_error = !r.note.empty();
    out.checks = static_cast<std::uint8_t>(spent.checks);
    out.states = static_cast<std::uint32_t>(spent.states);
    if (r.verdict == Verdict::Violated) return forget_cost(out);
    if (!own_.bounded()) measure(alg, options_, out);
    return out;
}

// At the smallest size only: the validator's answer there is this violation
// or a budget it ran out of, so the verdict is the one it gives or a
// sharper one (docs/enumerate.md, "Quick rejection").
bool Enumeration::quick_reject(const Algorithm& alg, QuickRejecter& scratch, ClassResult& out) const {
    const int n = options_.validate.front();
    try {
        const QuickRejectResult q = scratch.run(alg, options_.config_at(n));
        if (!q.violated) return false;
        out.verdict = Verdict::Violated;
        out.property = q.property;
        out.failed_n = static_cast<std::uint8_t>(n);
        out.states = static_cast<std::uint32_t>(q.states);
        return true;
    } catch (const Error&) {
        return false;  // a threshold not positive at n: the validator reports it
    }
}

// In the order given; a configuration at which the class is no algorithm
// (a threshold not positive) is skipped, as the pool does.
bool Enumeration::given_counterexample(const Algorithm& alg, ClassResult& out) const {
    for (const Counterexample& cex : own_.counterexamples) {
        Property p = Property::None;
        try {
            p = replay_counterexample(Model(alg, cex.config), cex);
        } catch (const Error&) {
            continue;
        }
        if (p == Property::None) continue;
        out.verdict = Verdict::Violated;
        out.property = p;
        out.failed_n = static_cast<std::uint8_t>(cex.config.n);
        out.by_counterexample = true;
        return true;
    }
    return false;
}

void Enumeration::record(std::size_t i, const ClassResult& r) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (done_[i]) return;
    results_[i] = r;
    done_[i] = 1;
    ++done_count_;
    if (r.verdict == Verdict::Holds) ++holds_count_;
}

bool Enumeration::is_done(std::size_t i) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return done_[i] != 0;
}

ClassResult Enumeration::result(std::size_t i) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return results_[i];
}

std::vector<std::pair<std::uint32_t, ClassResult>> Enumeration::snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::pair<std::uint32_t, ClassResult>> out;
    out.reserve(done_count_.load());
    for (std::size_t i = 0; i < done_.size(); ++i)
        if (done_[i]) out.emplace_back(static_cast<std::uint32_t>(i), results_[i]);
    return out;
}

json Enumeration::checkpoint() const {
    json doc;
    doc["settings"] = settings_;
    doc["classes"] = classes();
    doc["results"] = results_to_json(snapshot());
    return doc;
}

void Enumeration::resume(const json& doc, const std::string& file) {
    std::string settings;
    std::size_t count = 0;
    std::vector<std::pair<std::uint32_t, ClassResult>> results;
    try {
        settings = doc.at("settings").get<std::string>();
        count = doc.at("classes").get<std::size_t>();
        results = results_from_json(doc.at("results"));
    } catch (const std::exception& e) {  // json's errors, and results_from_json's
        throw Error(fmt::format("{}: not an enumeration checkpoint ({})", file, e.what()));
    }
    if (settings != settings_)
        throw Error(fmt::format("{}: written with other settings:\n  {}\nnot\n  {}", file, settings, settings_));
    if (count != classes()) throw Error(fmt::format("{}: written for {} classes, not {}", file, count, classes()));
    for (const auto& [i, r] : results) {
        if (i >= classes()) throw Error(fmt::format("{}: class {} out of range", file, i));
        record(i, r);
    }
}

json results_to_json(const std::vector<std::pair<std::uint32_t, ClassResult>>& results) {
    json index = json::array(), code = json::array(), failed = json::array(), checks = json::array(),
         states = json::array(), holds = json::array();
    for (const auto& [i, r] : results) {
        index.push_back(i);
        // verdict, property and input error in one small number
        code.push_back((r.by_counterexample ? 128 : 0) + (r.over_bound ? 64 : 0) + static_cast<int>(r.verdict) * 16 + static_cast<int>(r.property) * 2 +
                       (r.input_error ? 1 : 0));
        failed.push_back(r.failed_n);
        checks.push_back(r.checks);
        states.push_back(r.states);
        if (r.verdict != Verdict::Violated)
            holds.push_back({i, r.cost_known ? 1 : 0, r.messages, r.steps, r.threshold, r.cost});
    }
    return {{"index", index}, {"code", code}, {"failed_n", failed}, {"checks", checks}, {"states", states},
            {"costs", holds}};
}

std::vector<std::pair<std::uint32_t, ClassResult>> results_from_json(const json& doc) {
    const json &index = doc.at("index"), &code = doc.at("code"), &failed = doc.at("failed_n"),
               &checks = doc.at("checks"), &states = doc.at("states");
    std::vector<std::pair<std::uint32_t, ClassResult>> out;
    for (std::size_t k = 0; k < index.size(); ++k) {
        ClassResult r;
        const int c = code.at(k).get<int>() % 64;
        r.over_bound = code.at(k).get<int>() / 64 % 2 != 0;
        r.by_counterexample = code.at(k).get<int>() >= 128;
        r.verdict = static_cast<Verdict>(c / 16);
        r.property = static_cast<Property>(c % 16 / 2);
        r.input_error = c % 2 != 0;
        r.failed_n = failed.at(k).get<std::uint8_t>();
        r.checks = checks.at(k).get<std::uint8_t>();
        r.states = states.at(k).get<std::uint32_t>();
        out.emplace_back(index.at(k).get<std::uint32_t>(), r);
    }
    std::size_t k = 0;  // the costs list is in the same order as the index
    for (const json& h : doc.at("costs")) {
        while (k < out.size() && out[k].first != h.at(0).get<std::uint32_t>()) ++k;
        if (k == out.size()) throw Error("enumeration results: a cost entry without its class");
        ClassResult& r = out[k].second;
        r.cost_known = h.at(1).get<int>() != 0;
        r.messages = h.at(2).get<std::int64_t>();
        r.steps = h.at(3).get<std::int32_t>();
        r.threshold = h.at(4).get<std::int64_t>();
        r.cost = h.at(5).get<double>();
    }
    return out;
}

}  // namespace rbsynth
