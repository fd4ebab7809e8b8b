// The concurrent state store: an exact hash set of fixed-width packed state
// vectors, keyed by XXH3 of the vector, with a lock-free insert.
//
// The table is the lockless "shared hash table" of Laarman, van de Pol and
// Weber, "Boosting multi-core reachability performance with shared hash
// tables" (FMCAD 2010): open addressing, a bucket per slot holding a few
// bits of the hash (the memo) and a state ("empty", "being written",
// "done"), claimed with one compare-and-swap; probing walks the slots of
// one cache line, then rehashes to another line. Two departures, both for
// this explorer's short vectors (14 bytes for Bracha at N = 4): the bucket
// is one byte and lives in the same cache line as its slots' vectors (so a
// probe costs one cache miss, not two: bucket array, then data array), and
// the table is split into 2^k shards that grow, where the paper's table has
// one fixed size. Growing needs every inserter to stand still (see grow());
// the search parks its workers between two states for it. The shards start
// at sizes spread over one growth step, so that they grow at different
// times and the load factor of the whole store stays near its mean instead
// of halving at each growth (bytes per state ~1.4 times the vector). All
// tables live in one TableArena (memory.hpp), on 2 MiB pages where the
// kernel grants them.
//
// Hand-written because no library packaged in Debian offers a concurrent,
// exact, inline fixed-width set with a memory bound: tbb::concurrent_
// unordered_set and libcds allocate a node per element (3-5 times the
// memory), folly and parallel-hashmap are not packaged, and the latter
// locks per submap.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include "explorer/memory.hpp"

namespace rbsynth {

class StateStore {
public:
    enum class Insert { New, Seen, Full };

    // `max_bytes` bounds the memory the store may hold; past it the shards
    // stop growing and an insert into a nearly full shard returns Full.
    StateStore(int vector_bytes, std::uint64_t max_bytes, int shard_bits = 6);
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    std::uint64_t hash(const std::uint8_t* vec) const;

    // Lock-free; any number of threads at once (never during grow()). It
    // never grows the table: a shard past its load threshold raises
    // growth_wanted(), and the caller calls grow() when no insert runs.
    Insert insert(const std::uint8_t* vec, std::uint64_t h);
    // For a single inserting thread: grows first when wanted.
    Insert insert(const std::uint8_t* vec);

    // Starts loading the cache line an insert of hash h probes first, so
    // that a batch of inserts overlaps its cache misses.
    void prefetch(std::uint64_t h) const;

    // After insert(vec, h) said Full: asks for the growth of h's shard and
    // says whether one may come (false past max_bytes, where Full is final).
    // A shard can fill up before it grows when more inserts come between
    // two growth points than its headroom holds: one slot per group with
    // vectors of 64 bytes and more (N >= 11 under V = 2), and the reduced
    // search's expansions that insert many states at once. The caller
    // parks until the growth and inserts again.
    bool make_room(std::uint64_t h);

    bool growth_wanted() const { return want_.load(std::memory_order_relaxed); }
    // Grows every shard past its threshold; only while no insert runs.
    // Past max_bytes it grows nothing and lets the shards fill up instead.
    void grow();
    // grow() in three steps, so that every parked worker can move states
    // (a growth moves each state it holds, ~2.5 moves per state over a
    // run, and the kernel clears the new pages as they are first touched;
    // done by one thread, the others idle): begin_growth() (one thread)
    // takes the new tables; help_growth() (every parked thread at once)
    // moves chunks of the old tables until none is left; end_growth() (one
    // thread, after every help_growth() has returned) frees the old ones.
    void begin_growth();
    void help_growth();
    void end_growth();

    std::uint64_t size() const;  // states stored
    std::uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
    int vector_bytes() const { return vb_; }
    // Whether the kernel accepted the advice to back the tables with 2 MiB
    // pages (it may still refuse them page by page).
    bool huge_pages() const { return arena_.huge_pages(); }

private:
    struct alignas(64) Shard {
        std::uint8_t* mem = nullptr;  // groups * group_bytes_ bytes
        std::uint64_t groups = 0;
        std::uint64_t grow_at = 0;  // count that asks for growth
        std::uint64_t full_at = 0;  // count past which a capped shard is Full
        // Written by inserts: on a cache line of its own, so that a new
        // state does not evict the fields above, read by every probe, from
        // the other workers' caches.
        alignas(64) std::atomic<std::uint64_t> count{0};
        std::atomic<bool> want{false};
    };

    // A shard's old and new table while a growth moves it.
    struct Move {
        Shard* shard;
        std::uint8_t* mem;
        std::uint64_t groups;
        std::uint64_t first_chunk;  // chunks before this move's, over all moves
    };

    std::uint8_t* take_table(std::uint64_t groups);
    void set_table(Shard& s, std::uint8_t* mem, std::uint64_t groups) const;
    void move_chunk(const Move& m, std::uint64_t chunk);
    std::uint8_t* group(const Shard& s, std::uint64_t g) const { return s.mem + g * group_bytes_; }
    std::uint8_t* vector(std::uint8_t* line, int i) const { return line + per_group_ + i * vb_; }
    // Into a table no insert sees, known not to hold vec; other threads may
    // place into it at the same time.
    void place(std::uint8_t* mem, std::uint64_t groups, const std::uint8_t* vec, std::uint64_t h) const;

    int vb_;
    int per_group_;                // slots per group: as many as fit one cache line
    std::uint64_t group_bytes_;    // per_group_ buckets, then per_group_ vectors
    int shard_bits_;
    std::uint64_t max_bytes_;
    // Read by the search's progress monitor while a grow() runs.
    std::atomic<std::uint64_t> bytes_{0};
    TableArena arena_;
    bool capped_ = false;  // max_bytes_ refused a growth: shards fill instead
    std::atomic<bool> want_{false};
    std::unique_ptr<Shard[]> shards_;
    std::vector<Move> moves_;  // the growth under way
    std::uint64_t chunks_ = 0;
    std::atomic<std::uint64_t> next_chunk_{0};
};

}  // namespace rbsynth
