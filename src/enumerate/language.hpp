// The learner's language, enumerated: every complete candidate that an
// episode of `rbsynth learn` can build (the vocabulary, the learner's
// canonical rule order and its action heuristics), grouped into the
// equivalence classes of the learner's validation cache (canonical_candidate:
// the same text up to type names and the order of independent rules).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "learner/options.hpp"
#include "learner/partial.hpp"
#include "learner/vocabulary.hpp"

namespace rbsynth {

// A class's representative: the first complete partial algorithm of the
// class in the enumeration order, as action indices (compact: a language
// has millions of classes).
struct Representative {
    std::uint16_t broadcast = 0;
    std::uint8_t rules = 0;                 // receive rules used
    std::array<std::uint16_t, 8> receive{};  // max_rules <= 8 (LearnerOptions::finish)
};

struct LanguageStats {
    std::uint64_t partials = 0;    // distinct partial algorithms visited (learner states)
    std::uint64_t candidates = 0;  // distinct complete candidates (the learner's complete states)
};

class Language {
public:
    // Enumerates depth first from the empty algorithm; the class order is
    // the order of first appearance, a function of the settings alone.
    // `options` must be finished (LearnerOptions::finish).
    explicit Language(const LearnerOptions& options);

    std::size_t classes() const { return classes_.size(); }
    const LanguageStats& stats() const { return stats_; }
    const Vocabulary& vocabulary() const { return vocab_; }
    // The canonical candidate of class i (canonical_candidate of its representative).
    Algorithm algorithm(std::size_t i) const;

private:
    Vocabulary vocab_;
    std::vector<Representative> classes_;
    LanguageStats stats_;
};

}  // namespace rbsynth
