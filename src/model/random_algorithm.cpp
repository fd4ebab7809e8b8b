#include "model/random_algorithm.hpp"

#include <fmt/core.h>

namespace rbsynth {

std::vector<ExprPtr> RandomAlgorithmOptions::default_thresholds() {
    using K = Expr::Kind;
    auto n = Expr::var_n(), f = Expr::var_f();
    auto one = Expr::num(1), two = Expr::num(2);
    return {
        one,
        Expr::binary(K::Add, f, one),
        Expr::binary(K::Add, Expr::binary(K::Mul, two, f), one),
        Expr::binary(K::Sub, n, f),
        Expr::binary(K::Sub, n, Expr::binary(K::Mul, two, f)),
        Expr::binary(K::Ceil, Expr::binary(K::Add, Expr::binary(K::Add, n, f), one), two),
    };
}

namespace {

class Draw {
public:
    explicit Draw(std::uint64_t seed) : rng_(seed) {}
    int below(int n) { return static_cast<int>(rng_() % static_cast<std::uint64_t>(n)); }
    bool chance(int percent) { return below(100) < percent; }

private:
    std::mt19937_64 rng_;
};

Rule guarded(Draw& d, const RandomAlgorithmOptions& o, Rule r, int types) {
    Guard g;
    g.type = d.below(types);
    g.threshold = o.thresholds[static_cast<std::size_t>(d.below(static_cast<int>(o.thresholds.size())))];
    r.guard = g;
    return r;
}

Rule send_rule(Draw& d, const RandomAlgorithmOptions& o, int types) {
    Rule r;
    r.kind = Rule::Kind::Send;
    r.type = 1 + d.below(types - 1);
    r.target = d.chance(50) ? Target::All : Target::Others;
    return d.chance(90) ? guarded(d, o, r, types) : r;
}

Rule deliver_rule(Draw& d, const RandomAlgorithmOptions& o, int types) {
    Rule r;
    r.kind = Rule::Kind::Deliver;
    return guarded(d, o, r, types);
}

}  // namespace

Algorithm random_algorithm(std::uint64_t seed, const RandomAlgorithmOptions& o) {
    Draw d(seed);
    Algorithm alg;
    alg.name = fmt::format("random-{}", seed);
    const int types = o.min_types + d.below(o.max_types - o.min_types + 1);
    for (int t = 0; t < types; ++t) alg.types.push_back(fmt::format("T{}", t));
    Rule init;
    init.kind = Rule::Kind::Send;
    init.type = 0;
    init.target = d.chance(70) ? Target::All : Target::Others;
    alg.on_broadcast.push_back(init);
    const int rules = 1 + d.below(o.max_receive_rules);
    const int deliver_at = d.below(rules);
    for (int i = 0; i < rules; ++i)
        alg.on_receive.push_back(i == deliver_at ? deliver_rule(d, o, types) : send_rule(d, o, types));
    return alg;
}

Algorithm mutate_algorithm(const Algorithm& base, std::uint64_t seed, const RandomAlgorithmOptions& o) {
    Draw d(seed);
    Algorithm alg = base;
    alg.name = fmt::format("{}-mutant-{}", base.name, seed);
    if (alg.on_receive.empty()) return alg;
    const int types = static_cast<int>(alg.types.size());
    const int changes = 1 + d.below(2);
    for (int c = 0; c < changes; ++c) {
        Rule& r = alg.on_receive[static_cast<std::size_t>(d.below(static_cast<int>(alg.on_receive.size())))];
        switch (d.below(3)) {
        case 0:
            if (r.guard)
                r.guard->threshold =
                    o.thresholds[static_cast<std::size_t>(d.below(static_cast<int>(o.thresholds.size())))];
            else
                r = guarded(d, o, r, types);
            break;
        case 1:
            if (r.guard) r.guard->type = d.below(types);
            break;
        default:
            if (r.kind == Rule::Kind::Send) r.target = r.target == Target::All ? Target::Others : Target::All;
            break;
        }
    }
    return alg;
}

}  // namespace rbsynth
