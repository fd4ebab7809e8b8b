// Checkpoints: everything the next episode depends on (the Q-table, the
// generator's state, the episode count, what was found) plus the cache and
// the counters, so that a resumed run ends exactly where an uninterrupted
// one would.
#include <sstream>

#include <fmt/core.h>

#include "learner/learner.hpp"
#include "model/error.hpp"

namespace rbsynth {

namespace {

using json = nlohmann::json;

FoundAlgorithm found_from_json(const json& j, const std::string& file) {
    FoundAlgorithm f;
    f.alg = parse_algorithm(j.at("algorithm").get<std::string>(), file);
    f.episode = j.at("episode").get<int>();
    f.seconds = j.value("seconds", 0.0);  // checkpoints written before it was kept
    f.cost.messages = j.at("messages").get<std::int64_t>();
    f.cost.steps = j.at("steps").get<int>();
    f.cost.threshold = j.at("threshold").get<std::int64_t>();
    f.cost.value = j.at("cost").get<double>();
    f.cost.valid = true;
    return f;
}

}  // namespace

json to_json(const FoundAlgorithm& f) {
    return {{"algorithm", to_string(f.alg)}, {"episode", f.episode}, {"seconds", f.seconds}, {"messages", f.cost.messages},
            {"steps", f.cost.steps}, {"threshold", f.cost.threshold}, {"cost", f.cost.value}};
}

json Learner::checkpoint() const {
    json doc;
    doc["settings"] = options_.str();
    doc["episodes"] = stats_.episodes;
    doc["dead_ends"] = stats_.dead_ends;
    doc["weak_holds"] = stats_.weak_holds;
    doc["seconds"] = stats_.seconds;
    std::ostringstream rng;
    rng << rng_;
    doc["rng"] = rng.str();
    doc["keys"] = q_.keys();
    json cells = json::array();  // only the visited cells: the table is sparse
    for (int r = 0; r < q_.rows(); ++r)
        for (int a = 0; a < q_.actions(); ++a)
            if (q_.visits(r, a) || q_.tabu(r, a) || q_.amaf_visits(r, a))
                cells.push_back({r, a, q_.q(r, a), q_.visits(r, a), q_.tabu(r, a) ? 1 : 0, q_.amaf(r, a),
                                 q_.amaf_visits(r, a)});
    doc["cells"] = std::move(cells);
    for (const auto& [text, f] : correct_) doc["correct"].push_back(to_json(f));
    if (best_) doc["best"] = to_string(best_->alg);
    for (const CurvePoint& p : curve_) doc["curve"].push_back({p.reward, p.best_cost});
    for (const auto& [text, r] : validator_.cache())
        doc["cache"].push_back({text, static_cast<int>(r.verdict), static_cast<int>(r.property), r.failed_n, r.note});
    const ValidationStats& v = validator_.stats();
    doc["validation"] = {v.candidates, v.cache_hits, v.checks, v.states, v.check_seconds, v.holds, v.violated,
                         v.incomplete, v.rejected_replay, v.rejected_cache, v.rejected_search};
    // The kept counterexamples, in order: the replays a resumed run tries,
    // and so its verdicts, are those of the uninterrupted run.
    doc["counterexamples"] = validator_.pool().to_json();
    return doc;
}

void Learner::resume(const json& doc, const std::string& file) {
    try {
        if (doc.at("settings").get<std::string>() != options_.str())
            throw Error(fmt::format("{}: written with other settings:\n  {}\nnot\n  {}", file,
                                    doc.at("settings").get<std::string>(), options_.str()));
        stats_.episodes = doc.at("episodes").get<int>();
        stats_.dead_ends = doc.at("dead_ends").get<std::uint64_t>();
        stats_.weak_holds = doc.at("weak_holds").get<std::uint64_t>();
        stats_.seconds = doc.at("seconds").get<double>();
        std::istringstream rng(doc.at("rng").get<std::string>());
        rng >> rng_;
        for (std::uint64_t key : doc.at("keys")) q_.intern(key);
        for (const json& c : doc.at("cells")) {
            // at(): a hand-edited file gets a message, not an access out of bounds.
            const int r = c.at(0), a = c.at(1);
            if (r < 0 || r >= q_.rows() || a < 0 || a >= q_.actions())
                throw Error(fmt::format("{}: not a learner checkpoint (cell {}, {} is outside the table)", file, r, a));
            q_.q(r, a) = c.at(2).get<float>();
            q_.visits(r, a) = c.at(3).get<std::int32_t>();
            if (c.at(4).get<int>()) q_.set_tabu(r, a);
            q_.amaf(r, a) = c.at(5).get<float>();
            q_.amaf_visits(r, a) = c.at(6).get<std::int32_t>();
        }
        for (const json& f : doc.value("correct", json::array())) {
            FoundAlgorithm found = found_from_json(f, file);
            correct_.emplace(to_string(found.alg), found);
        }
        if (doc.contains("best")) {
            const auto best = correct_.find(doc.at("best").get<std::string>());
            if (best == correct_.end())
                throw Error(file + ": not a learner checkpoint (\"best\" is not among \"correct\")");
            best_ = best->second;
        }
        for (const json& p : doc.value("curve", json::array())) curve_.push_back(CurvePoint{p.at(0), p.at(1)});
        std::unordered_map<std::string, CandidateResult> cache;
        for (const json& c : doc.value("cache", json::array()))
            cache[c.at(0)] = CandidateResult{static_cast<Verdict>(c.at(1).get<int>()),
                                             static_cast<Property>(c.at(2).get<int>()), c.at(3).get<int>(),
                                             c.at(4).get<std::string>(), Rejection::None, std::nullopt};
        const json& v = doc.at("validation");
        validator_.restore(std::move(cache), ValidationStats{v.at(0), v.at(1), v.at(2), v.at(3), v.at(4), v.at(5),
                                                             v.at(6), v.at(7), v.at(8), v.at(9), v.at(10)});
        validator_.pool().from_json(doc.at("counterexamples"), file);
    } catch (const json::exception& e) {
        throw Error(fmt::format("{}: not a learner checkpoint ({})", file, e.what()));
    }
}

}  // namespace rbsynth
