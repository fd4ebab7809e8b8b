#include "learner/cex_pool.hpp"

#include <cassert>
#include <algorithm>
#include <mutex>

#include <fmt/core.h>
#include <xxhash.h>

#include "explorer/trace_json.hpp"
#include "model/error.hpp"

namespace rbsynth {

namespace {

bool same_config(const Config& a, const Config& b) {
    return a.faults == b.faults && a.n == b.n && a.f == b.f && a.values == b.values;
}

std::uint64_t hash_of(const Counterexample& c) {
    std::vector<std::uint8_t> bytes{static_cast<std::uint8_t>(c.config.faults), static_cast<std::uint8_t>(c.config.n),
                                    static_cast<std::uint8_t>(c.config.f), static_cast<std::uint8_t>(c.config.values)};
    for (int i = 0; i < 4; ++i) bytes.push_back(static_cast<std::uint8_t>(c.byzantine >> (8 * i)));
    for (const Step& s : c.steps)
        bytes.insert(bytes.end(), {static_cast<std::uint8_t>(s.kind), s.process, s.from, s.type, s.value});
    return XXH3_64bits(bytes.data(), bytes.size());
}

}  // namespace

Property replay_counterexample(const Model& model, const Counterexample& cex, bool* skipped) {
    if (skipped) *skipped = false;
    State s;
    s.global = std::uint64_t{cex.byzantine} << kByzShift;
    Property p = model.violation(s);
    for (const Step& step : cex.steps) {
        if (p != Property::None) return p;
        State next;
        if (!model.apply(s, step, next)) {
            if (skipped) *skipped = true;
            return Property::None;
        }
        s = next;
        p = model.violation(s);
    }
    if (p != Property::None) return p;
    // A fair continuation: the broadcast of a correct p0, then every pending
    // message between correct processes, in the model's order, until the
    // state is fair-terminal. Every step is enabled, so the end is
    // reachable, and Agreement and Validity are judged there exactly.
    State next;
    if (model.is_correct(s, 0) && !(s.global & kBroadcastBit) &&
        model.apply(s, Step{Step::Kind::Broadcast, 0, 0, 0, 0}, next)) {
        s = next;
        if ((p = model.violation(s)) != Property::None) return p;
    }
    for (;;) {
        Step pending;
        const bool any = model.any_pending(s, [&](int to, int from, int t, int v) {
            pending = Step{Step::Kind::Receive, std::uint8_t(to), std::uint8_t(from), std::uint8_t(t), std::uint8_t(v)};
            return true;
        });
        if (!any) break;
        const bool enabled = model.apply(s, pending, next);
        assert(enabled);  // any_pending names only enabled receipts
        if (!enabled) break;
        s = next;
        if ((p = model.violation(s)) != Property::None) return p;
    }
    return model.violation(s);
}

Counterexample counterexample_from_trace(const nlohmann::json& doc, const std::string& file, int types) {
    // A stand-in with the learner's type names: the trace reader resolves
    // names and checks ranges against a model, and a learned candidate's
    // type k is named Tk (vocabulary.cpp), whatever its rules.
    std::string text = "algorithm trace\ntypes";
    for (int t = 0; t < types; ++t) text += fmt::format(" T{}", t);
    text += "\non broadcast:\n  send T0 to all\non receive:\n  deliver if received T0 from 1\n";
    const Model model(parse_algorithm(text, file), config_of_trace(doc, file));
    const Trace trace = trace_from_json(model, doc, file);
    Counterexample cex;
    cex.config = model.config();
    cex.byzantine = static_cast<std::uint32_t>((trace.initial.global >> kByzShift) & model.all_processes());
    cex.steps = trace.steps;
    return cex;
}

std::uint64_t digest(const std::vector<Counterexample>& list) {
    std::vector<std::uint64_t> hashes;
    for (const Counterexample& c : list) hashes.push_back(hash_of(c));
    return XXH3_64bits(hashes.data(), hashes.size() * sizeof(std::uint64_t));
}

bool CounterexamplePool::add(Counterexample cex) {
    const std::uint64_t h = hash_of(cex);
    std::unique_lock lock(mutex_);
    if (hashes_.count(h)) {
        // Equal hashes of different traces are possible but rare; keeping
        // only the first costs a replay that might have hit, never a verdict.
        return false;
    }
    hashes_.insert(h);
    kept_.push_back(std::move(cex));
    return true;
}

std::optional<ReplayHit> CounterexamplePool::reject(const Algorithm& alg, const std::vector<Config>& configs) {
    std::shared_lock lock(mutex_);
    // Configuration by configuration, in the caller's order (the learner's:
    // smallest size first, so a hit names the smallest size at which a kept
    // counterexample still applies), then in order of addition.
    for (const Config& config : configs) {
        std::optional<Model> model;
        for (const Counterexample& cex : kept_) {
            if (!same_config(config, cex.config)) continue;
            if (!model) {
                try {
                    model.emplace(alg, config);
                } catch (const Error&) {
                    break;  // a threshold not positive at this size: the search reports it
                }
            }
            bool skipped = false;
            replays_.fetch_add(1, std::memory_order_relaxed);
            const Property p = replay_counterexample(*model, cex, &skipped);
            if (skipped) skipped_.fetch_add(1, std::memory_order_relaxed);
            if (p != Property::None) {
                hits_.fetch_add(1, std::memory_order_relaxed);
                return ReplayHit{p, cex.config.n};
            }
        }
    }
    return std::nullopt;
}

std::size_t CounterexamplePool::size() const {
    std::shared_lock lock(mutex_);
    return kept_.size();
}

PoolCounters CounterexamplePool::counters() const {
    return PoolCounters{replays_.load(), hits_.load(), skipped_.load()};
}

nlohmann::json CounterexamplePool::to_json() const {
    std::shared_lock lock(mutex_);
    nlohmann::json out = nlohmann::json::array();
    for (const Counterexample& c : kept_) {
        nlohmann::json steps = nlohmann::json::array();
        for (const Step& s : c.steps) steps.push_back({static_cast<int>(s.kind), s.process, s.from, s.type, s.value});
        out.push_back({{"faults", to_string(c.config.faults)}, {"n", c.config.n}, {"f", c.config.f},
                       {"values", c.config.values}, {"byzantine", c.byzantine}, {"steps", std::move(steps)}});
    }
    return out;
}

void CounterexamplePool::from_json(const nlohmann::json& doc, const std::string& file) {
    std::vector<Counterexample> kept;
    try {
        for (const nlohmann::json& j : doc) {
            Counterexample c;
            c.config.faults = parse_fault_model(j.at("faults").get<std::string>());
            c.config.n = j.at("n").get<int>();
            c.config.f = j.at("f").get<int>();
            c.config.values = j.at("values").get<int>();
            c.config.validate();
            c.byzantine = j.at("byzantine").get<std::uint32_t>();
            for (const nlohmann::json& s : j.at("steps")) {
                const int kind = s.at(0).get<int>();
                if (kind < 0 || kind > static_cast<int>(Step::Kind::Byzantine))
                    throw Error(fmt::format("step kind {} out of range", kind));
                c.steps.push_back(Step{static_cast<Step::Kind>(kind), s.at(1).get<std::uint8_t>(),
                                       s.at(2).get<std::uint8_t>(), s.at(3).get<std::uint8_t>(),
                                       s.at(4).get<std::uint8_t>()});
            }
            kept.push_back(std::move(c));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: not a learner checkpoint (counterexamples: {})", file, e.what()));
    } catch (const Error& e) {
        throw Error(fmt::format("{}: not a learner checkpoint (counterexamples: {})", file, e.what()));
    }
    std::unique_lock lock(mutex_);
    kept_.clear();
    hashes_.clear();
    for (Counterexample& c : kept) {
        if (hashes_.insert(hash_of(c)).second) kept_.push_back(std::move(c));
    }
}

}  // namespace rbsynth
