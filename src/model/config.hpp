// A configuration of the checked model (semantics.md, "Faults"): the fault
// model, N, F and the value domain V.
#pragma once

#include <string>

namespace rbsynth {

enum class FaultModel { None, Crash, Byzantine };

struct Config {
    FaultModel faults = FaultModel::None;
    int n = 4;
    int f = 0;
    int values = 1;

    static constexpr int kMaxN = 8;

    // semantics.md defaults, as in the reference paper: none 0, crash
    // floor((N-1)/2), byzantine floor((N-1)/3).
    static int default_f(FaultModel faults, int n);
    // V = 2 lets a Byzantine sender equivocate; without Byzantine processes
    // only value 0 is ever sent, so V = 1 is the default there.
    static int default_values(FaultModel faults);

    // Throws Error when N, F or V are out of range for the fault model.
    void validate() const;
    std::string str() const;  // "byzantine N=4 F=1 V=2"
};

std::string to_string(FaultModel faults);
// Throws Error for anything but none, crash, byzantine.
FaultModel parse_fault_model(const std::string& text);

}  // namespace rbsynth
