// Symmetry reduction (Emerson and Sistla, "Symmetry and model checking",
// FMSD 9, 1996; Ip and Dill, "Better verification through symmetry", FMSD
// 9, 1996). Every process other than p0 runs the same handlers and every
// threshold counts senders, so a permutation of p1..p(N-1), applied to the
// process slots, their crash and Byzantine flags and the sender ids inside
// every receipt set, maps reachable states to reachable states, steps to
// steps, fair-terminal states to fair-terminal states, and each property to
// itself. Exact canonical forms are graph canonisation; we sort processes by
// signatures that do not depend on the labels (one round of refinement by
// neighbours' signatures), which is cheap and leaves only rare ties.
#include <array>
#include <bit>
#include <functional>
#include <utility>

#include "model/reduction.hpp"

namespace rbsynth {

namespace {

constexpr std::uint64_t mix(std::uint64_t h, std::uint64_t x) {
    // splitmix64's finaliser: a cheap, well-spread combination of signatures.
    h ^= x + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    return h ^ (h >> 31);
}

struct Signatures {
    std::array<std::uint64_t, kMaxN> key{};
};

// Insertion sort of a[from, to): at most eleven elements, where it is the
// fastest sort, and g++ 12 warns falsely about std::sort on a std::array
// with a run-time bound.
template <class T, class Less>
void small_sort(std::array<T, kMaxN>& a, int from, int to, Less less) {
    for (int i = from + 1; i < to; ++i)
        for (int j = i; j > from && less(a[j], a[j - 1]); --j) std::swap(a[j], a[j - 1]);
}

// Label-free facts about process i: its flags, its own fields, how many
// receipts of each <t, v> it holds, whether they include its own copy and
// p0's, and how many processes hold a receipt of <t, v> from it.
Signatures first_round(const Model& model, const State& s) {
    const Layout& l = model.layout();
    const int n = l.n(), types = l.types(), values = l.values();
    std::uint64_t receipt_bits = 0;
    for (int t = 1; t < types; ++t)
        for (int v = 0; v < values; ++v) receipt_bits |= l.recv_mask(t, v);
    Signatures sig;
    for (int i = 1; i < n; ++i) {
        const std::uint64_t w = s.local[i];
        std::uint64_t h = mix(model.is_byzantine(s, i) * 2 + model.is_crashed(s, i), w & ~receipt_bits);
        for (int t = 1; t < types; ++t)
            for (int v = 0; v < values; ++v) {
                int held_from_i = 0;
                for (int j = 0; j < n; ++j) held_from_i += (s.local[j] & l.recv_bit(t, i, v)) != 0;
                const std::uint64_t count = std::popcount(w & l.recv_mask(t, v));
                const std::uint64_t own = (w & l.recv_bit(t, i, v)) != 0;
                const std::uint64_t from_p0 = (w & l.recv_bit(t, 0, v)) != 0;
                h = mix(h, count | own << 8 | from_p0 << 9 | std::uint64_t(held_from_i) << 10);
            }
        sig.key[i] = h;
    }
    return sig;
}

// Refines each signature by the multiset of (neighbour's signature, which
// receipts link the two): sorted, so the result is label-free too.
Signatures refine(const Model& model, const State& s, const Signatures& in) {
    const Layout& l = model.layout();
    const int n = l.n(), types = l.types(), values = l.values();
    Signatures out;
    for (int i = 1; i < n; ++i) {
        std::array<std::uint64_t, kMaxN> edges{};
        for (int j = 1; j < n; ++j) {
            std::uint64_t e = 0;
            for (int t = 1; t < types; ++t)
                for (int v = 0; v < values; ++v) {
                    e = e << 2 | ((s.local[i] & l.recv_bit(t, j, v)) != 0) |
                        ((s.local[j] & l.recv_bit(t, i, v)) != 0) << 1;
                }
            edges[j] = mix(in.key[j], e + (i == j));
        }
        small_sort(edges, 1, n, std::less<std::uint64_t>());
        std::uint64_t h = in.key[i];
        for (int j = 1; j < n; ++j) h = mix(h, edges[j]);
        out.key[i] = h;
    }
    return out;
}

// The word of a process after renaming each sender q to to[q].
std::uint64_t relabel_word(const Layout& l, std::uint64_t w, const Relabelling& to) {
    const int n = l.n(), values = l.values();
    const std::uint64_t chunk = (std::uint64_t{1} << values) - 1;
    std::uint64_t out = w;
    for (int t = 1; t < l.types(); ++t) {
        const int base = l.recv_base(t);
        for (int q = 0; q < n; ++q) out &= ~(chunk << (base + q * values));
        for (int q = 0; q < n; ++q) out |= ((w >> (base + q * values)) & chunk) << (base + to[q] * values);
    }
    return out;
}

}  // namespace

State relabel(const Model& model, const State& s, const Relabelling& to) {
    const Layout& l = model.layout();
    State out;
    out.global = s.global & kBroadcastBit;
    for (int i = 0; i < l.n(); ++i) {
        out.local[to[i]] = relabel_word(l, s.local[i], to);
        if (model.is_crashed(s, i)) out.global |= std::uint64_t{1} << (kCrashShift + to[i]);
        if (model.is_byzantine(s, i)) out.global |= std::uint64_t{1} << (kByzShift + to[i]);
    }
    return out;
}

Step relabel(const Step& step, const Relabelling& to) {
    Step out = step;
    out.process = static_cast<std::uint8_t>(to[step.process]);
    if (step.kind == Step::Kind::Receive || step.kind == Step::Kind::Byzantine)
        out.from = static_cast<std::uint8_t>(to[step.from]);
    return out;
}

State canonical(const Model& model, const State& s, Relabelling* to_out) {
    const int n = model.layout().n();
    const Signatures sig = refine(model, s, first_round(model, s));
    Relabelling order{};  // order[k]: the process that becomes p(k)
    for (int i = 0; i < n; ++i) order[i] = i;
    small_sort(order, 1, n, [&](int a, int b) { return sig.key[a] < sig.key[b]; });
    Relabelling to{};
    for (int k = 0; k < n; ++k) to[order[k]] = k;
    if (to_out) *to_out = to;
    return relabel(model, s, to);
}

}  // namespace rbsynth
