// Where the parallel search's workers stop so that the state store can
// grow. StateStore::insert is lock-free but never grows a table; grow()
// needs every inserting thread to stand still. A worker that may insert
// stays between enter() and leave(); between two states it calls park()
// when the store wants to grow, and the last worker to arrive grows it
// while the others wait: a stop-the-world barrier, which the fixed-size
// table of Laarman et al. (FMCAD 2010) does not need and this growing one
// does. It costs one relaxed load per state while no growth is wanted.
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
    StateStore& store_;
    std::mutex mutex_;
    std::condition_variable cv_;
    int inside_ = 0, parked_ = 0;
    std::uint64_t growths_ = 0;
};

}  // namespace rbsynth
