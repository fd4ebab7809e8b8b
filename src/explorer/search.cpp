// Parallel depth-first search with work stealing. Each worker runs a plain
// DFS on its own stack of packed vectors; when a thread is idle and no task
// is waiting, or the stack grows past a bound, its oldest half (the states
// nearest the roots, with the most work beneath them) becomes a new TBB task
// that an idle worker can steal. All workers
// share one StateStore, so every state is expanded exactly once, by the
// worker that inserted it (the shared-table scheme of Laarman et al., FMCAD
// 2010, with TBB's work-stealing scheduler for load balance instead of their
// synchronous random polling). Inserts are lock-free; when a shard of the
// store asks to grow, every worker stops between two states and the last
// one to arrive grows it (growth_gate.hpp).
#include "explorer/search.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include "explorer/growth_gate.hpp"
#include "explorer/memory.hpp"
#include "explorer/store.hpp"
#include "explorer/tsan.hpp"
#include "model/priority.hpp"
#include "model/short_bytes.hpp"

namespace rbsynth {

int effective_threads(const ExplorerOptions& options) {
    return options.threads > 0 ? options.threads : tbb::info::default_concurrency();
}

std::uint64_t effective_max_memory(const ExplorerOptions& options) {
    return options.max_memory > 0 ? options.max_memory : physical_memory_bytes() / 4 * 3;
}

namespace {

constexpr std::size_t kSpillAt = 2048;    // states on a worker's stack before it shares
constexpr std::uint64_t kFlushEvery = 1024;  // expansions between counter flushes, at most
// 16 shards: each grows on its own (the store's load stays near its mean),
// and each is one mapping, on 2 MiB pages once it passes 2 MiB, i.e. from
// a 32 MiB store (1.6M states of 14 bytes) up.
constexpr int kShardBits = 4;

// One expanded state's successors, packed, with their hashes.
struct Batch {
    std::vector<std::uint8_t> succ;
    std::vector<std::uint64_t> hash;
};

struct Worker {
    std::vector<std::uint8_t> stack;
    Batch batch[2];  // the state being inserted and the next one, generated
    std::uint64_t states = 0, transitions = 0, fair_terminal = 0, expanded = 0;
};

class Search {
public:
    Search(const Model& model, const ExplorerOptions& options, Property known, const SearchSeed* seed)
        : model_(model), layout_(model.layout()), options_(options), vb_(layout_.packed_bytes()),
          store_(static_cast<int>(vb_), effective_max_memory(options), kShardBits),
          property_(static_cast<int>(known)), seed_(seed) {}

    SearchOutcome run();

private:
    void process(const std::vector<std::uint8_t>& chunk);
    // `parent`: s packed, as words (Layout::packed_words).
    void generate(const State& s, const std::uint64_t* parent, Worker& w, Batch& b);
    void insert(Worker& w, const Batch& b);
    void spill(Worker& w);
    void launch(std::vector<std::uint8_t> chunk);
    std::vector<std::uint8_t> roots();
    std::vector<std::uint8_t> seeded_roots();
    void flush(Worker& w);
    void stop(Limit limit);
    void found(Property p, const State& s);
    bool pruned(const State& s) const;
    void monitor(std::chrono::steady_clock::time_point start);
    SearchStats snapshot(double seconds) const;

    const Model& model_;
    const Layout& layout_;
    const ExplorerOptions& options_;
    const std::size_t vb_;
    StateStore store_;
    tbb::task_group tasks_;
    tbb::enumerable_thread_specific<Worker> workers_;

    std::atomic<bool> stop_{false};
    std::atomic<int> limit_{static_cast<int>(Limit::None)};
    std::atomic<int> property_;  // the best violated property met so far
    const SearchSeed* seed_;
    std::mutex witness_mutex_;
    std::optional<State> witness_;  // a state that violates property_
    std::atomic<std::uint64_t> states_{0}, transitions_{0}, fair_terminal_{0};
    std::atomic<int> busy_{0};    // tasks running
    std::atomic<int> queued_{0};  // tasks spilled, not yet started
    int threads_ = 1;
    // Small --max-states limits are checked more often, so that the search
    // stops close to them.
    std::uint64_t flush_every_ = kFlushEvery;
    std::uint64_t initial_ = 0;
    std::uint64_t resumed_ = 0;  // states taken over from a seed
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();

