// The explorer's settings, with their defaults; passed down explicitly
// (after mCRL2's explorer_options).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "explorer/stats.hpp"
#include "model/model.hpp"
#include "model/reduction.hpp"

namespace rbsynth {

// A sanity bound on worker threads: more is a typo, not a machine.
inline constexpr int kMaxThreads = 1024;

struct ExplorerOptions {
    int threads = 0;                  // worker threads; 0: every core
    std::uint64_t max_states = 0;     // stop, incomplete, past this many states; 0: no limit
    std::uint64_t max_memory = 0;     // bytes the state store may hold; 0: 3/4 of physical memory
    double time_limit = 0;            // seconds; 0: no limit
    bool stop_at_violation = true;    // false: explore everything, for the full count
    bool counterexample = true;       // build a trace to the violation found
    // Report the first of Integrity, Agreement, Validity that some reachable
    // state violates, the same under every reduction and search order
    // (docs/semantics.md): after a violation the search goes on for the
    // properties before it only, through the states that may still reach
    // one (model/priority.hpp). false: stop at the first violation met
    // (the learner, which reads only the verdict).
    bool exact_property = true;
    // The counterexample: a path to the violating state the search met,
    // replaced by a breadth-first shortest one when that search is cheap
    // (within `shortest_budget_states` and about the time the check took
    // so far), or always when `shortest` is set.
    bool shortest = false;
    std::uint64_t shortest_budget_states = 200'000;
    Reduction reduce;                 // symmetry and partial-order reduction (default: both)
    // States a breadth-first pass may store before the parallel search:
    // shallow violations, which depth-first search can miss for minutes,
    // come out at once with a shortest trace, and small models finish in
    // it; past the budget the parallel search goes on from the pass's store
    // and frontier (SearchSeed). 0: straight to the parallel search. Used
    // when stop_at_violation.
    // Under partial-order reduction a stored state stands for a chain of
    // steps (about ten on Bracha), hence a budget well below the store's.
    std::uint64_t breadth_first_states = 100'000;
    // Test switch, deliberately unsound: when the breadth-first pass hands
    // over to the parallel search, the state it stopped before counts as
    // expanded, so that its successors are never searched (an off-by-one).
    bool unsound_handoff = false;
    // Time to a violation never much worse with reductions (issue #13): if
    // a reduced search has not finished after `hunt_after` seconds, the
    // exact depth-first search runs beside it on one thread (and a quarter
    // of the memory) until either finds a violation or the reduced one
    // ends. Off for the learner, whose runs must not depend on timing.
    bool hunt = true;
    double hunt_after = 0.5;
    // The hunt ends, without a verdict, once it has stored this many states
    // (about 8 s of one core on Bracha): the violations it exists for come
    // out in its first seconds, and a proof that holds should not share its
    // cores with it for the rest of the run (Bracha, V = 2, N = 7, 2 threads
    // on 2 cores: 36 s without the hunt, 60 s with an unbounded one).
    std::uint64_t hunt_states = 4'000'000;
    // Set by another thread to stop the search, as if by a limit but
    // without one (the hunt's two searches stop each other).
    std::atomic<bool>* cancel = nullptr;
    double progress_interval = 1.0;   // seconds between on_progress calls
    // Called from a monitor thread while the search runs; may be empty.
    std::function<void(const SearchStats&)> on_progress;

    std::string str() const;
};

}  // namespace rbsynth
