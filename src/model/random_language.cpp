#include "model/random_language.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <fmt/core.h>

namespace rbsynth {
namespace {

// Draws without std:: distributions, whose output the standard leaves to
// the library: the same seed gives the same candidate everywhere.
int below(std::mt19937_64& rng, int n) { return static_cast<int>(rng() % static_cast<std::uint64_t>(n)); }
bool chance(std::mt19937_64& rng, int percent) { return below(rng, 100) < percent; }

// The thresholds of the literature and their neighbours, written in the
// language and parsed once: the parser's own trees, so that the printed
// candidate parses back to the same algorithm.
const std::vector<ExprPtr>& named_thresholds() {
    static const std::vector<ExprPtr> pool = [] {
        const char* texts[] = {"1",         "2",          "3",           "F",           "F+1",
                               "2F",        "2F+1",       "3F+1",        "N-F",         "N-F-1",
                               "N-2F",      "N-1",        "N",           "N+1",         "N-F+1",
                               "ceil((N+F+1)/2)", "floor((N+F)/2)+1", "ceil(N/2)", "floor(N/2)",
                               "floor((N-1)/3)+1", "ceil((N-F)/2)", "floor((N+1)/2)+F"};
        std::vector<ExprPtr> out;
        for (const char* t : texts) {
            const Algorithm a = parse_algorithm(
                fmt::format("algorithm pool\ntypes A\non broadcast:\n  deliver if received A from {}\non receive:\n", t),
                "thresholds");
            out.push_back(a.on_broadcast.at(0).guard->threshold);
        }
        return out;
    }();
    return pool;
}

// aN + bF + c, or its ceil/floor over d.
ExprPtr random_affine(std::mt19937_64& rng) {
    using K = Expr::Kind;
    ExprPtr e;
    auto add = [&](ExprPtr term) { e = e ? Expr::binary(K::Add, e, term) : term; };
    const int a = below(rng, 3), b = below(rng, 4), c = below(rng, 4) - 1;
    if (a) add(a == 1 ? Expr::var_n() : Expr::binary(K::Mul, Expr::num(a), Expr::var_n()));
    if (b) add(b == 1 ? Expr::var_f() : Expr::binary(K::Mul, Expr::num(b), Expr::var_f()));
    if (c > 0 || !e) add(Expr::num(c > 0 ? c : 1));
    else if (c < 0) e = Expr::binary(K::Sub, e, Expr::num(-c));
    if (chance(rng, 30)) return e;
    return Expr::binary(chance(rng, 50) ? K::Ceil : K::Floor, e, Expr::num(2 + below(rng, 2)));
}

bool valid_everywhere(const Expr& e, const std::vector<std::pair<int, int>>& sizes) {
    for (const auto& [n, f] : sizes) {
        const auto k = evaluate(e, n, f);
        if (!k || *k < 1 || *k > n + 1) return false;
    }
    return true;
}

Guard random_guard(std::mt19937_64& rng, int types, const LanguageOptions& o) {
    Guard g;
    g.type = below(rng, types);
    // Type 0 is accepted from p0 alone: a k above 1 never fires.
    g.threshold = g.type == 0 && chance(rng, 70) ? Expr::num(1) : random_threshold(rng, o.sizes);
    return g;
}

// The quorums of the literature, where they are valid; else any threshold.
ExprPtr quorum(std::mt19937_64& rng, const LanguageOptions& o) {
    if (chance(rng, 25)) return random_threshold(rng, o.sizes);
    const auto& pool = named_thresholds();
    // 1, F+1, 2F+1, N-F, ceil((N+F+1)/2) in named_thresholds()'s order.
    constexpr std::size_t picks[] = {0, 4, 6, 8, 15};
    for (int attempt = 0; attempt < 10; ++attempt) {
        const ExprPtr& e = pool[picks[below(rng, 5)]];
        if (valid_everywhere(*e, o.sizes)) return e;
    }
    return Expr::num(1);
}

// A rule for `handler` (true: on broadcast). Type 0 is sent only from the
// broadcast handler (an input error elsewhere). `prefer` (a type already
// sent, or -1): draw it again, for several rules per type.
Rule random_rule(std::mt19937_64& rng, const LanguageOptions& o, int types, bool broadcast, int prefer) {
    Rule r;
    // With one type, `on receive` has nothing to send (type 0 is the sender's).
    const bool deliver = chance(rng, broadcast ? 12 : 28) || (!broadcast && types < 2);
    r.kind = deliver ? Rule::Kind::Deliver : Rule::Kind::Send;
    if (!deliver) {
        if (prefer >= 0 && (prefer > 0 || broadcast) && chance(rng, 35)) r.type = prefer;
        else if (broadcast) r.type = chance(rng, 50) ? 0 : below(rng, types);
        else r.type = 1 + below(rng, types - 1);
        r.target = chance(rng, 55) ? Target::All : Target::Others;
    }
    // Broadcast rules are mostly unguarded (p0 has received little then);
    // receive rules mostly guarded.
    if (chance(rng, broadcast ? 25 : 85)) r.guard = random_guard(rng, types, o);
    return r;
}

int count_rules(std::mt19937_64& rng, int max, const std::array<int, 4>& weights_0_to_3) {
    // weights for 0, 1, 2 and "3 or more" (uniform in 3..max).
    int total = 0;
    for (int w : weights_0_to_3) total += w;
    int x = below(rng, total);
    for (int i = 0; i < 3; ++i) {
        if (x < weights_0_to_3[static_cast<std::size_t>(i)]) return std::min(i, max);
        x -= weights_0_to_3[static_cast<std::size_t>(i)];
    }
    return max < 3 ? max : 3 + below(rng, max - 2);
}

int last_send_type(const std::vector<Rule>& rules) {
    for (auto it = rules.rbegin(); it != rules.rend(); ++it)
        if (it->kind == Rule::Kind::Send) return it->type;
    return -1;
}

}  // namespace

ExprPtr random_threshold(std::mt19937_64& rng, const std::vector<std::pair<int, int>>& sizes) {
    const auto& pool = named_thresholds();
    for (int attempt = 0; attempt < 40; ++attempt) {
        ExprPtr e = chance(rng, 75) ? pool[static_cast<std::size_t>(below(rng, static_cast<int>(pool.size())))]
                                    : random_affine(rng);
        if (valid_everywhere(*e, sizes)) return e;
    }
    return Expr::num(1);
}

namespace {

Rule guarded_rule(std::mt19937_64& rng, const LanguageOptions& o, Rule::Kind kind, int type, int guard_type) {
    Rule r;
    r.kind = kind;
    r.type = type;
    r.target = chance(rng, 65) ? Target::All : Target::Others;
    r.guard = Guard{guard_type, guard_type == 0 && chance(rng, 90) ? Expr::num(1) : quorum(rng, o)};
    return r;
}

// The shape of the literature's algorithms (eager, Bracha, Imbs-Raynal):
// the initial message, then one type per phase, each sent on a quorum of
// the previous one and maybe amplified on its own, delivery on the last;
// then a few rules of any kind at any place. Most hold or fail deep, where
// a wrong reduction would hide the violation.
void layered(std::mt19937_64& rng, const LanguageOptions& o, Algorithm& alg, int types) {
    Rule init;
    init.type = 0;
    init.target = chance(rng, 80) ? Target::All : Target::Others;
    alg.on_broadcast.push_back(init);
    for (int t = 1; t < types; ++t) {
        alg.on_receive.push_back(guarded_rule(rng, o, Rule::Kind::Send, t, t - 1));
        if (chance(rng, 50)) alg.on_receive.push_back(guarded_rule(rng, o, Rule::Kind::Send, t, t));
    }
    alg.on_receive.push_back(guarded_rule(rng, o, Rule::Kind::Deliver, 0, types - 1));
    for (int extra = below(rng, 3); extra > 0; --extra) {
        const bool broadcast = chance(rng, 30);
        auto& rules = broadcast ? alg.on_broadcast : alg.on_receive;
        const auto at = rules.begin() + below(rng, static_cast<int>(rules.size()) + 1);
        rules.insert(at, random_rule(rng, o, types, broadcast, last_send_type(rules)));
    }
}

}  // namespace

Algorithm random_language_algorithm(std::mt19937_64& rng, const LanguageOptions& o) {
    Algorithm alg;
    alg.name = "lang";
    const int types = o.min_types + below(rng, o.max_types - o.min_types + 1);
    for (int t = 0; t < types; ++t) alg.types.push_back(fmt::format("T{}", t));
    if (chance(rng, 40)) {
        layered(rng, o, alg, types);
        return alg;
    }
    const int b = count_rules(rng, o.max_broadcast_rules, {4, 40, 36, 20});
    for (int i = 0; i < b; ++i) alg.on_broadcast.push_back(random_rule(rng, o, types, true, last_send_type(alg.on_broadcast)));
    const int r = count_rules(rng, o.max_receive_rules, {2, 8, 25, 65});
    for (int i = 0; i < r; ++i) alg.on_receive.push_back(random_rule(rng, o, types, false, last_send_type(alg.on_receive)));
    // A guard on a type nobody sends waits for the Byzantine processes
    // alone; most such guards are pointed at a sent type, so that enough
    // candidates deliver (and hold) for the mix to test both verdicts.
    std::vector<int> sent;
    for (const auto* h : {&alg.on_broadcast, &alg.on_receive})
        for (const Rule& x : *h)
            if (x.kind == Rule::Kind::Send) sent.push_back(x.type);
    for (auto* h : {&alg.on_broadcast, &alg.on_receive})
        for (Rule& x : *h)
            if (x.guard && !sent.empty() && std::find(sent.begin(), sent.end(), x.guard->type) == sent.end() &&
                chance(rng, 80))
                x.guard->type = sent[static_cast<std::size_t>(below(rng, static_cast<int>(sent.size())))];
    return alg;
}

namespace {

std::vector<Rule>& pick_handler(std::mt19937_64& rng, Algorithm& alg, bool& broadcast) {
    broadcast = alg.on_receive.empty() || (!alg.on_broadcast.empty() && chance(rng, 30));
    return broadcast ? alg.on_broadcast : alg.on_receive;
}

void edit(std::mt19937_64& rng, Algorithm& alg, const LanguageOptions& o) {
    const int types = static_cast<int>(alg.types.size());
    bool broadcast = false;
    std::vector<Rule>& rules = pick_handler(rng, alg, broadcast);
    const int op = below(rng, 9);
    if (op == 5 || rules.empty()) {  // add a rule anywhere
        const auto at = rules.begin() + below(rng, static_cast<int>(rules.size()) + 1);
        rules.insert(at, random_rule(rng, o, types, broadcast, last_send_type(rules)));
        return;
    }
    const std::size_t i = static_cast<std::size_t>(below(rng, static_cast<int>(rules.size())));
    Rule& r = rules[i];
    switch (op) {
    case 0: r.guard ? void(r.guard->threshold = random_threshold(rng, o.sizes)) : void(r.guard = random_guard(rng, types, o)); break;
    case 1: r.guard ? void(r.guard->type = below(rng, types)) : void(r.guard = random_guard(rng, types, o)); break;
    case 2: r.target = r.target == Target::All ? Target::Others : Target::All; break;
    case 3: r.guard ? void(r.guard.reset()) : void(r.guard = random_guard(rng, types, o)); break;
    case 4:
        if (r.kind == Rule::Kind::Send && (broadcast || types > 1))
            r.type = broadcast ? below(rng, types) : 1 + below(rng, types - 1);
        break;
    case 6: rules.erase(rules.begin() + static_cast<long>(i)); break;
    case 7:
        if (i + 1 < rules.size()) std::swap(rules[i], rules[i + 1]);
        break;
    default: {  // the same rule again under another guard
        Rule copy = r;
        copy.guard = random_guard(rng, types, o);
        rules.insert(rules.begin() + static_cast<long>(i) + 1, copy);
        break;
    }
    }
}

}  // namespace

Algorithm mutate_language_algorithm(const Algorithm& base, std::mt19937_64& rng, const LanguageOptions& o) {
    Algorithm alg = base;
    const int edits = chance(rng, 60) ? 1 : chance(rng, 75) ? 2 : 3;
    for (int e = 0; e < edits; ++e) edit(rng, alg, o);
    return alg;
}

}  // namespace rbsynth
