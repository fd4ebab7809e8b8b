// The output side of `rbsynth learn`: the progress bar, and the files and
// summary written at the end of a run.
#pragma once

#include <chrono>
#include <string>

#include "learner/learner.hpp"

namespace rbsynth::tool {

// "episode 1200/12000 [###.......] best 41 | cache 63% | 812 checks/s | ETA 0:12"
class Progress {
public:
    Progress(const Learner& learner, bool enabled, bool tty);
    void update(bool last);  // at most every 0.2 s unless last

private:
    const Learner& learner_;
    bool enabled_, tty_;
    std::chrono::steady_clock::time_point start_, shown_;
    int first_episode_;
};

void write_file(const std::string& path, const std::string& text, const std::string& flag);

// The first line of the final report: "learn under byzantine faults V=2,
// validated at N=4,5,6 (F=1,1,1), 12000 episodes, seed 1".
std::string learn_headline(const LearnerOptions& o);
// The greedy episode, the resilience table, the summary on stdout and the
// files in `out`; returns the exit code (0: a correct algorithm was found).
int finish_run(Learner& learner, const std::string& out, double table_time, bool quiet);

}  // namespace rbsynth::tool
