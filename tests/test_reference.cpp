// The reference enumerator against docs/semantics.md's "Worked counts" table.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>

#include "model/algorithm.hpp"
#include "model/config.hpp"
#include "reference/reference.hpp"

#ifndef RBSYNTH_SHARED_ALGORITHMS
#define RBSYNTH_SHARED_ALGORITHMS "../shared/spec/algorithms"
#endif

namespace {

struct Row {
    const char* algorithm;
    rbsynth::FaultModel faults;
    int n, f, values;
    std::uint64_t states, transitions;  // every row's verdict is "holds"
};

void check_row(const Row& row) {
    const auto alg =
        rbsynth::load_algorithm(std::string(RBSYNTH_SHARED_ALGORITHMS) + "/" + row.algorithm + ".alg");
    const auto r = rbsynth::ref::enumerate(alg, row.faults, row.n, row.f, row.values);
    INFO(row.algorithm, " ", rbsynth::to_string(row.faults), " N=", row.n, " F=", row.f, " V=", row.values);
    CHECK(r.complete);
    CHECK(r.states == row.states);
    CHECK(r.transitions == row.transitions);
    CHECK_FALSE(r.integrity_violated);
    CHECK_FALSE(r.agreement_violated);
    CHECK_FALSE(r.validity_violated);
}

}  // namespace

TEST_CASE("reference: worked counts from semantics.md") {
    using rbsynth::FaultModel;
    const Row rows[] = {
        {"best-effort", FaultModel::None, 3, 0, 1, 5, 5},
        {"eager", FaultModel::None, 3, 0, 1, 206, 735},
        {"eager", FaultModel::Crash, 3, 1, 1, 824, 2823},
        {"paper-fig3", FaultModel::None, 3, 0, 1, 128, 385},
        {"bracha", FaultModel::None, 3, 0, 1, 4643, 25389},
        {"paper-fig3", FaultModel::Byzantine, 4, 1, 1, 3802, 16485},
    };
    for (const Row& row : rows) check_row(row);
}
