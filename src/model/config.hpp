// A configuration of the checked model (docs/semantics.md, "Faults"): the
// fault model, N, F and the value domain V.
#pragma once

#include <string>

namespace rbsynth {

enum class FaultModel { None, Crash, Byzantine };

struct Config {
    // The one default of every command (check, metrics, promela, learn):
    // Byzantine faults with an equivocating sender, the adversary that
    // docs/semantics.md defines. A default that silently checked the
    // fault-free model would report "holds" for algorithms that tolerate
    // nothing. Config{} is that default at N = 4.
    static constexpr FaultModel kDefaultFaults = FaultModel::Byzantine;

    FaultModel faults = kDefaultFaults;
    int n = 4;
    int f = 1;
    int values = 2;

    // Up to 12 processes (F = 3 under Byzantine faults at N = 10); a state
    // keeps one 64-bit word per process, so small N pays for 12 words in
    // the working form only, not in the packed form the store keeps.
    static constexpr int kMaxN = 12;

    // docs/semantics.md defaults, as in the reference paper: none 0, crash
    // floor((N-1)/2), byzantine floor((N-1)/3).
    static int default_f(FaultModel faults, int n);
    // V = 2 lets a Byzantine sender equivocate; without Byzantine processes
    // only value 0 is ever sent, so V = 1 is the default there.
    static int default_values(FaultModel faults);

    // Throws Error when N, F or V are out of range for the fault model.
    void validate() const;
    std::string str() const;  // "byzantine N=4 F=1 V=2"
    // The first line of every report: "bracha under byzantine faults N=4 F=1
    // V=2" ("under no faults" for none).
    std::string headline(const std::string& algorithm) const;
};

std::string to_string(FaultModel faults);
// For reports: "no faults", "crash faults", "byzantine faults".
std::string faults_phrase(FaultModel faults);
// Throws Error for anything but none, crash, byzantine.
FaultModel parse_fault_model(const std::string& text);

}  // namespace rbsynth
