// A deliberately plain reference enumerator of the checked model
// (docs/semantics.md), written from the specification text alone.
// It exists to cross-check the fast explorer: same states, same
// transitions, same verdicts. It favours obviousness over speed.
#pragma once

#include <cstdint>

#include "model/algorithm.hpp"
#include "model/config.hpp"

namespace rbsynth::ref {

struct RefResult {
    std::uint64_t states = 0;         // distinct reachable states (all initial states included)
    std::uint64_t transitions = 0;    // every enabled step of every reachable state
    bool integrity_violated = false;  // in some reachable state
    bool agreement_violated = false;  // at some reachable fair-terminal state
    bool validity_violated = false;   // at some reachable fair-terminal state
    bool complete = true;             // false if max_states was exceeded
};

// Breadth-first search over every reachable state of the configuration.
// Every guard threshold must evaluate to at least 1 for (n, f).
RefResult enumerate(const rbsynth::Algorithm& alg, rbsynth::FaultModel faults, int n, int f,
                    int values, std::uint64_t max_states = 5'000'000);

}  // namespace rbsynth::ref
