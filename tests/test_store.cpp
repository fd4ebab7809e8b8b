// The lock-free state store on its own: many threads inserting overlapping
// keys (each key must be reported New exactly once, the count exact),
// growth between rounds of inserts (by one thread, or shared by all of
// them through the growth gate), and a memory bound that ends in Full.
#include <doctest/doctest.h>

#include <array>
#include <atomic>
#include <barrier>
#include <cstring>
#include <thread>
#include <vector>

#include "explorer/check.hpp"
#include "explorer/growth_gate.hpp"
#include "explorer/store.hpp"
#include "helpers.hpp"

using namespace rbsynth;

namespace {

constexpr int kVb = 14;  // Bracha's vector at N = 4, V = 2

// Distinct vectors; a few differ only in their last byte, so that equal
// memos and full compares occur.
std::array<std::uint8_t, kVb> key(std::uint64_t i) {
    std::array<std::uint8_t, kVb> k{};
    const std::uint64_t hi = i >> 3;
    std::memcpy(k.data(), &hi, sizeof hi);
    k[kVb - 1] = static_cast<std::uint8_t>(i & 7);
    return k;
}

// `threads` threads each insert every key of a round, in their own order,
// all at once; between rounds (no insert running) the store grows when a
// shard asks: by one thread, or (`shared`) with every thread moving states
// (begin_growth, help_growth on all, end_growth). Returns how often each
// key was reported New.
std::vector<int> hammer(StateStore& store, std::uint64_t keys, std::uint64_t round, int threads, bool shared = false) {
    std::vector<std::atomic<int>> fresh(keys);
    std::atomic<int> full{0};
    std::uint64_t start = 0;
    std::barrier sync(threads, [&]() noexcept {
        if (shared)
            store.begin_growth();
        else if (store.growth_wanted())
            store.grow();
        start += round;
    });
    std::barrier moved(threads, [&]() noexcept { store.end_growth(); });
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            while (start < keys) {
                const std::uint64_t end = std::min(keys, start + round);
                for (std::uint64_t j = 0; j < end - start; ++j) {
                    // Thread t walks the round from its own offset, alternately forwards and back.
                    const std::uint64_t off = (j + static_cast<std::uint64_t>(t) * 7919) % (end - start);
                    const std::uint64_t i = start + (t % 2 ? end - start - 1 - off : off);
                    const auto k = key(i);
                    switch (store.insert(k.data(), store.hash(k.data()))) {
                    case StateStore::Insert::New: fresh[i].fetch_add(1); break;
                    case StateStore::Insert::Seen: break;
                    case StateStore::Insert::Full: full.fetch_add(1); break;
                    }
                }
                sync.arrive_and_wait();
                if (shared) {
                    store.help_growth();
                    moved.arrive_and_wait();
                }
            }
        });
    for (auto& th : pool) th.join();
    CHECK(full.load() == 0);
    std::vector<int> out(keys);
    for (std::uint64_t i = 0; i < keys; ++i) out[i] = fresh[i].load();
    return out;
}

}  // namespace

TEST_CASE("store: concurrent inserts of overlapping keys report each key new exactly once") {
    const int threads = 4;
    SUBCASE("one round, no growth: the most contention") {
        StateStore store(kVb, std::uint64_t{1} << 30, 6);
        const std::uint64_t keys = 6000;  // below the initial shards' thresholds (64 x 32 groups)
        const auto fresh = hammer(store, keys, keys, threads);
        CHECK(!store.growth_wanted());
        for (std::uint64_t i = 0; i < keys; ++i) REQUIRE(fresh[i] == 1);
        CHECK(store.size() == keys);
    }
    SUBCASE("many rounds with growth between them") {
        StateStore store(kVb, std::uint64_t{1} << 30, 6);
        const std::uint64_t keys = 300000;
        const std::uint64_t before = store.bytes();
        const auto fresh = hammer(store, keys, 64, threads);
        for (std::uint64_t i = 0; i < keys; ++i) REQUIRE(fresh[i] == 1);
        CHECK(store.size() == keys);
        CHECK(store.bytes() > before);
        // Every key survived the moves, and the store holds about 1.5 x
        // the vector per state.
        for (std::uint64_t i = 0; i < keys; ++i) {
            const auto k = key(i);
            REQUIRE(store.insert(k.data()) == StateStore::Insert::Seen);
        }
        CHECK(static_cast<double>(store.bytes()) / static_cast<double>(keys) < 2.0 * kVb);
    }
    SUBCASE("many rounds, every thread moving states in each growth") {
        // 4 shards of up to ~24,000 groups: each growth's moves come in
        // chunks of 2,048 groups, shared out over the threads.
        StateStore store(kVb, std::uint64_t{1} << 30, 2);
        const std::uint64_t keys = 300000;
        const auto fresh = hammer(store, keys, 32, threads, true);
        for (std::uint64_t i = 0; i < keys; ++i) REQUIRE(fresh[i] == 1);
        CHECK(store.size() == keys);
        CHECK(store.bytes() > 3 * (std::uint64_t{1} << 20));  // grown past several 128 KiB chunks per shard
        for (std::uint64_t i = 0; i < keys; ++i) {
            const auto k = key(i);
            REQUIRE(store.insert(k.data()) == StateStore::Insert::Seen);
        }
    }
}

