#include "explorer/counterexample.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <chrono>
#include <limits>

#include <fmt/core.h>

#include "explorer/level_expand.hpp"
#include "explorer/memory.hpp"
#include "explorer/search.hpp"
#include "explorer/store.hpp"

namespace rbsynth {

namespace {

constexpr std::uint32_t kRoot = std::numeric_limits<std::uint32_t>::max();

// The steps that lead from `from` to `to` (under symmetry reduction, to its
// canonical form, and `relabelled` receives the relabelling that made it):
// the first step in successor order whose successor, or under
// partial-order reduction the end of its chain, is `to`, then the chain.
std::vector<Step> steps_between(const Model& model, const Reduction& red, const State& from, const State& to,
                                Relabelling* relabelled) {
    std::vector<Step> found;
    auto try_end = [&](std::vector<Step> chain, State end) {
        if (red.por) follow_chain(model, red, end, &chain);
        Relabelling r{};
        if ((relabelled ? canonical(model, end, &r) : end) == to) {
            found = std::move(chain);
            if (relabelled) *relabelled = r;
        }
    };
    model.for_each_successor(from, [&](const Step& step, const State& next) {
        if (!found.empty()) return;
        try_end({step}, next);
        if (!red.por || step.kind != Step::Kind::Byzantine) return;
        // Rule 7's batches: more injections of the same <t, v> at the same
        // process, from the first injectors left.
        std::vector<Step> batch{step};
        State cur = next;
        for (std::uint32_t avail; found.empty() &&
                                  (avail = injectors(model, cur, step.process, step.type, step.value)) != 0;) {
            Step more = step;
            more.from = static_cast<std::uint8_t>(std::countr_zero(avail));
            State after;
            if (!model.apply(cur, more, after)) return;
            batch.push_back(more);
            cur = after;
            try_end(batch, cur);
        }
    });
    return found;
}

// The path of stored states, turned into concrete steps. Under symmetry
// reduction each stored state is a relabelling of the concrete one; `back`
// maps its process ids to the concrete ids and follows every relabelling.
Trace build_trace(const Model& model, const std::vector<std::uint8_t>& queue,
                  const std::vector<std::uint32_t>& parent, std::uint32_t last, Property p, const Reduction& red) {
    const bool symmetry = red.symmetry;
    const Layout& layout = model.layout();
    const std::size_t vb = layout.packed_bytes();
    std::vector<State> path;
    for (std::uint32_t i = last; i != kRoot; i = parent[i]) path.push_back(layout.unpack(&queue[i * vb]));
    Trace trace;
    trace.initial = path.back();
    trace.property = p;
    Relabelling back{};
    for (int i = 0; i < kMaxN; ++i) back[i] = i;
    for (std::size_t i = path.size() - 1; i > 0; --i) {
        Relabelling to{};
        for (const Step& step : steps_between(model, red, path[i], path[i - 1], symmetry ? &to : nullptr))
            trace.steps.push_back(relabel(step, back));
        if (!symmetry) continue;
        Relabelling composed{};
        for (int j = 0; j < model.config().n; ++j) composed[to[j]] = back[j];
        back = composed;
    }
    return trace;
}

// The states expanded so far (every level before `level`, and the first
// `done` of that level) and the rest, stored but not expanded; the counts
// of the expanded ones. The search counts a state fair-terminal when it
// stores it, the parallel search when it expands it: the frontier's are
// taken out. The frontier is listed in the preorder of the pass's tree of
// parent links (children in the order they were found, i.e. successor
// order): the order in which a depth-first search from the initial states
// would first reach them, so that the parallel search, which goes on from
// the first of them, meets the violations that search would meet, with
// traces as short (paper-fig3, V = 2, N = 10: 21 steps, against 51 going
// on from the frontier in breadth-first order).
void fill_seed(const Model& model, const std::vector<std::uint8_t>& queue, const std::vector<std::uint32_t>& parent,
               const std::vector<std::vector<std::uint32_t>>& by_depth, std::size_t level, std::size_t done,
               const SearchStats& st, SearchSeed& seed) {
    const std::size_t vb = model.layout().packed_bytes();
    const std::size_t n = parent.size();
    std::vector<std::uint8_t> expanded(n, 0);
    for (std::size_t l = 0; l <= level && l < by_depth.size(); ++l)
        for (std::size_t i = 0; i < by_depth[l].size() && (l < level || i < done); ++i) expanded[by_depth[l][i]] = 1;
    // Children lists, by a counting sort of the parent links (index order
    // is the order of discovery).
    std::vector<std::uint32_t> first(n + 2, 0), child(n);
    for (std::uint32_t p : parent) ++first[(p == kRoot ? n : p) + 1];
    for (std::size_t i = 1; i < first.size(); ++i) first[i] += first[i - 1];
    std::vector<std::uint32_t> fill(first.begin(), first.end() - 1);
    for (std::uint32_t i = 0; i < n; ++i) child[fill[parent[i] == kRoot ? n : parent[i]]++] = i;
    seed.stats = st;
    std::vector<std::uint32_t> stack;
    for (std::uint32_t c = first[n + 1]; c-- > first[n];) stack.push_back(child[c]);  // the roots
    while (!stack.empty()) {
        const std::uint32_t i = stack.back();
        stack.pop_back();
        const std::uint8_t* vec = &queue[std::size_t{i} * vb];
        std::vector<std::uint8_t>& to = expanded[i] ? seed.expanded : seed.frontier;
        to.insert(to.end(), vec, vec + vb);
        for (std::uint32_t c = first[i + 1]; c-- > first[i];) stack.push_back(child[c]);
        if (expanded[i]) continue;
        bool terminal = false;
        model.violation(model.layout().unpack(vec), &terminal);
        seed.stats.fair_terminal -= terminal;
    }
    assert(seed.expanded.size() + seed.frontier.size() == n * vb);
}

}  // namespace

// Breadth-first over the same (possibly reduced) graph as the parallel
// search. The search finishes the level of the first violation it meets and
// reports, of the violations at that depth, the first in the order
// Integrity, Agreement, Validity. A state's depth is the number of steps
// that built it (each adds one receipt, the broadcast or a crash), so the
// result does not depend on the order of the search. Which property a check
// reports is decided elsewhere (model/priority.hpp); this search then only
// looks for that one.
CounterexampleOutcome shortest_counterexample(const Model& model, const ExplorerOptions& options, Property target,
                                              std::optional<SearchSeed>* seed) {
    const Layout& layout = model.layout();
    const std::size_t vb = layout.packed_bytes();
    const Reduction& red = options.reduce;
    const auto start = std::chrono::steady_clock::now();
    const int threads = effective_threads(options);
    // 16 shards: this search inserts from one thread, and the learner runs
    // thousands of small ones, each paying for the pages its shards touch.
    StateStore store(static_cast<int>(vb), effective_max_memory(options), 4);
    std::vector<std::uint8_t> queue;  // every state stored, in breadth-first order
    std::vector<std::uint32_t> parent;
    std::vector<std::uint16_t> depth;
    // Stored states by depth. Under partial-order reduction a successor may
    // lie several steps deeper (the end of a chain), so the levels are
    // buckets, searched in order of depth.
    std::vector<std::vector<std::uint32_t>> by_depth;
    std::uint8_t buf[kMaxPackedBytes];
    CounterexampleOutcome out;
    std::uint32_t hit = kRoot;
    Property hit_property = Property::None;
    SearchStats& st = out.stats;
    // `stored`: canonical under symmetry reduction (LevelExpander made it so).
    auto add = [&](const State& stored, std::uint32_t from) {
        layout.pack(stored, buf);
        auto r = store.insert(buf);
        if (r == StateStore::Insert::Full) out.limit = Limit::Memory;
        if (r != StateStore::Insert::New) return;
        queue.insert(queue.end(), buf, buf + vb);
        parent.push_back(from);
        depth.push_back(static_cast<std::uint16_t>(model.depth(stored)));
        if (depth.back() >= by_depth.size()) by_depth.resize(depth.back() + 1);
        by_depth[depth.back()].push_back(static_cast<std::uint32_t>(parent.size() - 1));
        bool terminal = false;
        const Property p = model.violation(stored, &terminal);
        st.fair_terminal += terminal;
        if (p != Property::None && (target == Property::None || p == target) &&
            (hit == kRoot || depth.back() < depth[hit] || (depth.back() == depth[hit] && p < hit_property))) {
            hit = static_cast<std::uint32_t>(parent.size() - 1);
            hit_property = p;
        }
    };
    for (const State& s : model.initial_states()) add(red.symmetry ? canonical(model, s) : s, kRoot);
    st.initial_states = parent.size();
    auto finish = [&] {
        st.states = parent.size();
        st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        st.store_bytes = store.bytes();
        st.peak_memory_bytes = peak_resident_bytes();
        st.vector_bits = layout.packed_bits();
        st.vector_bytes = static_cast<int>(vb);
        st.threads = threads;
        return out;
    };
    std::uint64_t expanded = 0;
    LevelExpander expander(model, red, threads);
    std::vector<State> heads;
    std::size_t level = 0, at = 0;  // the block being expanded starts at by_depth[level][at]
    // Before each state's successors: the limits.
    auto within_limits = [&](std::size_t k) {
        if (out.limit != Limit::None) return false;
        if (options.max_states && parent.size() > options.max_states) {
            out.limit = Limit::States;
            if (seed && hit == kRoot) fill_seed(model, queue, parent, by_depth, level, at + k + options.unsound_handoff, st,
                                                seed->emplace());
            return false;
        }
        if (options.time_limit > 0 && (++expanded & 1023) == 0 &&
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > options.time_limit) {
            out.limit = Limit::Time;
            return false;
        }
        return true;
    };
    for (level = 0; level < by_depth.size(); ++level) {
        if (hit != kRoot && level >= depth[hit]) break;
        // Successors never lie in their parent's level (each step adds a
        // receipt, the broadcast or a crash), so the level is fixed here.
        for (at = 0; at < by_depth[level].size();) {
            const std::size_t end = std::min(by_depth[level].size(), at + expander.block());
            heads.clear();
            for (std::size_t i = at; i < end; ++i) heads.push_back(layout.unpack(&queue[by_depth[level][i] * vb]));
            const bool went_on = expander.run(heads, within_limits, [&](std::size_t k, const State& next) {
                ++st.transitions;
                add(next, by_depth[level][at + k]);
            });
            if (!went_on) return finish();
            at = end;
        }
    }
    if (hit != kRoot) out.trace = build_trace(model, queue, parent, hit, hit_property, red);
    out.complete = hit == kRoot && out.limit == Limit::None;
    return finish();
}

std::vector<State> replay(const Model& model, const Trace& trace, int* failed_step) {
    std::vector<State> states{trace.initial};
    for (std::size_t i = 0; i < trace.steps.size(); ++i) {
        State next;
        if (!model.apply(states.back(), trace.steps[i], next)) {
            if (failed_step) *failed_step = static_cast<int>(i);
            return {};
        }
        states.push_back(next);
    }
    return states;
}

std::vector<std::string> describe(const Model& model, const Trace& trace) {
    std::vector<std::string> lines;
    State s = trace.initial;
    for (const Step& step : trace.steps) {
        StepEffects fx;
        State next;
        std::string line = model.describe(step);
        if (!model.apply(s, step, next, &fx)) {
            lines.push_back(line + " (not enabled)");
            break;
        }
        for (int p = 0; p < model.config().n; ++p) {
            int before = model.layout().delivered(s.local[p]), after = model.layout().delivered(next.local[p]);
            if (before == 0 && after != 0) line += fmt::format("; p{} delivers {}", p, after - 1);
        }
        lines.push_back(line);
        s = next;
    }
    return lines;
}

}  // namespace rbsynth
