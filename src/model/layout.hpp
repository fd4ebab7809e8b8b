// The state of docs/semantics.md, in two forms. `State` is the working form: one
// 64-bit word per process and one global word. The packed form is the
// fixed-width bit string the explorer stores: each process's word cut to the
// bits the configuration needs, then the global flags.
//
// The pending set is not stored: every message between processes that were
// correct when it was sent is determined by the sender's sent-value for its
// type, the receiver's receipts and the receiver's crash flag
// (pending(q,p,t) <=> sent_q(t) = v and p has no receipt (q,t,v) and p is
// correct). So two states with equal stored fields have equal pending sets,
// and the reachable state count is that of docs/semantics.md.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>

#include "model/config.hpp"
#include "model/short_bytes.hpp"

namespace rbsynth {

inline constexpr int kMaxN = Config::kMaxN;

struct State {
    // bit 0: p0 has broadcast; bits 1..12: crashed; bits 13..24: Byzantine.
    std::uint64_t global = 0;
    std::array<std::uint64_t, kMaxN> local{};

    bool operator==(const State&) const = default;
};

inline constexpr std::uint64_t kBroadcastBit = 1;
inline constexpr int kCrashShift = 1;
inline constexpr int kByzShift = 1 + kMaxN;
inline constexpr int kMaxPackedBytes = (64 * kMaxN + 1 + 2 * kMaxN + 7) / 8;
inline constexpr int kMaxPackedWords = (kMaxPackedBytes + 7) / 8;

// Where each field of a process's word lives, for one (N, types, V).
// Receipt bits: type 0 from p0 only (V bits), then for each type t >= 1 and
// each sender q, V bits. Then the sent value per type and the delivered
// value, each 0 for "none" or v+1.
class Layout {
public:
    Layout() = default;
    Layout(const Config& config, int types);

    int n() const { return n_; }
    int types() const { return types_; }
    int values() const { return values_; }
    int bits_per_process() const { return del_base_ + vbits_; }
    int packed_bits() const { return n_ * bits_per_process() + global_bits_; }
    int packed_bytes() const { return (packed_bits() + 7) / 8; }

    std::uint64_t recv_bit(int t, int q, int v) const {
        return std::uint64_t{1} << (t == 0 ? v : recv_base_[t] + q * values_ + v);
    }
    // First bit of type t's receipt block (t >= 1): sender q, value v at
    // recv_base(t) + q * V + v. Symmetry reduction relabels senders in it.
    int recv_base(int t) const { return recv_base_[t]; }
    // All receipts of <t, v>, from any sender.
    std::uint64_t recv_mask(int t, int v) const { return recv_mask_[t][v]; }
    // The senders of the <t, v> receipts in word w, as a mask (bit q).
    // Type 0 has one bit, from p0. With V = 1 the senders' bits are
    // adjacent; with V = 2 every other bit, gathered by the usual halving
    // compaction (Warren, Hacker's Delight, 7-4): this sits in the analysis
    // and the canonical form of every state, and BMI2's pext is not part of
    // the baseline x86-64 the CI builds for.
    std::uint32_t held_from(std::uint64_t w, int t, int v) const {
        if (t == 0) return static_cast<std::uint32_t>(w >> v & 1);
        const std::uint64_t low = (std::uint64_t{1} << n_) - 1;
        if (values_ == 1) return static_cast<std::uint32_t>(w >> recv_base_[t] & low);
        if (values_ == 2) {
            std::uint64_t x = w >> (recv_base_[t] + v) & 0x5555555555555555ULL & ((std::uint64_t{1} << 2 * n_) - 1);
            x = (x | x >> 1) & 0x3333333333333333ULL;
            x = (x | x >> 2) & 0x0f0f0f0f0f0f0f0fULL;
            x = (x | x >> 4) & 0x00ff00ff00ff00ffULL;
            x = (x | x >> 8) & 0x0000ffff0000ffffULL;
            return static_cast<std::uint32_t>(x | x >> 16);
        }
        return held_from_bits(w, t, v);
    }
    // The same, bit by bit (any V; the reference the test compares with).
    std::uint32_t held_from_bits(std::uint64_t w, int t, int v) const {
        std::uint32_t from = 0;
        for (int q = t == 0 ? 0 : n_ - 1; q >= 0; --q) from = from << 1 | ((w & recv_bit(t, q, v)) != 0);
        return from;
    }
    int sent(std::uint64_t w, int t) const {
        return static_cast<int>((w >> (sent_base_ + t * vbits_)) & vmask_);
    }
    std::uint64_t with_sent(std::uint64_t w, int t, int v) const {
        return w | (std::uint64_t(v + 1) << (sent_base_ + t * vbits_));
    }
    int delivered(std::uint64_t w) const { return static_cast<int>((w >> del_base_) & vmask_); }
    std::uint64_t with_delivered(std::uint64_t w, int v) const {
        return w | (std::uint64_t(v + 1) << del_base_);
    }