TEST_CASE("store: a memory bound ends in Full, and what was stored stays found") {
    StateStore store(kVb, std::uint64_t{2} << 20, 4);
    std::uint64_t stored = 0, i = 0;
    for (; i < 10'000'000; ++i) {
        const auto k = key(i);
        const auto r = store.insert(k.data());
        if (r == StateStore::Insert::Full) break;
        REQUIRE(r == StateStore::Insert::New);
        ++stored;
    }
    CHECK(i < 10'000'000);
    CHECK(store.size() == stored);
    CHECK(store.bytes() <= std::uint64_t{2} << 20);
    CHECK(stored > 50000);  // it filled its 2 MiB before giving up
    for (std::uint64_t j = 0; j < stored; j += 97) {
        const auto k = key(j);
        REQUIRE(store.insert(k.data()) == StateStore::Insert::Seen);
    }
}

TEST_CASE("store: 35-byte vectors fill their memory bound before Full (the probe covers every group)") {
    // Bracha's vector at N = 7, V = 2 is 35 bytes: three to a two-line group,
    // and the shards that the memory bound leaves are not powers of two.
    // A probe of triangular jumps visits only part of such a shard, so it
    // reported Full with most of the table empty (`check bracha --n 7`
    // ended "incomplete" after 10,920 states); probing turns linear after
    // a few jumps, so Full now means full.
    constexpr int vb = 35;
    StateStore store(vb, std::uint64_t{3} << 20, 4);
    std::uint64_t stored = 0, i = 0;
    std::array<std::uint8_t, vb> k{};
    for (; i < 10'000'000; ++i) {
        std::memcpy(k.data(), &i, sizeof i);
        const auto r = store.insert(k.data());
        if (r == StateStore::Insert::Full) break;
        REQUIRE(r == StateStore::Insert::New);
        ++stored;
    }
    MESSAGE("35-byte vectors: " << stored << " stored in " << store.bytes() << " bytes before Full");
    CHECK(i < 10'000'000);
    CHECK(store.bytes() <= std::uint64_t{3} << 20);
    // The vectors stored (three per 128 bytes) take at least half of the
    // bound. With the triangular probe: 1,482 vectors in an 84 KiB table.
    CHECK(stored * 128 / 3 >= (std::uint64_t{3} << 20) / 2);
}

