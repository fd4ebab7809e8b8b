// Runs one external program (spin, the C compiler, pan) in a directory,
// with its output in a file and a wall-clock limit. Hand-written on
// posix_spawn: the project has no process library, popen cannot change
// directory or stop a child that runs too long, and std::system would pass
// paths through a shell.
#pragma once

#include <string>
#include <vector>

namespace rbsynth::spin {

struct ProcessResult {
    int exit_code = -1;   // 128 + signal when killed by one
    bool timed_out = false;
    double seconds = 0;
    std::string output;   // stdout and stderr together
};

// argv[0] is looked up on PATH. Throws Error when it cannot be started.
// time_limit 0: no limit.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& dir, double time_limit);

// The executable's full path when `name` (a bare name or a path) can be
// run, else empty.
std::string find_executable(const std::string& name);

}  // namespace rbsynth::spin
