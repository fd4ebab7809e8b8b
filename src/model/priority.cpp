// The order-independent reported property (docs/semantics.md): which
// searches may stop, and which states may still matter once a violation is
// known.
#include "model/priority.hpp"

#include "model/stubborn.hpp"

namespace rbsynth {

bool may_improve(const Model& model, Property found) {
    switch (found) {
    case Property::None: return true;
    case Property::Integrity: return false;
    case Property::Agreement: return model.config().faults == FaultModel::Byzantine;
    case Property::Validity: return true;
    }
    return true;
}

namespace {

// Integrity after the broadcast asks that no correct process delivers a
// value other than 0 while p0 is correct. Once p0 is Byzantine it asks only
// "at most once", which the model guarantees.
bool may_violate_integrity(const Model& model, const State& s, const Potential* p) {
    if (model.config().faults != FaultModel::Byzantine || model.is_byzantine(s, 0)) return false;
    if (!(s.global & kBroadcastBit) || !p || !p->fits) return true;
    for (int x = 0; x < model.config().n; ++x)
        if (model.is_correct(s, x) && (p->may_deliver[x] & ~1u)) return true;
    return false;
}

// Agreement fails only at a fair-terminal state where two correct processes
// delivered differently. If no correct process may deliver any more and
// those that are correct agree now, every later state agrees: processes
// only leave the correct set (crashes), and deliveries never change.
bool may_violate_agreement(const Model& model, const State& s, const Potential* p) {
    const Layout& l = model.layout();
    int first = -1;
    bool more = false;
    for (int x = 0; x < model.config().n; ++x) {
        if (!model.is_correct(s, x)) continue;
        const int d = l.delivered(s.local[x]);
        if (first < 0) first = d;
        else if (d != first) return true;
        if (d == 0) more |= !p || !p->fits || p->may_deliver[x] != 0;
    }
    return more;
}

}  // namespace

bool may_violate_before(const Model& model, const State& s, Property found) {
    if (found == Property::None) return true;
    if (!may_improve(model, found)) return false;
    // The analysis holds for none and byzantine once p0's broadcast handler
    // can no longer run (docs/reductions.md, rule 3).
    const bool analysable = model.config().faults != FaultModel::Crash &&
                            (s.global & kBroadcastBit || model.is_byzantine(s, 0));
    Potential pot;
    const Potential* p = nullptr;
    if (analysable) {
        pot = analyse(model, s);
        p = &pot;
    }
    if (may_violate_integrity(model, s, p)) return true;
    return found == Property::Validity && may_violate_agreement(model, s, p);
}

}  // namespace rbsynth
