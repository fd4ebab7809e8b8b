#include "enumerate/language.hpp"

#include <algorithm>
#include <cassert>
#include <map>
#include <tuple>

#include <xxhash.h>

#include "learner/heuristics.hpp"

namespace rbsynth {

namespace {

// A partial algorithm exactly, in 128 bits: one byte per action (the
// vocabulary has fewer than 255 actions), so no two are ever merged by a
// hash collision.
struct Key {
    std::uint64_t lo = 0, hi = 0;
    bool operator==(const Key& o) const { return lo == o.lo && hi == o.hi; }
};
// An exact set of keys, open addressing in one array: the language holds
// millions of them, and std::unordered_set's node per key (an allocation
// and a cache miss each) was half of building it. No key has all bits set
// (the high word holds 9 bits), so that marks an empty slot.
class KeySet {
public:
    bool insert(const Key& k) {
        if (2 * (size_ + 1) > slots_.size()) grow();
        return place(k);
    }

private:
    static constexpr Key kEmpty{~0ull, ~0ull};
    bool place(const Key& k) {
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = XXH3_64bits(&k, sizeof k) & mask;; i = (i + 1) & mask) {
            if (slots_[i] == k) return false;
            if (slots_[i] == kEmpty) {
                slots_[i] = k;
                ++size_;
                return true;
            }
        }
    }
    void grow() {
        std::vector<Key> old = std::move(slots_);
        slots_.assign(std::max<std::size_t>(1024, 2 * old.size()), kEmpty);
        size_ = 0;
        for (const Key& k : old)
            if (!(k == kEmpty)) place(k);
    }
    std::vector<Key> slots_;
    std::size_t size_ = 0;
};

Key key_of(int broadcast, bool stopped, const std::vector<int>& receive) {
    Key k;
    k.hi = static_cast<std::uint64_t>(broadcast + 1) | (stopped ? 1u << 8 : 0u);
    for (std::size_t i = 0; i < receive.size(); ++i)
        k.lo |= static_cast<std::uint64_t>(receive[i] + 1) << (8 * i);
    return k;
}

// The stable order of PartialAlgorithm::add on action indices.
void canonical_order(const Vocabulary& vocab, std::vector<int>& receive) {
    std::stable_sort(receive.begin(), receive.end(), [&](int x, int y) {
        const Action &ax = vocab[x], &ay = vocab[y];
        const bool dx = ax.kind == Action::Kind::Deliver, dy = ay.kind == Action::Kind::Deliver;
        if (dx != dy) return dy;
        return dx ? x < y : ax.type < ay.type;
    });
}

// The vocabulary's actions under each renaming of the types 1..types-1
// (type 0, the sender's, keeps its name): renamed[p][a].
std::vector<std::vector<int>> renamings(const Vocabulary& vocab) {
    std::vector<int> perm(static_cast<std::size_t>(vocab.types()));
    for (std::size_t t = 0; t < perm.size(); ++t) perm[t] = static_cast<int>(t);
    std::map<std::tuple<int, int, int, int, int>, int> index;
    auto tuple_of = [](const Action& a) {
        return std::make_tuple(static_cast<int>(a.kind), a.type, static_cast<int>(a.target), a.guard_type, a.threshold);
    };
    for (int a = 0; a < vocab.size(); ++a) index.emplace(tuple_of(vocab[a]), a);
    std::vector<std::vector<int>> out;
    do {
        std::vector<int> map(static_cast<std::size_t>(vocab.size()), -1);
        for (int a = 0; a < vocab.size(); ++a) {
            Action b = vocab[a];
            if (b.kind == Action::Kind::Send) b.type = perm[static_cast<std::size_t>(b.type)];
            if (b.guarded()) b.guard_type = perm[static_cast<std::size_t>(b.guard_type)];
            const auto it = index.find(tuple_of(b));
            map[static_cast<std::size_t>(a)] = it == index.end() ? -1 : it->second;
        }
        out.push_back(std::move(map));
    } while (std::next_permutation(perm.begin() + 1, perm.end()));
    return out;
}

Representative represent(const PartialAlgorithm& p) {
    Representative r;
    r.broadcast = static_cast<std::uint16_t>(p.broadcast);
    r.rules = static_cast<std::uint8_t>(p.receive.size());
    for (std::size_t i = 0; i < p.receive.size(); ++i) r.receive[i] = static_cast<std::uint16_t>(p.receive[i]);
    return r;
}

}  // namespace

Language::Language(const LearnerOptions& o) : vocab_(o) {
    assert(vocab_.size() < 255 && o.max_rules <= 8);  // Key: one byte per action, 8 in the low word
    const std::vector<std::vector<int>> renamed = renamings(vocab_);
    KeySet seen, classes;
    std::vector<PartialAlgorithm> stack{PartialAlgorithm{}};
    std::vector<int> receive;
    while (!stack.empty()) {
        PartialAlgorithm p = std::move(stack.back());
        stack.pop_back();
        if (!seen.insert(key_of(p.broadcast, p.stopped, p.receive))) continue;
        ++stats_.partials;
        if (p.complete()) {
            ++stats_.candidates;
            // The class: the least renamed and re-sorted form, which is
            // canonical_candidate's class (same rules up to type names and
            // the order of independent rules; the tests compare both). A
            // renaming that leaves the vocabulary (a vocabulary without
            // type 0 sends never does) is skipped.
            Key least{~0ull, ~0ull};
            for (const std::vector<int>& map : renamed) {
                receive.clear();
                for (int a : p.receive) receive.push_back(map[static_cast<std::size_t>(a)]);
                if (std::find(receive.begin(), receive.end(), -1) != receive.end()) continue;
                canonical_order(vocab_, receive);
                const Key k = key_of(p.broadcast, true, receive);
                if (k.hi < least.hi || (k.hi == least.hi && k.lo < least.lo)) least = k;
            }
            if (classes.insert(least)) classes_.push_back(represent(p));
            continue;
        }
        const std::vector<int> next = allowed_actions(vocab_, p, o);
        // Pushed in reverse so that the vocabulary's first action is explored first.
        for (auto it = next.rbegin(); it != next.rend(); ++it) {
            PartialAlgorithm child = p;
            child.add(vocab_, *it, o.max_rules);
            stack.push_back(std::move(child));
        }
    }
}

Algorithm Language::algorithm(std::size_t i) const {
    const Representative& r = classes_[i];
    PartialAlgorithm p;
    p.broadcast = r.broadcast;
    p.receive.assign(r.receive.begin(), r.receive.begin() + r.rules);
    p.stopped = true;
    return canonical_candidate(p.algorithm(vocab_));
}

}  // namespace rbsynth
