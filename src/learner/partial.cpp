#include "learner/partial.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

#include <fmt/core.h>
#include <xxhash.h>

namespace rbsynth {

namespace {

// A handler's rules run in order on one event, but only rules that send the
// same type compete (the first whose guard holds fires, and its target
// decides the own copy). So sorting by (kind, type) with a stable sort keeps
// the meaning, and deliver rules, which all deliver the event's value, may
// be sorted completely.
auto rule_key(const Rule& r) {
    const bool deliver = r.kind == Rule::Kind::Deliver;
    return std::make_tuple(deliver ? 1 : 0, deliver ? 0 : r.type, deliver && r.guard ? r.guard->type : -1,
                           deliver && r.guard ? to_string(*r.guard->threshold) : std::string());
}

void sort_rules(std::vector<Rule>& rules) {
    std::stable_sort(rules.begin(), rules.end(), [](const Rule& a, const Rule& b) { return rule_key(a) < rule_key(b); });
}

}  // namespace

void PartialAlgorithm::add(const Vocabulary& vocab, int action, int max_rules) {
    const Action& a = vocab[action];
    if (a.kind == Action::Kind::Broadcast) {
        broadcast = action;
        if (max_rules == 0) stopped = true;
        return;
    }
    if (a.kind == Action::Kind::Stop) {
        stopped = true;
        return;
    }
    receive.push_back(action);
    // Same stable order as sort_rules, on action indices: the vocabulary lists
    // sends by type before delivers, and delivers in (guard, threshold) order.
    std::stable_sort(receive.begin(), receive.end(), [&](int x, int y) {
        const Action &ax = vocab[x], &ay = vocab[y];
        const bool dx = ax.kind == Action::Kind::Deliver, dy = ay.kind == Action::Kind::Deliver;
        if (dx != dy) return dy;
        return dx ? x < y : ax.type < ay.type;
    });
    if (static_cast<int>(receive.size()) >= max_rules) stopped = true;
}

bool PartialAlgorithm::has_deliver(const Vocabulary& vocab) const {
    return std::any_of(receive.begin(), receive.end(), [&](int i) { return vocab[i].kind == Action::Kind::Deliver; });
}

bool PartialAlgorithm::sends_type(const Vocabulary& vocab, int type) const {
    if (type == 0) return broadcast >= 0;
    return std::any_of(receive.begin(), receive.end(),
                       [&](int i) { return vocab[i].kind == Action::Kind::Send && vocab[i].type == type; });
}

std::uint64_t PartialAlgorithm::key() const {
    std::vector<std::int32_t> words{broadcast, stopped ? 1 : 0};
    words.insert(words.end(), receive.begin(), receive.end());
    return XXH3_64bits(words.data(), words.size() * sizeof(std::int32_t));
}

Algorithm PartialAlgorithm::algorithm(const Vocabulary& vocab) const {
    Algorithm alg;
    alg.name = "learned";
    for (int t = 0; t < vocab.types(); ++t) alg.types.push_back(fmt::format("T{}", t));
    if (broadcast >= 0) alg.on_broadcast.push_back(vocab.rule(vocab[broadcast]));
    for (int i : receive) alg.on_receive.push_back(vocab.rule(vocab[i]));
    return alg;
}

Algorithm canonical_candidate(const Algorithm& alg) {
    std::vector<bool> used(alg.types.size(), false);
    used[0] = true;
    for (const auto* rules : {&alg.on_broadcast, &alg.on_receive})
        for (const Rule& r : *rules) {
            if (r.kind == Rule::Kind::Send) used[static_cast<std::size_t>(r.type)] = true;
            if (r.guard) used[static_cast<std::size_t>(r.guard->type)] = true;
        }
    std::vector<int> rest;
    for (std::size_t t = 1; t < used.size(); ++t)
        if (used[t]) rest.push_back(static_cast<int>(t));
    Algorithm best;
    std::string best_text;
    do {  // at most 2 non-initial types in the learner's vocabulary: 2 orders
        std::vector<int> to(alg.types.size(), -1);
        to[0] = 0;
        for (std::size_t i = 0; i < rest.size(); ++i) to[static_cast<std::size_t>(rest[i])] = static_cast<int>(i + 1);
        Algorithm c = alg;
        c.name = "learned";  // the name is no part of the candidate: the cache ignores it
        c.types.resize(rest.size() + 1);
        for (std::size_t t = 0; t < c.types.size(); ++t) c.types[t] = fmt::format("T{}", t);
        for (auto* rules : {&c.on_broadcast, &c.on_receive}) {
            for (Rule& r : *rules) {
                if (r.kind == Rule::Kind::Send) r.type = to[static_cast<std::size_t>(r.type)];
                if (r.guard) r.guard->type = to[static_cast<std::size_t>(r.guard->type)];
            }
            sort_rules(*rules);
        }
        std::string text = to_string(c);
        if (best_text.empty() || text < best_text) best = std::move(c), best_text = std::move(text);
    } while (std::next_permutation(rest.begin(), rest.end()));
    return best;
}

}  // namespace rbsynth
