#include "enumerate/sampling.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <vector>


namespace rbsynth {

using json = nlohmann::json;

std::uint64_t uniform_below(std::mt19937_64& rng, std::uint64_t n) {
    assert(n > 0);
    // Reject the top partial block of 2^64 so that every residue is equally likely.
    const std::uint64_t limit = ~std::uint64_t{0} - (~std::uint64_t{0} % n + 1) % n;
    for (;;) {
        const std::uint64_t x = rng();
        if (x <= limit) return x % n;
    }
}

namespace {

// Counts a class drawn for the first time (in draw order).
void tally(SampleResult& out, const ClassResult& r) {
    ++out.validated;
    if (r.verdict == Verdict::Holds) ++out.holds;
    if (r.verdict == Verdict::Incomplete) ++out.incomplete;
    if (r.verdict == Verdict::Violated) {
        ++out.violated;
        out.quick_rejected += r.checks == 0 && !r.input_error;
    }
}

}  // namespace

SampleResult sample(Enumeration& e, const SampleOptions& o, const std::atomic<bool>* stop) {
    assert(o.draws > 0 && o.threads >= 1 && !e.own_options().bounded() && e.classes() > 0);
    const auto start = std::chrono::steady_clock::now();
    std::mt19937_64 rng(o.seed);
    std::vector<QuickRejecter> scratch;
    for (int t = 0; t < o.threads; ++t) scratch.push_back(e.scratch());
    std::vector<std::uint8_t> counted(e.classes(), 0);  // drawn before, in draw order
    // Small batches: the draws past the stopping one are wasted work.
    const std::uint64_t batch = 32 * static_cast<std::uint64_t>(o.threads);
    SampleResult out;
    std::vector<std::uint32_t> draws, todo;
    while (out.draws < o.draws && !out.reached_target && !out.interrupted) {
        draws.clear();
        todo.clear();
        for (std::uint64_t k = 0; k < batch && out.draws + k < o.draws; ++k) {
            draws.push_back(static_cast<std::uint32_t>(uniform_below(rng, e.classes())));
            if (!e.is_done(draws.back()) && std::find(todo.begin(), todo.end(), draws.back()) == todo.end())
                todo.push_back(draws.back());
        }
        evaluate_classes(e, todo, scratch, stop, [&](std::size_t k, const ClassResult& r) { e.record(todo[k], r); });
        const double now = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        for (std::uint32_t i : draws) {
            if (!e.is_done(i)) {  // stopped before its turn
                out.interrupted = true;
                break;
            }
            ++out.draws;
            if (counted[i]) continue;  // a cache hit
            counted[i] = 1;
            const ClassResult r = e.result(i);
            tally(out, r);
            if (r.verdict != Verdict::Holds) continue;
            const SampleHit hit{out.draws, i, r, now};
            if (!out.first_correct) out.first_correct = hit;
            if (r.cost_known && (!out.first_least || r.cost < out.first_least->result.cost)) out.first_least = hit;
            if (r.cost_known && o.target_cost && r.cost <= *o.target_cost) {
                out.reached_target = true;
                break;
            }
        }
        out.interrupted |= stop && stop->load();
    }
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
}

namespace {

json hit_json(const Enumeration& e, const std::optional<SampleHit>& h) {
    if (!h) return nullptr;
    return {{"draw", h->draw},
            {"class", h->class_index},
            {"algorithm", to_string(e.language().algorithm(h->class_index))},
            {"messages", h->result.messages},
            {"steps", h->result.steps},
            {"threshold", h->result.threshold},
            {"cost", h->result.cost_known ? json(h->result.cost) : json(nullptr)},
            {"seconds", h->seconds}};
}

}  // namespace

json sample_report(const Enumeration& e, const SampleOptions& o, const SampleResult& r, double language_seconds) {
    const LanguageStats& l = e.language().stats();
    json doc;
    doc["settings"] = e.settings();
    doc["language"] = {{"partials", l.partials}, {"candidates", l.candidates}, {"classes", e.classes()}};
    doc["sampling"] = "uniform over classes, with replacement";
    doc["seed"] = o.seed;
    doc["draw_budget"] = o.draws;
    doc["target_cost"] = o.target_cost ? json(*o.target_cost) : json(nullptr);
    doc["draws"] = r.draws;
    doc["validated"] = r.validated;
    doc["cache_hits"] = r.draws - r.validated;
    doc["holds"] = r.holds;
    doc["violated"] = r.violated;
    doc["incomplete"] = r.incomplete;
    doc["quick_rejected"] = r.quick_rejected;
    doc["first_correct"] = hit_json(e, r.first_correct);
    doc["first_least_cost"] = hit_json(e, r.first_least);
    doc["least_cost"] = r.first_least ? json(r.first_least->result.cost) : json(nullptr);
    doc["reached_target"] = r.reached_target;
    doc["interrupted"] = r.interrupted;
    doc["seconds"] = r.seconds;
    doc["language_seconds"] = language_seconds;
    return doc;
}

}  // namespace rbsynth
