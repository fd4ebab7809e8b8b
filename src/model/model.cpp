#include "model/model.hpp"

#include <cassert>

#include <fmt/core.h>

namespace rbsynth {

std::string to_string(Property p) {
    switch (p) {
    case Property::None: return "none";
    case Property::Integrity: return "integrity";
    case Property::Agreement: return "agreement";
    case Property::Validity: return "validity";
    }
    return "?";
}

std::string to_string(Step::Kind kind) {
    switch (kind) {
    case Step::Kind::Broadcast: return "broadcast";
    case Step::Kind::Receive: return "receive";
    case Step::Kind::Crash: return "crash";
    case Step::Kind::Byzantine: return "byzantine";
    }
    return "?";
}

namespace {

std::vector<CompiledRule> compile(const Algorithm& alg, const std::vector<Rule>& rules,
                                  const Config& config) {
    std::vector<CompiledRule> out;
    for (const Rule& r : rules) {
        CompiledRule c;
        c.send = r.kind == Rule::Kind::Send;
        c.to_all = r.target == Target::All;
        c.type = static_cast<std::uint8_t>(r.type);
        if (r.guard) {
            c.guard_type = static_cast<std::uint8_t>(r.guard->type);
            auto k = evaluate(*r.guard->threshold, config.n, config.f);
            std::string expr = to_string(*r.guard->threshold);
            if (!k)
                throw Error(r.loc, fmt::format("threshold '{}' is undefined for N = {}, F = {} "
                                               "(division by zero or overflow) in '{}'",
                                               expr, config.n, config.f, to_string(alg, r)));
            if (*k <= 0)
                throw Error(r.loc, fmt::format("threshold '{}' is {} for N = {}, F = {}; a guard "
                                               "needs k >= 1 (write the rule without a guard) in '{}'",
                                               expr, *k, config.n, config.f, to_string(alg, r)));
            c.k = *k;
        }
        out.push_back(c);
    }
    return out;
}

}  // namespace

Model::Model(Algorithm alg, Config config)
    : alg_(std::move(alg)), config_(config), layout_(config, static_cast<int>(alg_.types.size())) {
    config_.validate();
    on_broadcast_ = compile(alg_, alg_.on_broadcast, config_);
    on_receive_ = compile(alg_, alg_.on_receive, config_);
    all_procs_ = (1u << config_.n) - 1;
    std::uint64_t to_others = 0;
    for (const CompiledRule& r : on_receive_)
        if (r.send) (r.to_all ? receive_to_all_types_ : to_others) |= std::uint64_t{1} << r.type;
    receive_send_types_ = receive_to_all_types_ | to_others;
    mixed_target_types_ = receive_to_all_types_ & to_others;
    for (const CompiledRule& r : on_broadcast_)
        if (r.send && r.to_all) broadcast_to_all_types_ |= std::uint64_t{1} << r.type;
    const int types = static_cast<int>(alg_.types.size());
    for (int p = 0; p < config_.n; ++p)
        for (int t = 0; t < types; ++t)
            for (int v = 0; v < config_.values; ++v)
                from_others_[p] |= layout_.recv_mask(t, v) & ~(t == 0 && p != 0 ? 0 : layout_.recv_bit(t, p, v));
}

std::vector<State> Model::initial_states() const {
    if (config_.faults != FaultModel::Byzantine) return {State{}};
    // One initial state per choice of exactly F Byzantine processes, in
    // increasing order of the bit mask.
    std::vector<State> out;
    for (std::uint32_t mask = 0; mask <= all_procs_; ++mask) {
        if (std::popcount(mask) != config_.f) continue;
        State s;
        s.global = std::uint64_t{mask} << kByzShift;
        out.push_back(s);
    }
    return out;
}

bool Model::apply(const State& s, const Step& step, State& out, StepEffects* fx) const {
    const int p = step.process, q = step.from, t = step.type, v = step.value;
    const int n = config_.n, types = static_cast<int>(alg_.types.size());
    if (p >= n || (step.kind != Step::Kind::Crash && step.kind != Step::Kind::Broadcast &&
                   (q >= n || q == p || t >= types || v >= config_.values || (t == 0 && q != 0))))
        return false;
    if (!is_correct(s, p)) return false;
    out = s;
    switch (step.kind) {
    case Step::Kind::Broadcast:
        if (p != 0 || (s.global & kBroadcastBit)) return false;
        out.global |= kBroadcastBit;
        execute(out.local[0], 0, true, 0, fx);
        return true;
    case Step::Kind::Receive:
        if (is_byzantine(s, q) || layout_.sent(s.local[q], t) != v + 1 ||
            (s.local[p] & layout_.recv_bit(t, q, v)))
            return false;
        break;
    case Step::Kind::Byzantine:
        if (!is_byzantine(s, q) || (s.local[p] & layout_.recv_bit(t, q, v))) return false;
        break;
    case Step::Kind::Crash:
        if (config_.faults != FaultModel::Crash ||
            std::popcount(static_cast<std::uint32_t>((s.global >> kCrashShift) & all_procs_)) >= config_.f)
            return false;
        out.global |= std::uint64_t{1} << (kCrashShift + p);
        return true;
    }
    out.local[p] |= layout_.recv_bit(t, q, v);
    execute(out.local[p], p, false, v, fx);
    return true;
}

bool Model::spent(const State& s, int p) const {
    const std::uint64_t w = s.local[p];
    for (const CompiledRule& r : on_receive_)
        if (r.send ? layout_.sent(w, r.type) == 0 : layout_.delivered(w) == 0) return false;
    return true;
}

int Model::depth(const State& s) const {
    int d = (s.global & kBroadcastBit) != 0;
    for (int p = 0; p < config_.n; ++p) d += std::popcount(s.local[p] & from_others_[p]) + is_crashed(s, p);
    return d;
}

bool Model::fair_terminal(const State& s) const {
    if (!(s.global & kBroadcastBit) && is_correct(s, 0)) return false;
    return !any_pending(s, [](int, int, int, int) { return true; });
}

Property Model::violation(const State& s, bool* terminal) const {
    const int n = config_.n;
    const bool ft = fair_terminal(s);
    if (terminal) *terminal = ft;
    if (!is_byzantine(s, 0)) {
        const bool broadcast = s.global & kBroadcastBit;
        for (int p = 0; p < n; ++p) {
            const int d = layout_.delivered(s.local[p]);
            if (is_correct(s, p) && d != 0 && (d != 1 || !broadcast)) return Property::Integrity;
        }
    }
    if (!ft) return Property::None;
    int first = -1;
    for (int p = 0; p < n; ++p) {
        if (!is_correct(s, p)) continue;
        const int d = layout_.delivered(s.local[p]);
        if (first < 0) first = d;
        else if (d != first) return Property::Agreement;
    }
    if (is_correct(s, 0) && layout_.delivered(s.local[0]) != 1) return Property::Validity;
    return Property::None;
}

std::string Model::describe(const Step& step) const {
    auto msg = [&] { return fmt::format("{}({})", alg_.types.at(step.type), step.value); };
    switch (step.kind) {
    case Step::Kind::Broadcast: return "p0 broadcasts 0";
    case Step::Kind::Receive: return fmt::format("p{} receives {} from p{}", step.process, msg(), step.from);
    case Step::Kind::Crash: return fmt::format("p{} crashes", step.process);
    case Step::Kind::Byzantine:
        return fmt::format("Byzantine p{} sends {} to p{}", step.from, msg(), step.process);
    }
    return "?";
}

}  // namespace rbsynth
