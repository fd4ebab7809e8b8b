// The differential soundness harness (issue #13): for a seeded random
// candidate of the whole language and a configuration small enough for the
// exact search, `--reduce all`, `por`, `symmetry` and `none` must give the
// same verdict and property, every counterexample must replay in the
// unreduced model to the violation it claims. Used by the `soundness` test (a CI slice) and
// by bench/soundness (long runs, resumable by seed range).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "explorer/result.hpp"
#include "model/algorithm.hpp"
#include "model/config.hpp"
#include "model/reduction.hpp"

namespace rbsynth::soundness {

struct Options {
    // Every search, exact and reduced, stops (incomplete) past this many
    // stored states; a configuration whose exact search does is skipped.
    std::uint64_t max_states = 150'000;
    // Library algorithms whose mutants are half the candidates (none: all
    // fresh candidates).
    std::vector<Algorithm> bases;
    // Configurations to draw from instead of the mix (none: the mix).
    std::vector<Config> configs;
    // The modes compared with the exact search (none: the three of
    // modes()); the tests add deliberately unsound ones here.
    std::vector<std::pair<std::string, Reduction>> reduced;
};

// One configuration: a candidate and (faults, N, F, V).
struct Candidate {
    std::uint64_t seed = 0;
    Config config;
    Algorithm algorithm;
    std::string origin;  // "fresh", or "mutant of <base>"
};

struct ModeResult {
    std::string mode;  // none, symmetry, por, all
    Verdict verdict = Verdict::Incomplete;
    Property property = Property::None;
    std::uint64_t states = 0;
    double seconds = 0;     // time to verdict, counterexample included
    int trace_steps = -1;   // -1: no trace
};

// ReducedIncomplete: the exact search decided, a reduced one hit the cap
// (no verdict, so no disagreement; the depth-first seeds meet it).
enum class Outcome { Agree, Disagree, SkippedExactTooBig, ReducedIncomplete };
std::string to_string(Outcome o);

struct CaseResult {
    Candidate candidate;
    std::vector<ModeResult> modes;  // none first
    Outcome outcome = Outcome::Agree;
    std::vector<std::string> problems;  // each disagreement, in words
    std::uint64_t max_states = 0;       // the cap it ran under
};

// The four modes, exact first.
const std::vector<std::pair<std::string, Reduction>>& modes();

// The configuration and candidate of a seed: a configuration from the mix
// (none N = 3, 4; crash N = 3..5 with F = 1, 2; Byzantine V = 1, 2 at N = 4,
// 5 with F = 1, 2 and N = 6, 7 with F = 2), then a fresh candidate or a
// mutant of a base, every threshold valid for that N and F.
Candidate draw(std::uint64_t seed, const Options& options);

// Runs the four modes on one candidate (1 thread each) and compares
// verdict and property with the exact search's. Seeds = 3 mod 4 skip the
// breadth-first pass and build no trace (the depth-first search decides);
// on the others every trace is replayed. Seeds = 1 mod 4 give the reduced
// searches' pass a budget of 1..64 states: the depth-first search goes on
// from where the pass stopped.
CaseResult run(const Candidate& candidate, const Options& options);

// One JSONL record: seed, configuration, algorithm text, origin, outcome,
// problems, and per mode verdict, property, states, seconds, trace length.
nlohmann::json to_json(const CaseResult& result);

// A Markdown reproducer for the findings file.
std::string reproducer(const CaseResult& result);

}  // namespace rbsynth::soundness
