// The class graph's node sets (model/node_set.hpp) against std::bitset:
// rule 3 builds its persistent sets from them, so a wrong bit past 64 would
// drop steps silently at N·T·V > 64 (Bracha under V = 2 from N = 11), where
// no exact search can finish to catch it.
#include <doctest/doctest.h>

#include <bitset>
#include <iostream>
#include <random>

#include "model/node_set.hpp"

using namespace rbsynth;

namespace {

std::bitset<128> as_bitset(const NodeSet& s) {
    std::bitset<128> b;
    for (int i = s.next(0); i >= 0; i = s.next(i + 1)) b.set(static_cast<std::size_t>(i));
    return b;
}

NodeSet random_set(std::mt19937_64& rng, std::bitset<128>& ref) {
    NodeSet s;
    ref.reset();
    const int members = static_cast<int>(rng() % 20);
    for (int k = 0; k < members; ++k) {
        const int i = static_cast<int>(rng() % 128);
        s.set(i);
        ref.set(static_cast<std::size_t>(i));
    }
    return s;
}

}  // namespace

TEST_CASE("node sets: every operation agrees with std::bitset<128>") {
    std::mt19937_64 rng(7);
    for (int round = 0; round < 2000; ++round) {
        std::bitset<128> ra, rb;
        NodeSet a = random_set(rng, ra), b = random_set(rng, rb);
        REQUIRE(as_bitset(a) == ra);
        for (int i = 0; i < 128; ++i) REQUIRE(a.test(i) == ra.test(static_cast<std::size_t>(i)));
        REQUIRE(a.any() == ra.any());
        REQUIRE(as_bitset(a & b) == (ra & rb));
        REQUIRE(as_bitset(~a) == ~ra);
        NodeSet c = a;
        c |= b;
        REQUIRE(as_bitset(c) == (ra | rb));
        // A process's slice: per = T·V bits from x·per, across the word
        // boundary too (x = 10, per = 6: bits 60..65).
        const int per = 1 + static_cast<int>(rng() % 64);
        const int x = static_cast<int>(rng() % static_cast<std::uint64_t>(128 / per));
        std::uint64_t want = 0;
        for (int k = 0; k < per; ++k) want |= std::uint64_t{ra.test(static_cast<std::size_t>(x * per + k))} << k;
        REQUIRE(a.slice(x * per, per) == want);
        // next() from every start.
        for (int from = 0; from < 128; ++from) {
            int expect = -1;
            for (int i = from; i < 128; ++i)
                if (ra.test(static_cast<std::size_t>(i))) {
                    expect = i;
                    break;
                }
            REQUIRE(a.next(from) == expect);
        }
    }
    CHECK(NodeSet::of(64).slice(60, 6) == 0b10000);
    CHECK(NodeSet::of(127).next(0) == 127);
    CHECK(NodeSet{}.next(0) == -1);
}
