// Spin on one model: write the Promela text into a fresh directory, run
// `spin -a`, compile pan, run it within limits, read its report and, after
// an error, translate its trail (`spin -t`) into rbsynth steps.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "explorer/result.hpp"
#include "model/model.hpp"
#include "spin/emit.hpp"
#include "spin/pan_report.hpp"

namespace rbsynth::spin {

struct SpinOptions {
    std::string spin = "spin";      // the spin executable (looked up on PATH)
    std::string cc = "cc";          // the C compiler for pan.c
    // -O1: pan ran twice as fast as at -O0 for three times the compile
    // (Bracha, Byzantine, V = 1, N = 4: 2.4 s against 4.9 s; 3.5 s against
    // 1.2 s); the tests use -O0, where models are small and compiling dominates.
    std::string optimisation = "-O1";
    std::uint64_t memory = 0;       // bytes pan may use (-DMEMLIM); 0: 3/4 of physical memory
    double time_limit = 0;          // seconds pan may run; 0: no limit
    int depth = 0;                  // pan -m; 0: search_depth_bound(model), never too small
    int hash_bits = 20;             // pan -w: the initial table; pan grows it 4x as it fills
    bool collapse = false;          // -DCOLLAPSE: fewer bytes per state, slower
    bool trail = true;              // after an error, replay the trail into a Trace
    std::string cache_dir;          // keep compiled pans here, reused for an identical model
    std::string keep_dir;           // work here and keep the files (default: a temporary directory)
};

enum class SpinLimit { None, Memory, Time, Depth };
std::string to_string(SpinLimit limit);

struct SpinResult {
    Verdict verdict = Verdict::Incomplete;
    Property property = Property::None;  // when violated, as pan's assertion names it
    SpinLimit limit = SpinLimit::None;   // when incomplete
    PanReport pan;
    std::optional<Trace> trace;          // Spin's counterexample as rbsynth steps
    std::string trail_error;             // why there is no trace after an error
    double spin_seconds = 0, cc_seconds = 0, pan_seconds = 0;  // wall times
    bool reused_pan = false;             // the compiled pan came from cache_dir
    std::string pan_flags;               // what pan was compiled and run with, for reports

    double seconds() const { return spin_seconds + cc_seconds + pan_seconds; }
};

// Throws Error when spin or the C compiler cannot be found (the message
// names the one missing and how to install it).
void require_tools(const SpinOptions& options);

// Throws Error when spin or the compiler rejects the model or pan fails
// outright: the message carries their output.
SpinResult run_spin(const Model& model, const SpinOptions& options, const EmitOptions& emit = {});

}  // namespace rbsynth::spin
