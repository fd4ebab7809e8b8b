#include "explorer/store.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <thread>

// Inlined: the vectors are short (8 to 100 bytes), where the call into the
// shared library costs about as much as the hash.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "model/short_bytes.hpp"

namespace rbsynth {

namespace {

// Growth by 1.4 at a load of 0.92: with the shards' phases spread evenly
// over one step, the mean load is 0.92 * (1 - 1/1.4) / ln 1.4 = 0.78, i.e.
// 16 / 0.78 = 20.5 bytes per 14-byte vector (slots of 16 bytes in 64-byte
// lines). Each state is moved 1 / 0.4 = 2.5 times on average by growth.
constexpr double kGrowth = 1.4;
constexpr double kGrowAt = 0.92;
// A shard that may not grow (max_bytes) takes states up to this load, where
// probe sequences are still short, then reports Full.
constexpr double kFullAt = 0.97;
// Smallest shard: wide enough that the inserts the workers finish between
// a growth request and their stop at the next state boundary (tens) cannot
// fill it (32 groups hold 64 to 128 vectors; a growth request comes at a
// load of 0.92), and small, since every check pays for the pages of its
// shards: the learner and `enumerate` run thousands of checks of a few
// hundred states, where 128 groups a shard made page faults most of the
// cost.
constexpr std::uint64_t kMinGroups = 32;
constexpr std::uint64_t kLine = 64;
// A growth's unit of work: 2,048 groups (128 KiB of 64-byte groups).
constexpr std::uint64_t kChunkGroups = 2048;

// A bucket byte: 0 empty; the memo alone (1..127) while its vector is being
// written; kDone | memo once it can be compared (Laarman et al.'s WRITE and
// DONE states, with 7 bits of the hash as memo).
constexpr std::uint8_t kDone = 0x80;

std::uint8_t memo_of(std::uint64_t h) {
    const auto m = static_cast<std::uint8_t>((h >> 32) & 0x7f);
    return m ? m : 1;
}

// Lemire's multiply-shift range reduction on the low 32 bits: any table
// size, no modulo. The shard takes the top bits and the memo bits 32-38.
std::uint64_t first_group(std::uint64_t h, std::uint64_t groups) { return ((h & 0xffffffffull) * groups) >> 32; }

// The probe sequence over lines: jumps of 1, 2, 3, ... lines (the paper's
// rehash, which leaves a cluster of full lines at once) for the first
// kJumps lines, then line by line. Triangular jumps alone visit every line
// only when the line count is a power of two, and the shards' sizes are
// not: with one slot per line (vectors over 31 bytes, N >= 7 under V = 2)
// a probe could cycle through a part of a half-empty shard and report it
// full. The linear tail visits every line, so `groups + kJumps` probes
// always find a free slot when there is one.
constexpr std::uint64_t kJumps = 8;

std::uint64_t next_group(std::uint64_t g, std::uint64_t j, std::uint64_t groups) {
    g += j < kJumps ? j : 1;
    while (g >= groups) g -= groups;
    return g;
}

// A group is one cache line, or two when one line would hold a single
// vector and waste more than a quarter of itself (vectors of 32 to 63
// bytes, N >= 7 under V = 2): two adjacent lines cost about one miss with
// the adjacent-line prefetcher and hold 3 vectors of 35 bytes instead of 2.
int slots_per_group(int vb) {
    const int one = static_cast<int>(kLine) / (1 + vb);
    if (one >= 2 || vb >= static_cast<int>(kLine)) return std::max(1, one);
    const int two = static_cast<int>(2 * kLine) / (1 + vb);
    return 4 * two * (1 + vb) >= 3 * static_cast<int>(2 * kLine) && two >= 2 ? two : std::max(1, one);
}

}  // namespace

StateStore::StateStore(int vector_bytes, std::uint64_t max_bytes, int shard_bits)
    : vb_(vector_bytes), per_group_(slots_per_group(vector_bytes)),
      shard_bits_(shard_bits), max_bytes_(max_bytes),
      // Growth takes each table afresh: the addresses used add up to about
      // 1 / (1 - 1 / kGrowth) = 3.5 times the largest store.
      arena_(std::min(max_bytes, std::uint64_t{1} << 44) / 2 * 9), shards_(new Shard[std::size_t{1} << shard_bits]) {
    assert(vb_ > 0 && shard_bits_ >= 1 && shard_bits_ < 32);
    const std::uint64_t need = static_cast<std::uint64_t>(per_group_) * (1 + vb_);
    group_bytes_ = (need + kLine - 1) / kLine * kLine;
    bytes_ = sizeof(Shard) << shard_bits;
    // Shard i starts at kMinGroups * kGrowth^(i / shards): the shards then
    // reach their thresholds one after the other, never all at once.
    const double shards = static_cast<double>(std::size_t{1} << shard_bits);
    for (std::size_t i = 0; i < (std::size_t{1} << shard_bits); ++i) {
        const auto groups =
            static_cast<std::uint64_t>(std::ceil(kMinGroups * std::pow(kGrowth, static_cast<double>(i) / shards)));
        std::uint8_t* mem = take_table(groups);
        if (mem)
            set_table(shards_[i], mem, groups);
        else
            capped_ = true;
    }
}

// The tables go with the arena.
StateStore::~StateStore() = default;

std::uint64_t StateStore::hash(const std::uint8_t* vec) const {
    return XXH3_64bits(vec, static_cast<std::size_t>(vb_));
}

void StateStore::prefetch(std::uint64_t h) const {
    const Shard& s = shards_[h >> (64 - shard_bits_)];
    if (s.groups) __builtin_prefetch(group(s, first_group(h, s.groups)));
}

StateStore::Insert StateStore::insert(const std::uint8_t* vec) {
    const std::uint64_t h = hash(vec);
    for (;;) {
        if (growth_wanted()) grow();
        const Insert r = insert(vec, h);
        if (r != Insert::Full || !make_room(h)) return r;
    }
}

bool StateStore::make_room(std::uint64_t h) {
    if (capped_) return false;
    shards_[h >> (64 - shard_bits_)].want.store(true, std::memory_order_relaxed);
    want_.store(true, std::memory_order_relaxed);
    return true;
}

// Probes the slots of a group, then the next group of the probe sequence
// (the paper's rehash: a cluster of full lines is left at once).
StateStore::Insert StateStore::insert(const std::uint8_t* vec, std::uint64_t h) {
    Shard& s = shards_[h >> (64 - shard_bits_)];
    // A memory bound smaller than the first tables (--max-memory 4K) left
    // this shard without one: full from the start.
    if (s.groups == 0) return Insert::Full;
    const std::uint8_t memo = memo_of(h);
    std::uint64_t g = first_group(h, s.groups);
    for (std::uint64_t j = 1; j <= s.groups + kJumps; ++j) {
        std::uint8_t* line = group(s, g);
        for (int i = 0; i < per_group_; ++i) {
            std::atomic_ref<std::uint8_t> bucket(line[i]);
            std::uint8_t b = bucket.load(std::memory_order_acquire);
            if (b == 0) {
                if (capped_ && s.count.load(std::memory_order_relaxed) >= s.full_at) return Insert::Full;
                if (bucket.compare_exchange_strong(b, memo, std::memory_order_acquire)) {
                    copy_short(vector(line, i), vec, vb_);
                    bucket.store(kDone | memo, std::memory_order_release);
                    const std::uint64_t n = s.count.fetch_add(1, std::memory_order_relaxed) + 1;
                    if (n >= s.grow_at && !capped_ && !s.want.load(std::memory_order_relaxed)) {
                        s.want.store(true, std::memory_order_relaxed);
                        want_.store(true, std::memory_order_relaxed);
                    }
                    return Insert::New;
                }
                // Lost the race: b is now what the winner wrote.
            }
            if ((b & 0x7f) != memo) continue;
            // Same memo: wait for the writer (a few stores away), then compare.
            while (!(b & kDone)) {
                std::this_thread::yield();
                b = bucket.load(std::memory_order_acquire);
            }
            if (same_short(vector(line, i), vec, vb_)) return Insert::Seen;
        }
        g = next_group(g, j, s.groups);
    }
    return Insert::Full;
}

// A compare-and-swap claims the bucket: helpers of one growth place into
// the same table at once. Nothing reads the table until the growth ends.
void StateStore::place(std::uint8_t* mem, std::uint64_t groups, const std::uint8_t* vec, std::uint64_t h) const {
    std::uint64_t g = first_group(h, groups);
    const std::uint8_t done = kDone | memo_of(h);
    for (std::uint64_t j = 1;; ++j) {
        std::uint8_t* line = mem + g * group_bytes_;
        for (int i = 0; i < per_group_; ++i) {
            std::atomic_ref<std::uint8_t> bucket(line[i]);
            std::uint8_t empty = 0;
            if (bucket.load(std::memory_order_relaxed) != 0 ||
                !bucket.compare_exchange_strong(empty, done, std::memory_order_relaxed))
                continue;
            copy_short(vector(line, i), vec, vb_);
            return;
        }
        g = next_group(g, j, groups);
        assert(j <= groups + kJumps);
    }
}

void StateStore::set_table(Shard& s, std::uint8_t* mem, std::uint64_t groups) const {
    s.mem = mem;
    s.groups = groups;
    const auto slots = static_cast<double>(groups * static_cast<std::uint64_t>(per_group_));
    s.grow_at = static_cast<std::uint64_t>(slots * kGrowAt);
    s.full_at = static_cast<std::uint64_t>(slots * kFullAt);
}

// A new table of `groups` groups within the memory bound, or nullptr.
std::uint8_t* StateStore::take_table(std::uint64_t groups) {
    const std::uint64_t table = groups * group_bytes_;
    if (bytes_.load() + table > max_bytes_) return nullptr;
    std::uint8_t* mem = arena_.take(table);
    if (mem) bytes_ += table;
    return mem;
}

void StateStore::grow() {
    begin_growth();
    help_growth();
    end_growth();
}

// Every shard that asked gets a table kGrowth times larger, while the
// memory bound allows; the first refusal caps the store for good. All new
// tables are taken before any old one is freed, so when k shards grow at
// once the bound is met k - 1 tables earlier than by growing them one by
// one (rare: the shards' phases are spread), and the search ends
// "incomplete (max-memory)" a little sooner, never with a wrong verdict.
void StateStore::begin_growth() {
    moves_.clear();
    chunks_ = 0;
    for (std::size_t i = 0; i < (std::size_t{1} << shard_bits_); ++i) {
        Shard& s = shards_[i];
        if (!s.want.load(std::memory_order_relaxed)) continue;
        s.want.store(false, std::memory_order_relaxed);
        if (capped_) continue;
        const auto groups = static_cast<std::uint64_t>(std::ceil(static_cast<double>(s.groups) * kGrowth));
        std::uint8_t* mem = take_table(groups);
        if (!mem) {
            capped_ = true;
            continue;
        }
        moves_.push_back(Move{&s, mem, groups, chunks_});
        chunks_ += (s.groups + kChunkGroups - 1) / kChunkGroups;
    }
    next_chunk_.store(0, std::memory_order_relaxed);
    want_.store(false, std::memory_order_relaxed);
}

void StateStore::help_growth() {
    for (;;) {
        const std::uint64_t c = next_chunk_.fetch_add(1, std::memory_order_relaxed);
        if (c >= chunks_) return;
        auto m = std::upper_bound(moves_.begin(), moves_.end(), c,
                                  [](std::uint64_t x, const Move& mv) { return x < mv.first_chunk; });
        --m;
        move_chunk(*m, c - m->first_chunk);
    }
}

// In batches: hash and prefetch the destinations, then place, so that the
// moves' cache misses overlap as the search's inserts do.
void StateStore::move_chunk(const Move& m, std::uint64_t chunk) {
    const Shard& s = *m.shard;
    constexpr int kBatch = 16;
    const std::uint8_t* from[kBatch];
    std::uint64_t hashes[kBatch];
    int n = 0;
    auto drain = [&] {
        for (int k = 0; k < n; ++k) place(m.mem, m.groups, from[k], hashes[k]);
        n = 0;
    };
    const std::uint64_t end = std::min(s.groups, (chunk + 1) * kChunkGroups);
    for (std::uint64_t g = chunk * kChunkGroups; g < end; ++g) {
        std::uint8_t* line = group(s, g);
        for (int i = 0; i < per_group_; ++i) {
            if (!line[i]) continue;
            from[n] = vector(line, i);
            hashes[n] = hash(from[n]);
            __builtin_prefetch(m.mem + first_group(hashes[n], m.groups) * group_bytes_, 1);
            if (++n == kBatch) drain();
        }
    }
    drain();
}

void StateStore::end_growth() {
    for (const Move& m : moves_) {
        Shard& s = *m.shard;
        const std::uint64_t old = s.groups * group_bytes_;
        arena_.give_back(s.mem, old);
        bytes_ -= old;
        set_table(s, m.mem, m.groups);
    }
    moves_.clear();
    chunks_ = 0;
}

std::uint64_t StateStore::size() const {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < (std::size_t{1} << shard_bits_); ++i)
        n += shards_[i].count.load(std::memory_order_relaxed);
    return n;
}

}  // namespace rbsynth
