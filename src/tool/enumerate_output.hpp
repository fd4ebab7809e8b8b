// The output side of `rbsynth enumerate`: the progress bar, and the summary
// and files written at the end (docs/enumerate.md).
#pragma once

#include <chrono>
#include <string>

#include "enumerate/enumeration.hpp"

namespace rbsynth::tool {

// "classes 120000/241000 [#####.....] 12 hold | 410 classes/s | ETA 4:55"
class EnumerateProgress {
public:
    EnumerateProgress(const Enumeration& e, bool enabled, bool tty);
    void update(bool last);  // at most every 0.2 s (5 s without a terminal) unless last

private:
    const Enumeration& e_;
    bool enabled_, tty_;
    std::chrono::steady_clock::time_point start_, shown_;
    std::size_t first_done_;
};

// The summary on stdout and report.json, correct.csv and least-cost-K.alg
// in `out`; returns the exit code (0: every class has a verdict, 2: not).
int finish_enumeration(const Enumeration& e, const std::string& out, double seconds, int threads, int ranks,
                       bool quiet);

}  // namespace rbsynth::tool
