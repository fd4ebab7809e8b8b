#include "explorer/store.hpp"

#include <cassert>
#include <cstdlib>
#include <cstring>

#include <xxhash.h>

namespace rbsynth {

namespace {

constexpr std::uint64_t kGroup = 8;
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
constexpr std::uint64_t kLowBits = 0x0101010101010101ull;
constexpr std::uint64_t kInitialGroups = 2;

std::uint8_t tag_of(std::uint64_t h) { return static_cast<std::uint8_t>(0x80 | ((h >> 32) & 0x7f)); }

// Bytes of a control word equal to `tag` have their high bit set in the
// result (false positives above a match are possible; they are checked).
std::uint64_t match(std::uint64_t ctrl, std::uint8_t tag) {
    std::uint64_t x = ctrl ^ (kLowBits * tag);
    return (x - kLowBits) & ~x & kHighBits;
}

}  // namespace

StateStore::StateStore(int vector_bytes, std::uint64_t max_bytes, int shard_bits)
    : vb_(vector_bytes), shard_bits_(shard_bits), max_bytes_(max_bytes),
      shards_(new Shard[std::size_t{1} << shard_bits]) {
    assert(vb_ > 0);
    bytes_.fetch_add((sizeof(Shard)) << shard_bits);
    for (std::size_t i = 0; i < (std::size_t{1} << shard_bits); ++i) {
        Shard& s = shards_[i];
        if (allocate(kInitialGroups, s.ctrl, s.slots)) s.groups = kInitialGroups;
    }
}

StateStore::~StateStore() {
    for (std::size_t i = 0; i < (std::size_t{1} << shard_bits_); ++i)
        release(shards_[i].groups, shards_[i].ctrl, shards_[i].slots);
}

std::uint64_t StateStore::hash(const std::uint8_t* vec) const {
    return XXH3_64bits(vec, static_cast<std::size_t>(vb_));
}

bool StateStore::allocate(std::uint64_t groups, std::uint8_t*& ctrl, std::uint8_t*& slots) {
    const std::uint64_t n = groups * kGroup;
    const std::uint64_t need = n * (1 + static_cast<std::uint64_t>(vb_));
    if (bytes_.fetch_add(need) + need > max_bytes_) {
        bytes_.fetch_sub(need);
        return false;
    }
    // calloc: the control bytes must start empty; large blocks come from
    // fresh zero pages, so the cost is paid only for pages that get used.
    ctrl = static_cast<std::uint8_t*>(std::calloc(n, 1));
    slots = static_cast<std::uint8_t*>(std::malloc(n * static_cast<std::uint64_t>(vb_)));
    if (!ctrl || !slots) {
        std::free(ctrl);
        std::free(slots);
        bytes_.fetch_sub(need);
        return false;
    }
    return true;
}

void StateStore::release(std::uint64_t groups, std::uint8_t* ctrl, std::uint8_t* slots) {
    std::free(ctrl);
    std::free(slots);
    bytes_.fetch_sub(groups * kGroup * (1 + static_cast<std::uint64_t>(vb_)));
}

std::uint64_t StateStore::group_of(std::uint64_t h, std::uint64_t groups) const {
    // Lemire's multiply-shift range reduction: any table size, no modulo.
    return ((h & 0xffffffffull) * groups) >> 32;
}

bool StateStore::probe(const Shard& s, const std::uint8_t* vec, std::uint64_t h,
                       std::uint64_t& slot) const {
    const std::uint8_t tag = tag_of(h);
    std::uint64_t g = group_of(h, s.groups);
    for (;;) {
        std::uint64_t ctrl;
        std::memcpy(&ctrl, s.ctrl + g * kGroup, sizeof ctrl);
        for (std::uint64_t m = match(ctrl, tag); m; m &= m - 1) {
            std::uint64_t i = g * kGroup + (static_cast<unsigned>(__builtin_ctzll(m)) >> 3);
            if (s.ctrl[i] == tag && std::memcmp(s.slots + i * vb_, vec, vb_) == 0) {
                slot = i;
                return true;
            }
        }
        const int used = __builtin_popcountll(ctrl & kHighBits);
        if (used < static_cast<int>(kGroup)) {
            slot = g * kGroup + static_cast<std::uint64_t>(used);
            return false;
        }
        if (++g == s.groups) g = 0;
    }
}

void StateStore::prefetch(std::uint64_t h) const {
    const Shard& s = shards_[h >> (64 - shard_bits_)];
    const std::uint64_t groups = __atomic_load_n(&s.groups, __ATOMIC_RELAXED);
    const std::uint8_t* ctrl = __atomic_load_n(&s.ctrl, __ATOMIC_RELAXED);
    const std::uint8_t* slots = __atomic_load_n(&s.slots, __ATOMIC_RELAXED);
    if (!groups || !ctrl || !slots) return;
    const std::uint64_t g = group_of(h, groups);
    __builtin_prefetch(ctrl + g * kGroup);
    __builtin_prefetch(slots + g * kGroup * vb_);
}

bool StateStore::grow(Shard& s) {
    const std::uint64_t groups = s.groups + s.groups / 2 + 1;
    Shard bigger;
    if (!allocate(groups, bigger.ctrl, bigger.slots)) return false;
    bigger.groups = groups;
    for (std::uint64_t i = 0; i < s.groups * kGroup; ++i) {
        if (!s.ctrl[i]) continue;
        const std::uint8_t* vec = s.slots + i * vb_;
        const std::uint64_t h = hash(vec);
        std::uint64_t slot = 0;
        [[maybe_unused]] bool found = probe(bigger, vec, h, slot);
        assert(!found);
        bigger.ctrl[slot] = tag_of(h);
        std::memcpy(bigger.slots + slot * vb_, vec, vb_);
    }
    release(s.groups, s.ctrl, s.slots);
    __atomic_store_n(&s.ctrl, bigger.ctrl, __ATOMIC_RELAXED);
    __atomic_store_n(&s.slots, bigger.slots, __ATOMIC_RELAXED);
    __atomic_store_n(&s.groups, groups, __ATOMIC_RELAXED);
    bigger.ctrl = bigger.slots = nullptr;
    return true;
}

StateStore::Insert StateStore::insert(const std::uint8_t* vec, std::uint64_t h) {
    Shard& s = shards_[h >> (64 - shard_bits_)];
    tbb::spin_mutex::scoped_lock guard(s.lock);
    if (s.groups == 0) return Insert::Full;
    std::uint64_t slot = 0;
    if (probe(s, vec, h, slot)) return Insert::Seen;
    // Load at most 0.9: beyond it group probing runs long.
    if ((s.count + 1) * 10 > s.groups * kGroup * 9) {
        if (!grow(s)) return Insert::Full;
        probe(s, vec, h, slot);
    }
    s.ctrl[slot] = tag_of(h);
    std::memcpy(s.slots + slot * vb_, vec, vb_);
    ++s.count;
    return Insert::New;
}

std::uint64_t StateStore::size() const {
    std::uint64_t n = 0;
    for (std::size_t i = 0; i < (std::size_t{1} << shard_bits_); ++i) {
        tbb::spin_mutex::scoped_lock guard(shards_[i].lock);
        n += shards_[i].count;
    }
    return n;
}

}  // namespace rbsynth
