#include "model/layout.hpp"

#include <cassert>

#include <fmt/core.h>

#include "model/error.hpp"
#include "model/short_bytes.hpp"

namespace rbsynth {

Layout::Layout(const Config& config, int types)
    : n_(config.n), types_(types), values_(config.values) {
    vbits_ = values_ == 1 ? 1 : 2;
    vmask_ = (std::uint64_t{1} << vbits_) - 1;
    const long need = values_ + long(types_ - 1) * n_ * values_ + long(types_ + 1) * vbits_;
    if (types_ < 1 || need > 64)
        throw Error(fmt::format(
            "{} types at N = {}, V = {} need {} bits of state per process; the explorer packs at most 64",
            types_, n_, values_, need));
    int bits = values_;  // type 0, from p0 only
    for (int t = 1; t < types_; ++t) {
        recv_base_[t] = bits;
        bits += n_ * values_;
    }
    sent_base_ = bits;
    del_base_ = sent_base_ + types_ * vbits_;
    for (int t = 0; t < types_; ++t)
        for (int v = 0; v < values_; ++v)
            for (int q = 0; q < (t == 0 ? 1 : n_); ++q) recv_mask_[t][v] |= recv_bit(t, q, v);
    crash_bits_ = config.faults == FaultModel::Crash;
    byz_bits_ = config.faults == FaultModel::Byzantine;
    global_bits_ = 1 + (crash_bits_ ? n_ : 0) + (byz_bits_ ? n_ : 0);
}

namespace {

// Appends `bits` low bits of `value` to a little-endian bit string.
struct BitWriter {
    std::array<std::uint64_t, kMaxN + 2> words{};
    int pos = 0;
    void put(std::uint64_t value, int bits) {
        if (bits == 0) return;
        int w = pos >> 6, off = pos & 63;
        words[w] |= value << off;
        if (off + bits > 64) words[w + 1] |= value >> (64 - off);
        pos += bits;
    }
};

struct BitReader {
    const std::uint64_t* words;
    int pos = 0;
    std::uint64_t get(int bits) {
        if (bits == 0) return 0;
        int w = pos >> 6, off = pos & 63;
        std::uint64_t v = words[w] >> off;
        if (off + bits > 64) v |= words[w + 1] << (64 - off);
        pos += bits;
        return bits == 64 ? v : v & ((std::uint64_t{1} << bits) - 1);
    }
};

}  // namespace

void Layout::pack(const State& s, std::uint8_t* out) const {
    BitWriter bw;
    const int b = bits_per_process();
    for (int p = 0; p < n_; ++p) {
        assert(b == 64 || (s.local[p] >> b) == 0);
        bw.put(s.local[p], b);
    }
    bw.put(s.global & kBroadcastBit, 1);
    const std::uint64_t procs = (std::uint64_t{1} << n_) - 1;
    if (crash_bits_) bw.put((s.global >> kCrashShift) & procs, n_);
    if (byz_bits_) bw.put((s.global >> kByzShift) & procs, n_);
    copy_short(out, bw.words.data(), packed_bytes());
}

State Layout::unpack(const std::uint8_t* in) const {
    std::array<std::uint64_t, kMaxPackedWords> words{};
    copy_short(words.data(), in, packed_bytes());
    return unpack_words(words.data());
}

State Layout::unpack_words(const std::uint64_t* words) const {
    BitReader br{words};
    State s;
    const int b = bits_per_process();
    for (int p = 0; p < n_; ++p) s.local[p] = br.get(b);
    s.global = br.get(1);
    if (crash_bits_) s.global |= br.get(n_) << kCrashShift;
    if (byz_bits_) s.global |= br.get(n_) << kByzShift;
    return s;
}

}  // namespace rbsynth
