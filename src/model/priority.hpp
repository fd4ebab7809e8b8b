// Which violated property a check reports, independently of the search
// order and of the reduction (docs/semantics.md, "The reported property"):
// the first of Integrity, Agreement, Validity that some reachable state
// violates. A search that meets a violation of one property goes on only
// for the properties before it, and only through states from which one of
// those may still be reached; these functions decide both.
#pragma once

#include "model/model.hpp"

namespace rbsynth {

// Whether a property before `found` in the order Integrity, Agreement,
// Validity can be violated in this configuration at all. Integrity needs a
// Byzantine process: without one only value 0 is ever sent, and nothing is
// sent before p0's broadcast, so no correct process delivers another value
// or delivers before the broadcast.
bool may_improve(const Model& model, Property found);

// Whether some state reachable from `s` may violate a property before
// `found`. An over-approximation: true whenever unsure. Uses the analysis of
// what may still happen (src/model/potential.cpp), which covers every
// future under fault models none and byzantine once p0 has broadcast or is
// Byzantine; elsewhere only facts that need no analysis are used.
bool may_violate_before(const Model& model, const State& s, Property found);

}  // namespace rbsynth
