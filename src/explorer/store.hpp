// The concurrent state store: an exact hash set of fixed-width packed state
// vectors, keyed by XXH3 of the vector.
//
// Hand-written rather than tbb::concurrent_unordered_set because that table
// allocates a node per element; here a state costs its packed width plus one
// control byte, divided by the load factor (kept between 0.6 and 0.9), and
// nothing is allocated per state. The layout follows the "shared hash table"
// of Laarman, van de Pol and Weber, "Boosting multi-core reachability
// performance with shared hash tables" (FMCAD 2010): vectors inline, a short
// hash tag per slot so that most probes never touch the vector. Unlike their
// lockless table it is split into 2^k shards, each behind a spin lock, so
// that a shard can grow on its own while the others keep serving inserts:
// with 2^10 shards two threads almost never meet on a lock.
//
// Probing is by groups of 8 slots (as in Abseil's Swiss table): a key starts
// at its hashed group and takes the first free slot; with no deletions the
// used slots of a group are a prefix, so a lookup stops at the first group
// that is not full.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

#include <tbb/spin_mutex.h>

namespace rbsynth {

class StateStore {
public:
    enum class Insert { New, Seen, Full };

    // `max_bytes` bounds the memory the store may hold; an insert that would
    // need more returns Full and stores nothing.
    StateStore(int vector_bytes, std::uint64_t max_bytes, int shard_bits = 10);
    ~StateStore();
    StateStore(const StateStore&) = delete;
    StateStore& operator=(const StateStore&) = delete;

    std::uint64_t hash(const std::uint8_t* vec) const;
    Insert insert(const std::uint8_t* vec) { return insert(vec, hash(vec)); }
    Insert insert(const std::uint8_t* vec, std::uint64_t h);

    // Starts loading the memory an insert of hash h will touch, so that a
    // batch of inserts overlaps its cache misses. Reads the shard's table
    // pointer without the lock: a prefetch of a stale address is harmless.
    void prefetch(std::uint64_t h) const;

    std::uint64_t size() const;  // states stored
    std::uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
    int vector_bytes() const { return vb_; }

private:
    struct Shard {
        tbb::spin_mutex lock;
        std::uint8_t* ctrl = nullptr;   // per slot: 0 empty, else 0x80 | 7-bit tag
        std::uint8_t* slots = nullptr;  // vectors, vb_ bytes each
        std::uint64_t groups = 0;
        std::uint64_t count = 0;
    };

    bool grow(Shard& s);
    bool allocate(std::uint64_t groups, std::uint8_t*& ctrl, std::uint8_t*& slots);
    void release(std::uint64_t groups, std::uint8_t* ctrl, std::uint8_t* slots);
    std::uint64_t group_of(std::uint64_t h, std::uint64_t groups) const;
    // Finds vec or the slot where it goes; returns true when found.
    bool probe(const Shard& s, const std::uint8_t* vec, std::uint64_t h, std::uint64_t& slot) const;

    int vb_;
    int shard_bits_;
    std::uint64_t max_bytes_;
    std::atomic<std::uint64_t> bytes_{0};
    std::unique_ptr<Shard[]> shards_;
};

}  // namespace rbsynth
