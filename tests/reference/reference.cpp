// Reference enumerator: a literal transcription of docs/semantics.md. The state
// holds exactly what "The state, and how states are counted" lists, with
// the pending set kept explicitly, so that equal states are equal structs.
#include "reference/reference.hpp"

#include <cassert>
#include <compare>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>
#include <vector>

#include "model/expr.hpp"

namespace rbsynth::ref {
namespace {

using Receipt = std::tuple<int, int, int>;       // (q, t, v): received <t, v> from q
using Message = std::tuple<int, int, int, int>;  // (q, p, t, v): <t, v> from q to p

struct Process {
    std::set<Receipt> receipts;
    std::map<int, int> sent;  // type -> the value sent with it
    std::optional<int> delivered;
    auto operator<=>(const Process&) const = default;
};

struct State {
    std::set<int> byzantine;
    std::set<int> crashed;
    bool broadcast = false;
    std::vector<Process> procs;
    std::set<Message> pending;
    auto operator<=>(const State&) const = default;
};

// One configuration, with each rule's threshold evaluated once (0: no guard).
struct Model {
    const Algorithm& alg;
    FaultModel faults;
    int n, f, values;
    std::vector<std::int64_t> k_broadcast, k_receive;
};

std::vector<std::int64_t> thresholds(const std::vector<Rule>& rules, int n, int f) {
    std::vector<std::int64_t> ks;
    for (const Rule& r : rules) {
        std::int64_t k = 0;
        if (r.guard) {
            auto value = evaluate(*r.guard->threshold, n, f);
            assert(value && *value >= 1);  // the caller guarantees this
            k = *value;
        }
        ks.push_back(k);
    }
    return ks;
}

bool correct(const State& s, int p) { return !s.byzantine.count(p) && !s.crashed.count(p); }

// Number of distinct q from which p has received <t, v>.
std::int64_t count(const Process& proc, int t, int v) {
    std::int64_t c = 0;
    for (const auto& [q, rt, rv] : proc.receipts) c += (rt == t && rv == v);
    return c;
}

// Runs one handler at p for value v, rules in order. Own copies of `to all`
// are appended to `own` (received later in the same step); messages to
// processes that are not correct are dropped at once.
void run_handler(const Model& m, State& s, int p, const std::vector<Rule>& rules,
                 const std::vector<std::int64_t>& ks, int v, std::deque<std::pair<int, int>>& own) {
    for (std::size_t i = 0; i < rules.size(); ++i) {
        const Rule& rule = rules[i];
        Process& proc = s.procs[p];
        if (rule.guard && count(proc, rule.guard->type, v) < ks[i]) continue;
        if (rule.kind == Rule::Kind::Deliver) {
            if (!proc.delivered) proc.delivered = v;  // at most once in total
            continue;
        }
        if (proc.sent.count(rule.type)) continue;  // type t at most once, whatever the value
        proc.sent[rule.type] = v;
        for (int r = 0; r < m.n; ++r) {
            if (r == p) {
                if (rule.target == Target::All) own.emplace_back(rule.type, v);
            } else if (correct(s, r)) {
                s.pending.emplace(p, r, rule.type, v);
            }
        }
    }
}

// Receives the own copies the step produced, FIFO; copies made while
// receiving copies join the same queue.
void drain_own(const Model& m, State& s, int p, std::deque<std::pair<int, int>>& own) {
    while (!own.empty()) {
        auto [t, v] = own.front();
        own.pop_front();
        s.procs[p].receipts.emplace(p, t, v);
        run_handler(m, s, p, m.alg.on_receive, m.k_receive, v, own);
    }
}

// The step "p receives <t, v> from q" (the message, if pending, is already removed).
void receive(const Model& m, State& s, int p, int q, int t, int v) {
    if (t == 0 && q != 0) return;  // type 0 is accepted only from p0
    s.procs[p].receipts.emplace(q, t, v);
    std::deque<std::pair<int, int>> own;
    run_handler(m, s, p, m.alg.on_receive, m.k_receive, v, own);
    drain_own(m, s, p, own);
}

void broadcast(const Model& m, State& s) {
    s.broadcast = true;  // not a receipt: only the flag
    std::deque<std::pair<int, int>> own;
    run_handler(m, s, 0, m.alg.on_broadcast, m.k_broadcast, 0, own);
    drain_own(m, s, 0, own);
}

// Every enabled step of s, one successor per step (duplicates kept).
std::vector<State> successors(const Model& m, const State& s) {
    std::vector<State> out;
    if (!s.broadcast && correct(s, 0)) {
        broadcast(m, out.emplace_back(s));
    }
    for (const Message& msg : s.pending) {
        auto [q, p, t, v] = msg;
        State& next = out.emplace_back(s);
        next.pending.erase(msg);
        receive(m, next, p, q, t, v);
    }
    if (m.faults == FaultModel::Crash && static_cast<int>(s.crashed.size()) < m.f) {
        for (int p = 0; p < m.n; ++p) {
            if (s.crashed.count(p)) continue;
            State& next = out.emplace_back(s);
            next.crashed.insert(p);
            std::erase_if(next.pending, [p](const Message& x) { return std::get<1>(x) == p; });
        }
    }
    const int types = static_cast<int>(m.alg.types.size());
    for (int b : s.byzantine) {
        for (int p = 0; p < m.n; ++p) {
            if (!correct(s, p)) continue;
            for (int t = (b == 0 ? 0 : 1); t < types; ++t) {
                for (int v = 0; v < m.values; ++v) {
                    if (s.procs[p].receipts.count({b, t, v})) continue;
                    receive(m, out.emplace_back(s), p, b, t, v);
                }
            }
        }
    }
    return out;
}

// Integrity: if the sender is not Byzantine, a correct process delivers only
// value 0, and only in a state where p0 has broadcast. ("At most once" holds
// by construction: delivered is a single optional.)
bool integrity_violated(const State& s) {
    if (s.byzantine.count(0)) return false;
    for (int p = 0; p < static_cast<int>(s.procs.size()); ++p) {
        const auto& d = s.procs[p].delivered;
        if (correct(s, p) && d && (*d != 0 || !s.broadcast)) return true;
    }
    return false;
}

bool fair_terminal(const State& s) {
    if (!s.broadcast && correct(s, 0)) return false;
    for (const auto& [q, p, t, v] : s.pending) {
        if (correct(s, q) && correct(s, p)) return false;
    }
    return true;
}

bool agreement_violated(const State& s) {
    std::optional<std::optional<int>> first;  // the first correct process's delivery
    for (int p = 0; p < static_cast<int>(s.procs.size()); ++p) {
        if (!correct(s, p)) continue;
        if (!first) first = s.procs[p].delivered;
        else if (*first != s.procs[p].delivered) return true;
    }
    return false;
}

bool validity_violated(const State& s) {
    return correct(s, 0) && s.procs[0].delivered != std::optional<int>(0);
}

// One initial state per choice of exactly f Byzantine processes (subsets as bitmasks).
std::vector<State> initial_states(const Model& m) {
    std::vector<State> out;
    for (unsigned mask = 0; mask < (1u << m.n); ++mask) {
        const int size = __builtin_popcount(mask);
        if (m.faults == FaultModel::Byzantine ? size != m.f : mask != 0) continue;
        State& s = out.emplace_back();
        s.procs.resize(m.n);
        for (int b = 0; b < m.n; ++b) {
            if (mask & (1u << b)) s.byzantine.insert(b);
        }
    }
    return out;
}

void check(const State& s, RefResult& r) {
    r.integrity_violated |= integrity_violated(s);
    if (fair_terminal(s)) {
        r.agreement_violated |= agreement_violated(s);
        r.validity_violated |= validity_violated(s);
    }
}

}  // namespace

RefResult enumerate(const Algorithm& alg, FaultModel faults, int n, int f, int values,
                    std::uint64_t max_states) {
    const Model m{alg, faults, n, f, values, thresholds(alg.on_broadcast, n, f),
                  thresholds(alg.on_receive, n, f)};
    RefResult result;
    std::set<State> visited;
    std::deque<const State*> frontier;  // set nodes never move, so pointers stay valid
    auto visit = [&](State&& s) {
        auto [it, fresh] = visited.insert(std::move(s));
        if (fresh) frontier.push_back(&*it);
    };
    for (State& s : initial_states(m)) visit(std::move(s));
    while (!frontier.empty()) {
        if (visited.size() > max_states) {
            result.complete = false;
            break;
        }
        const State& s = *frontier.front();
        frontier.pop_front();
        check(s, result);
        std::vector<State> next = successors(m, s);
        result.transitions += next.size();
        for (State& t : next) visit(std::move(t));
    }
    result.states = visited.size();
    return result;
}

}  // namespace rbsynth::ref
