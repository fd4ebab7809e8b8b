// Where the parallel search's workers stop so that the state store can
// grow. StateStore::insert is lock-free but never grows a table; a growth
// needs every inserting thread to stand still. A worker that may insert
// stays between enter() and leave(); between two states it calls park()
// when the store wants to grow. The last worker to arrive takes the new
// tables, then every parked worker moves states into them (a growth is
// mostly cache misses and the kernel clearing new pages, which parallelise
// as the search's inserts do), and the last one to finish frees the old
// tables and lets them all go on: a stop-the-world barrier, which the
// fixed-size table of Laarman et al. (FMCAD 2010) does not need and this
// growing one does. It costs one relaxed load per state while no growth
// is wanted.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "explorer/store.hpp"

namespace rbsynth {

class GrowthGate {
public:
    explicit GrowthGate(StateStore& store) : store_(store) {}

    void enter();  // waits while a growth runs
    void leave();
    // Returns after the store has grown (or refused to: max_bytes).
    void park();

private:
    void release();  // under mutex_: the growth is over, every parked worker goes on

    StateStore& store_;
    std::mutex mutex_;
    std::condition_variable cv_;
    int inside_ = 0, parked_ = 0;
    bool growing_ = false;  // the tables are taken; parked workers move states
    int helping_ = 0;       // workers inside StateStore::help_growth()
    std::uint64_t growths_ = 0;
};

}  // namespace rbsynth
