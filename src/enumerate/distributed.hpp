// Many machines: the same enumeration under `mpirun -np R` (Open MPI), with
// rank 0 handing out chunks of classes on request (dynamic distribution;
// classes differ in cost by orders of magnitude) and gathering every
// result, so that it writes the one report. Every rank builds the language
// itself (it is a function of the settings) and only class indices and
// results travel. Compiled only when meson finds MPI (-Dmpi=auto).
#pragma once

#include <string>

#include "enumerate/driver.hpp"
#include "enumerate/enumeration.hpp"

namespace rbsynth {

// True when the process was started by an MPI launcher (mpirun sets
// OMPI_COMM_WORLD_SIZE, PMIx launchers PMIX_RANK): only then is MPI started.
bool launched_by_mpi();

// MPI_Init_thread (main thread calls MPI only) to MPI_Finalize.
class MpiSession {
public:
    MpiSession();
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;
    int rank() const { return rank_; }
    int size() const { return size_; }

private:
    int rank_ = 0, size_ = 1;
};

// Collective: true on every rank when every rank has rank 0's settings
// (compared by hash); false on every rank otherwise, never a mixed run.
bool same_settings_everywhere(const std::string& settings);

// Collective. Rank 0 evaluates with `threads` threads and serves the other
// ranks, calling hooks.tick; the others evaluate the chunks they are given
// with their `threads` threads. On return rank 0's `e` holds every result
// (or those finished before `stop`); the other ranks' `e` holds none.
// Returns, on rank 0, how many classes the other ranks checked (0 elsewhere).
std::size_t run_ranks(Enumeration& e, int threads, const DriverHooks& hooks, int rank, int size);

// Collective: rank 0's value on every rank.
int broadcast_from_root(int value);

}  // namespace rbsynth