TEST_CASE("store: a bound too small for any table makes every insert Full, never a crash") {
    // `check --max-memory 4K` crashed: the shards got no table, and an
    // insert probed a null one (found by the adversarial review of
    // 2026-11-29). The search must end "incomplete (max-memory)".
    for (std::uint64_t bound : {std::uint64_t{4} << 10, std::uint64_t{32} << 10}) {
        CAPTURE(bound);
        StateStore store(14, bound, 4);
        std::array<std::uint8_t, 14> k{};
        int full = 0;
        for (std::uint64_t i = 0; i < 100; ++i) {
            std::memcpy(k.data(), &i, sizeof i);
            const std::uint64_t h = store.hash(k.data());
            store.prefetch(h);
            const auto r = store.insert(k.data(), h);
            REQUIRE(r != StateStore::Insert::Seen);
            full += r == StateStore::Insert::Full;
            if (r == StateStore::Insert::Full) CHECK_FALSE(store.make_room(h));
            CHECK(store.insert(k.data()) ==
                  (r == StateStore::Insert::New ? StateStore::Insert::Seen : StateStore::Insert::Full));
        }
        if (bound == 4 << 10) CHECK(full > 50);  // most shards got no table
    }
    const Model model(test::shipped("eager"), test::config(FaultModel::Crash, 4));
    for (std::uint64_t bound : {std::uint64_t{4} << 10, std::uint64_t{32} << 10})
        for (int threads : {1, 2})
            for (std::uint64_t pass : {std::uint64_t{0}, std::uint64_t{100'000}}) {
                CAPTURE(bound);
                CAPTURE(threads);
                CAPTURE(pass);
                ExplorerOptions o;
                o.threads = threads;
                o.reduce = test::kNoReduction;
                o.max_memory = bound;
                o.breadth_first_states = pass;
                const CheckResult r = check(model, o);
                CHECK(r.verdict == Verdict::Incomplete);
                CHECK(r.limit == Limit::Memory);
            }
}

TEST_CASE("store: a shard filled before its growth asks for room instead of ending the search") {
    // Bracha's vector at N = 11, V = 2 is 76 bytes: one slot per group, so
    // a smallest shard holds 32 to 45 vectors and asks to grow at 92% of
    // them, a few inserts before it is full. The reduced search inserts a
    // whole expansion between two growth points; `check bracha --n 11`
    // ended "incomplete (max-memory)" after 516 states with 89 KiB stored.
    // Full below the memory bound now means "park, grow, insert again".
    constexpr int vb = 76;
    StateStore store(vb, std::uint64_t{1} << 30, 4);
    std::array<std::uint8_t, vb> k{};
    std::uint64_t full = 0, i = 0;
    for (; i < 2000; ++i) {
        std::memcpy(k.data(), &i, sizeof i);
        const std::uint64_t h = store.hash(k.data());
        auto r = store.insert(k.data(), h);  // never grows by itself
        if (r == StateStore::Insert::Full) {
            ++full;
            REQUIRE(store.make_room(h));
            REQUIRE(store.growth_wanted());
            store.grow();
            r = store.insert(k.data(), h);
        }
        REQUIRE(r == StateStore::Insert::New);
    }
    CHECK(full > 0);  // the case arose: without growth, the shards filled
    CHECK(store.size() == 2000);
    // The single-threaded insert makes its own room.
    StateStore alone(vb, std::uint64_t{1} << 30, 4);
    for (std::uint64_t j = 0; j < 2000; ++j) {
        std::memcpy(k.data(), &j, sizeof j);
        REQUIRE(alone.insert(k.data()) == StateStore::Insert::New);
    }
    // Under a memory bound, make_room says no once a growth was refused.
    StateStore small(vb, std::uint64_t{256} << 10, 4);
    std::uint64_t j = 0;
    for (; j < 100000; ++j) {
        std::memcpy(k.data(), &j, sizeof j);
        if (small.insert(k.data()) == StateStore::Insert::Full) break;
    }
    CHECK(j < 100000);
    CHECK_FALSE(small.make_room(small.hash(k.data())));
}

TEST_CASE("growth gate: workers park, every parked worker moves states, none inserts during a growth") {
    // The search's protocol (search.cpp): enter, insert, park when the store
    // wants to grow or a shard is full, leave. The threads leave at
    // different times, so some growths wait for a worker that leaves
    // instead of parking.
    StateStore store(kVb, std::uint64_t{1} << 30, 2);
    GrowthGate gate(store);
    const int threads = 4;
    const std::uint64_t keys = 400000;
    std::vector<std::atomic<int>> fresh(keys);
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            gate.enter();
            const std::uint64_t mine = keys - static_cast<std::uint64_t>(t) * 90000;
            for (std::uint64_t j = 0; j < mine;) {
                if (store.growth_wanted()) gate.park();
                const std::uint64_t i = (j + static_cast<std::uint64_t>(t) * 12345) % keys;
                const auto k = key(i);
                const std::uint64_t h = store.hash(k.data());
                switch (store.insert(k.data(), h)) {
                case StateStore::Insert::New: fresh[i].fetch_add(1); break;
                case StateStore::Insert::Seen: break;
                case StateStore::Insert::Full:
                    REQUIRE(store.make_room(h));
                    gate.park();
                    continue;
                }
                ++j;
            }
            gate.leave();
        });
    for (auto& th : pool) th.join();
    for (std::uint64_t i = 0; i < keys; ++i) REQUIRE(fresh[i].load() == 1);
    CHECK(store.size() == keys);
    CHECK(store.bytes() > 4 * (std::uint64_t{1} << 20));
    for (std::uint64_t i = 0; i < keys; ++i) {
        const auto k = key(i);
        REQUIRE(store.insert(k.data()) == StateStore::Insert::Seen);
    }
}
