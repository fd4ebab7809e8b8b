// Shared test helpers: where the algorithm files are, and a one-call check.
#pragma once

#include <string>

#include "explorer/check.hpp"
#include "model/algorithm.hpp"
#include "model/model.hpp"

#ifndef RBSYNTH_SHARED_ALGORITHMS
#define RBSYNTH_SHARED_ALGORITHMS "../shared/spec/algorithms"
#endif
#ifndef RBSYNTH_ALGORITHMS
#define RBSYNTH_ALGORITHMS "algorithms"
#endif

namespace rbsynth::test {

inline Algorithm shipped(const std::string& name) {
    return load_algorithm(std::string(RBSYNTH_ALGORITHMS) + "/" + name + ".alg");
}

inline Algorithm spec_algorithm(const std::string& name) {
    return load_algorithm(std::string(RBSYNTH_SHARED_ALGORITHMS) + "/" + name + ".alg");
}

// The spec's copy where it has one, else the project's library.
inline Algorithm spec_or_shipped(const std::string& name) {
    for (const char* spec : {"best-effort", "eager", "bracha", "paper-fig3"})
        if (name == spec) return spec_algorithm(name);
    return shipped(name);
}

inline Config config(FaultModel faults, int n, int f = -1, int values = -1) {
    Config c;
    c.faults = faults;
    c.n = n;
    c.f = f >= 0 ? f : Config::default_f(faults, n);
    c.values = values > 0 ? values : Config::default_values(faults);
    return c;
}

inline constexpr Reduction kNoReduction{false, false};

// breadth_first: the default breadth-first pass before the parallel search
// (off by default here, so that the tests exercise the parallel search).
inline CheckResult run(const Model& model, int threads, bool full = false, Reduction reduce = kNoReduction,
                       bool breadth_first = false) {
    ExplorerOptions o;
    o.threads = threads;
    o.reduce = reduce;
    if (!breadth_first) o.breadth_first_states = 0;
    o.stop_at_violation = !full;
    o.max_memory = std::uint64_t{6} << 30;
    // The breadth-first shortest counterexample, whatever it costs: the
    // default's cheaper choice depends on timing, and the tests pin traces.
    o.shortest = true;
    return check(model, o);
}

}  // namespace rbsynth::test
