#include "learner/report.hpp"

#include "explorer/check.hpp"
#include "model/error.hpp"

namespace rbsynth {

using json = nlohmann::json;

std::vector<ResilienceRow> resilience(const Algorithm& alg, const LearnerOptions& o, const std::vector<int>& sizes,
                                      const ExplorerOptions& explorer) {
    std::vector<ResilienceRow> rows;
    for (int n : sizes) {
        ResilienceRow row;
        row.config = o.config_at(n);
        try {
            row.result = check(Model(alg, row.config), explorer);
        } catch (const Error& e) {
            row.result.verdict = Verdict::Violated;
            row.result.note = e.what();
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

namespace {

json validation_json(const ValidationStats& v, const CounterexamplePool& pool) {
    const PoolCounters c = pool.counters();
    return {{"rejected", {{"replay", v.rejected_replay}, {"cache", v.rejected_cache}, {"search", v.rejected_search}}},
            {"counterexamples", {{"kept", pool.size()}, {"replays", c.replays}, {"hits", c.hits}, {"skipped", c.skipped}}},
            {"candidates", v.candidates}, {"cache_hits", v.cache_hits}, {"cache_hit_rate", v.hit_rate()},
            {"checks", v.checks},         {"states", v.states},         {"check_seconds", v.check_seconds},
            {"states_per_second", v.states_per_second()},
            {"distinct", {{"holds", v.holds}, {"violated", v.violated}, {"incomplete", v.incomplete}}}};
}

}  // namespace

json learner_report(const Learner& learner, const std::optional<FoundAlgorithm>& greedy,
                    const std::vector<ResilienceRow>& table) {
    const LearnerOptions& o = learner.options();
    json doc;
    doc["settings"] = o.str();
    doc["seed"] = o.seed;
    doc["faults"] = to_string(o.faults);
    doc["values"] = o.values;
    doc["validate"] = o.validate;
    doc["final_validate"] = o.final_validate;
    doc["episodes"] = learner.stats().episodes;
    doc["seconds"] = learner.stats().seconds;
    doc["dead_ends"] = learner.stats().dead_ends;
    doc["weak_credits"] = learner.stats().weak_holds;
    doc["learner_states"] = learner.states();
    doc["best"] = learner.best() ? to_json(*learner.best()) : json(nullptr);
    doc["greedy"] = greedy ? to_json(*greedy) : json(nullptr);
    json correct = json::array();
    for (const auto& [text, f] : learner.correct()) correct.push_back(to_json(f));
    doc["correct"] = std::move(correct);
    doc["validation"] = validation_json(learner.validation(), learner.counterexamples());
    json rows = json::array();
    for (const ResilienceRow& r : table)
        rows.push_back({{"n", r.config.n}, {"f", r.config.f}, {"values", r.config.values},
                        {"verdict", to_string(r.result.verdict)},
                        {"property", r.result.verdict == Verdict::Violated ? to_string(r.result.property) : ""},
                        {"states", r.result.stats.states}, {"seconds", r.result.stats.seconds}});
    doc["resilience"] = std::move(rows);
    return doc;
}

}  // namespace rbsynth