    GrowthGate gate_{store_};

    std::mutex done_mutex_;
    std::condition_variable done_cv_;
    bool done_ = false;
};

void Search::stop(Limit limit) {
    int none = static_cast<int>(Limit::None);
    limit_.compare_exchange_strong(none, static_cast<int>(limit));
    stop_.store(true, std::memory_order_relaxed);
}

// A violation of p in s: kept if it comes before the best one met so far
// (Integrity, Agreement, Validity), and the search stops once nothing
// before it can be violated at all (or at the first violation, when the
// caller asks only for a verdict).
void Search::found(Property p, const State& s) {
    {
        std::lock_guard lock(witness_mutex_);
        const int best = property_.load();
        if (best != static_cast<int>(Property::None) && best <= static_cast<int>(p)) return;
        property_.store(static_cast<int>(p));
        witness_ = s;
    }
    if (options_.stop_at_violation && (!options_.exact_property || !may_improve(model_, p)))
        stop_.store(true, std::memory_order_relaxed);
}

// After a violation, only states from which a property before it may still
// be violated are expanded (model/priority.hpp); the rest cannot change
// the report.
bool Search::pruned(const State& s) const {
    if (!options_.stop_at_violation) return false;
    const auto best = static_cast<Property>(property_.load(std::memory_order_relaxed));
    return best != Property::None && !may_violate_before(model_, s, best);
}

void Search::flush(Worker& w) {
    const std::uint64_t total = states_.fetch_add(w.states, std::memory_order_relaxed) + w.states;
    transitions_.fetch_add(w.transitions, std::memory_order_relaxed);
    fair_terminal_.fetch_add(w.fair_terminal, std::memory_order_relaxed);
    w.states = w.transitions = w.fair_terminal = 0;
    if (options_.max_states && total > options_.max_states) stop(Limit::States);
    // The time limit and the cancel flag are read here, by the workers, and
    // not by a watcher thread: a thread per check cost more than the whole
    // check in the learner's thousands of small ones. A flush comes every
    // kFlushEvery expansions at most (well under 0.1 s).
    if (options_.time_limit > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() >= options_.time_limit)
        stop(Limit::Time);
    if (options_.cancel && options_.cancel->load(std::memory_order_relaxed)) stop_.store(true, std::memory_order_relaxed);
}

void Search::generate(const State& s, const std::uint64_t* parent, Worker& w, Batch& b) {
    bool terminal = false;
    const Property p = model_.violation(s, &terminal);
    w.fair_terminal += terminal;
    // Pack and hash every successor and prefetch its line of the store; the
    // inserts come one state later (see process). Under symmetry reduction
    // the store holds, and the search expands, canonical representatives
    // only: the states searched are then a function of the model, the same
    // for every thread count and every run.
    b.succ.clear();
    b.hash.clear();
    if (p != Property::None) found(p, s);
    if (pruned(s)) return;
    const Reduction& red = options_.reduce;
    auto add = [&](auto&& pack_into) {
        const std::size_t at = b.succ.size();
        b.succ.resize(at + vb_);
        std::uint8_t* vec = b.succ.data() + at;
        pack_into(vec);
        const std::uint64_t h = store_.hash(vec);
        b.hash.push_back(h);
        store_.prefetch(h);
    };
    if (!red.por && !red.symmetry) {
        // The exact search: each successor packed from the parent's packed
        // words, without building its State (Layout::repack).
        model_.for_each_move_if(
            s, [](const Step&) { return true; },
            [&](const Step&, int p, std::uint64_t word, std::uint64_t global) {
                add([&](std::uint8_t* vec) { layout_.repack(parent, s, p, word, global, vec); });
            });
    } else {
        for_each_reduced_successor(model_, s, red, [&](const Step&, const State& next) {
            add([&](std::uint8_t* vec) { layout_.pack(red.symmetry ? canonical(model_, next) : next, vec); });
        });
    }
    w.transitions += b.hash.size();
}

// A shard found full before its growth (StateStore::make_room) makes the
// worker park here, mid-batch, until the growth, and insert again.
void Search::insert(Worker& w, const Batch& b) {
    for (std::size_t i = 0; i < b.hash.size();) {
        const std::uint8_t* vec = b.succ.data() + i * vb_;
        switch (store_.insert(vec, b.hash[i])) {
        case StateStore::Insert::New:
            ++w.states;
            w.stack.insert(w.stack.end(), vec, vec + vb_);
            break;
        case StateStore::Insert::Seen: break;
        case StateStore::Insert::Full:
            if (!store_.make_room(b.hash[i])) {
                stop(Limit::Memory);
                return;
            }
            gate_.park();
            continue;
        }
        ++i;
    }
}

// A two-stage pipeline: the successors of the next state are generated,
// hashed and prefetched (Search::generate) before those of the current one
// are inserted, so that each prefetch has a whole state's work to arrive
// from memory; the table is far larger than the caches, and batching lets
// the misses overlap instead of queueing one by one. The order is still
// depth-first but for this lag of one state.
void Search::process(const std::vector<std::uint8_t>& chunk) {
    tsan_acquire(this);
    Worker& w = workers_.local();
    busy_.fetch_add(1);
    gate_.enter();
    w.stack.insert(w.stack.end(), chunk.begin(), chunk.end());
    int cur = 0;           // w.batch[cur]: generated, waiting for its inserts
    bool pending = false;
    while (pending || !w.stack.empty()) {
        if (store_.growth_wanted()) gate_.park();
        if (stop_.load(std::memory_order_relaxed)) {
            w.stack.clear();
            break;
        }
        const bool next = !w.stack.empty();
        if (next) {
            const std::uint8_t* top = w.stack.data() + w.stack.size() - vb_;
            std::array<std::uint64_t, kMaxPackedWords> parent{};
            copy_short(parent.data(), top, static_cast<int>(vb_));
            const State s = layout_.unpack_words(parent.data());
            w.stack.resize(w.stack.size() - vb_);
            generate(s, parent.data(), w, w.batch[1 - cur]);
            if (++w.expanded % flush_every_ == 0) flush(w);
        }
        if (pending) insert(w, w.batch[cur]);
        pending = next;
        cur ^= next;
        spill(w);
    }
    gate_.leave();
    flush(w);
    busy_.fetch_sub(1);
    tsan_release(this);
}

void Search::spill(Worker& w) {
    const std::size_t depth = w.stack.size() / vb_;
    const bool hungry = depth >= 2 && queued_.load(std::memory_order_relaxed) == 0 &&
                        busy_.load(std::memory_order_relaxed) < threads_;
    if (!hungry && depth <= kSpillAt) return;
    const std::size_t half = std::min(depth / 2, kSpillAt / 2) * vb_;
    std::vector<std::uint8_t> chunk(w.stack.begin(), w.stack.begin() + half);
    w.stack.erase(w.stack.begin(), w.stack.begin() + half);
    launch(std::move(chunk));
}

// A chunk of packed states, stored and not expanded, as a task that any
// worker may take.
void Search::launch(std::vector<std::uint8_t> chunk) {
    queued_.fetch_add(1);
    tsan_release(this);
    tasks_.run([this, c = std::move(chunk)] {
        tsan_acquire(this);
        queued_.fetch_sub(1);
        process(c);
    });
    tsan_release(this);  // and the task object TBB has just written
}

SearchStats Search::snapshot(double seconds) const {
    SearchStats st;
    st.states = states_.load(std::memory_order_relaxed);
    st.transitions = transitions_.load(std::memory_order_relaxed);
    st.fair_terminal = fair_terminal_.load(std::memory_order_relaxed);
    st.initial_states = initial_;
    st.resumed = resumed_;
    st.seconds = seconds;
    st.store_bytes = store_.bytes();
    st.peak_memory_bytes = peak_resident_bytes();
    st.vector_bits = layout_.packed_bits();
    st.vector_bytes = static_cast<int>(vb_);
    st.threads = effective_threads(options_);
    return st;
}

void Search::monitor(std::chrono::steady_clock::time_point start) {
    using namespace std::chrono;
    auto next_report = start + duration<double>(options_.progress_interval);
    std::unique_lock lock(done_mutex_);
    while (!done_) {
        done_cv_.wait_for(lock, milliseconds(50));
        if (done_) break;
        const auto now = steady_clock::now();
        const double elapsed = duration<double>(now - start).count();
        if (options_.time_limit > 0 && elapsed >= options_.time_limit) stop(Limit::Time);
        if (options_.cancel && options_.cancel->load(std::memory_order_relaxed))
            stop_.store(true, std::memory_order_relaxed);
        if (options_.on_progress && now >= next_report) {
            options_.on_progress(snapshot(elapsed));
            next_report = now + duration<double>(options_.progress_interval);
        }
    }
}

// The initial states (canonical under symmetry reduction), stored.
std::vector<std::uint8_t> Search::roots() {
    std::vector<std::uint8_t> out;
    std::uint8_t buf[kMaxPackedBytes];
    for (const State& s : model_.initial_states()) {
        layout_.pack(options_.reduce.symmetry ? canonical(model_, s) : s, buf);
        auto r = store_.insert(buf);
        if (r == StateStore::Insert::Full) stop(Limit::Memory);
        if (r != StateStore::Insert::New) continue;
        ++initial_;
        out.insert(out.end(), buf, buf + vb_);
    }
    states_ = initial_;
    return out;
}

// The seed's states, stored, its counts taken over, and its frontier to
// expand.
std::vector<std::uint8_t> Search::seeded_roots() {
    assert(!seed_->frontier.empty());  // the pass stopped before a state it had stored
    std::vector<std::uint8_t> out;
    auto store = [&](const std::vector<std::uint8_t>& packed, bool expand) {
        for (std::size_t at = 0; at < packed.size(); at += vb_) {
            auto r = store_.insert(packed.data() + at);
            if (r == StateStore::Insert::Full) stop(Limit::Memory);
            assert(r != StateStore::Insert::Seen);  // a seed stores each state once
            if (r == StateStore::Insert::New && expand) out.insert(out.end(), packed.data() + at, packed.data() + at + vb_);
        }
    };
    store(seed_->expanded, false);
    store(seed_->frontier, true);
    // The seed's first state first: run() hands the last chunk to this
    // thread, and a stack pops its last state.
    const std::size_t count = out.size() / vb_;
    for (std::size_t i = 0; i < count / 2; ++i)
        std::swap_ranges(out.begin() + i * vb_, out.begin() + (i + 1) * vb_, out.end() - (i + 1) * vb_);
    initial_ = seed_->stats.initial_states;
    resumed_ = store_.size();
    states_ = resumed_;
    transitions_ = seed_->stats.transitions;
    fair_terminal_ = seed_->stats.fair_terminal;
    return out;
}

SearchOutcome Search::run() {
    const auto start = start_ = std::chrono::steady_clock::now();
    if (options_.stop_at_violation && property_.load() != static_cast<int>(Property::None) &&
        !may_improve(model_, static_cast<Property>(property_.load())))
        return SearchOutcome{true, static_cast<Property>(property_.load()), {}, Limit::None, {}};
    // The watcher reports progress, and also enforces the time limit while
    // a worker is inside one long expansion; without a progress callback
    // the workers' own checks at each flush suffice.
    std::thread watcher;
    if (options_.on_progress) watcher = std::thread([this, start] { monitor(start); });
    std::vector<std::uint8_t> first = seed_ ? seeded_roots() : roots();
    threads_ = effective_threads(options_);
    if (options_.max_states)
        flush_every_ = std::clamp<std::uint64_t>(options_.max_states / (8 * threads_), 1, kFlushEvery);
    tbb::task_arena arena(threads_);
    tsan_release(this);
    arena.execute([&] {
        // A seed's frontier can be large: in chunks, one task each, so that
        // every worker starts at once.
        const std::size_t chunk = kSpillAt / 2 * vb_;
        for (std::size_t at = 0; at < first.size(); at += chunk)
            launch(std::vector<std::uint8_t>(first.begin() + at, first.begin() + std::min(first.size(), at + chunk)));
        tsan_release(this);
        tasks_.wait();
    });
    tsan_acquire(this);
    {
        std::lock_guard lock(done_mutex_);
        done_ = true;
    }
    done_cv_.notify_all();
    if (watcher.joinable()) watcher.join();

    SearchOutcome out;
    out.property = static_cast<Property>(property_.load());
    out.witness = witness_;
    out.limit = static_cast<Limit>(limit_.load());
    out.finished = !stop_.load();
    out.stats = snapshot(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    out.stats.states = store_.size();
    return out;
}

}  // namespace

SearchOutcome parallel_search(const Model& model, const ExplorerOptions& options, Property known,
                              const SearchSeed* seed) {
    Search search(model, options, known, seed);
    return search.run();
}

}  // namespace rbsynth
