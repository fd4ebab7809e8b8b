// A set of nodes of rule 3's class graph (docs/reductions.md): node
// x·T·V + t·V + v is "every receipt of <t, v> at correct x". Two words, so
// that the graph fits up to N·T·V = 128 nodes: Bracha's three types under
// V = 2 up to N = 21, four types up to N = 16, i.e. every N the layout
// allows (12) for T·V up to 10. Past that the reduction falls back to
// rule 2 (sound, weaker).
//
// Hand-written rather than std::bitset<128>: the persistent-set search
// walks the members in order and cuts a process's slice out as one word,
// which std::bitset offers only bit by bit.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace rbsynth {

struct NodeSet {
    static constexpr int kBits = 128;
    std::array<std::uint64_t, 2> w{};

    static NodeSet of(int i) {
        NodeSet s;
        s.set(i);
        return s;
    }
    void set(int i) { w[i >> 6] |= std::uint64_t{1} << (i & 63); }
    bool test(int i) const { return (w[i >> 6] >> (i & 63)) & 1; }
    bool any() const { return (w[0] | w[1]) != 0; }
    NodeSet& operator|=(const NodeSet& o) {
        w[0] |= o.w[0];
        w[1] |= o.w[1];
        return *this;
    }
    NodeSet operator~() const { return NodeSet{{~w[0], ~w[1]}}; }
    friend NodeSet operator&(const NodeSet& a, const NodeSet& b) { return NodeSet{{a.w[0] & b.w[0], a.w[1] & b.w[1]}}; }
    // Bits [from, from + len) as one word; len <= 64.
    std::uint64_t slice(int from, int len) const {
        const int k = from >> 6, o = from & 63;
        std::uint64_t v = w[k] >> o;
        if (o && k == 0) v |= w[1] << (64 - o);
        return len == 64 ? v : v & ((std::uint64_t{1} << len) - 1);
    }
    // The smallest member at least `from`, or -1: members in order are
    // `for (int i = s.next(0); i >= 0; i = s.next(i + 1))`.
    int next(int from) const {
        for (int k = from >> 6; k < 2; ++k) {
            const std::uint64_t m = k == (from >> 6) ? w[k] & (~std::uint64_t{0} << (from & 63)) : w[k];
            if (m) return k * 64 + std::countr_zero(m);
        }
        return -1;
    }
};

}  // namespace rbsynth
