#include "model/metrics.hpp"

#include <algorithm>
#include <cassert>

namespace rbsynth {

namespace {

struct Message {
    int from, to, type, seq;
};

// Turns the sends a step made into one message per other process.
void post(const Model& model, const StepEffects& fx, std::vector<Message>& out, int& seq) {
    for (auto [p, t] : fx.sends)
        for (int q = 0; q < model.config().n; ++q)
            if (q != p) out.push_back({p, q, t, seq++});
}

}  // namespace

Metrics measure(const Model& model) {
    const int n = model.config().n;
    Metrics m;
    m.delivered_round.assign(n, std::nullopt);
    State s;  // every process correct, nobody has broadcast
    std::vector<Message> next;
    int seq = 0;
    auto record = [&](const StepEffects& fx, int round) {
        if (fx.delivered_by >= 0) {
            m.delivered_round[fx.delivered_by] = round;
            m.threshold = std::max(m.threshold.value_or(fx.deliver_k), fx.deliver_k);
        }
    };
    StepEffects fx;
    State out;
    bool ok = model.apply(s, Step{Step::Kind::Broadcast, 0, 0, 0, 0}, out, &fx);
    assert(ok);
    (void)ok;
    s = out;
    record(fx, 0);
    post(model, fx, next, seq);
    for (int round = 1; !next.empty(); ++round) {
        std::vector<Message> now;
        now.swap(next);
        std::sort(now.begin(), now.end(), [](const Message& a, const Message& b) {
            return std::tie(a.from, a.to, a.seq) < std::tie(b.from, b.to, b.seq);
        });
        m.messages += static_cast<std::int64_t>(now.size());
        for (const Message& msg : now) {
            fx = StepEffects{};
            Step step{Step::Kind::Receive, std::uint8_t(msg.to), std::uint8_t(msg.from),
                      std::uint8_t(msg.type), 0};
            ok = model.apply(s, step, out, &fx);
            assert(ok);
            s = out;
            record(fx, round);
            post(model, fx, next, seq);
        }
    }
    bool all = std::all_of(m.delivered_round.begin(), m.delivered_round.end(),
                           [](const auto& r) { return r.has_value(); });
    if (all)
        m.steps = *std::max_element(m.delivered_round.begin(), m.delivered_round.end());
    return m;
}

}  // namespace rbsynth