    void pack(const State& s, std::uint8_t* out) const;
    State unpack(const std::uint8_t* in) const;

    // 64-bit words of a packed vector (its bytes read little-endian, the
    // last word zero-padded): what repack() starts from.
    int packed_words() const { return (packed_bits() + 63) / 64; }
    // unpack() from those words: the exact search reads each popped vector
    // into words once, for this and for repack().
    State unpack_words(const std::uint64_t* words) const;
    // pack() of the successor of s that has word `word` at process p and
    // global word `global` (the rest as in s), from the packed form of s
    // as words: the fields that changed are flipped in place. Every step
    // changes at most those two words (Model::for_each_move_if), and the
    // exact search packs ten successors per state: rebuilding each from
    // its thirteen words cost a tenth of that search's time. Equal to
    // pack() (test "repack gives pack's bytes").
    void repack(const std::uint64_t* parent, const State& s, int p, std::uint64_t word, std::uint64_t global,
                std::uint8_t* out) const {
        std::array<std::uint64_t, kMaxPackedWords> w;
        for (int i = 0, nw = packed_words(); i < nw; ++i) w[i] = parent[i];
        const int b = bits_per_process();
        flip(w.data(), p * b, s.local[p] ^ word, b);
        if (global != s.global) flip(w.data(), n_ * b, packed_global(global ^ s.global), global_bits_);
        copy_short(out, w.data(), packed_bytes());
    }

private:
    // XOR of `bits` bits of x into the bit string at bit `at`.
    static void flip(std::uint64_t* w, int at, std::uint64_t x, int bits) {
        const int i = at >> 6, off = at & 63;
        w[i] ^= x << off;
        if (off + bits > 64) w[i + 1] ^= x >> (64 - off);
    }
    // The global word's packed bits (broadcast, then crashed, then
    // Byzantine processes, as pack() writes them).
    std::uint64_t packed_global(std::uint64_t g) const {
        const std::uint64_t procs = (std::uint64_t{1} << n_) - 1;
        std::uint64_t out = g & kBroadcastBit;
        int at = 1;
        if (crash_bits_) {
            out |= ((g >> kCrashShift) & procs) << at;
            at += n_;
        }
        if (byz_bits_) out |= ((g >> kByzShift) & procs) << at;
        return out;
    }

    int n_ = 0, types_ = 0, values_ = 1;
    int vbits_ = 1;  // bits for "none or a value": 1 when V = 1, else 2
    std::uint64_t vmask_ = 1;
    std::array<int, 64> recv_base_{};
    std::array<std::array<std::uint64_t, 2>, 64> recv_mask_{};
    int sent_base_ = 0, del_base_ = 0;
    bool crash_bits_ = false, byz_bits_ = false;
    int global_bits_ = 1;
};

}  // namespace rbsynth
