#include "explorer/growth_gate.hpp"

namespace rbsynth {

void GrowthGate::enter() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [this] { return !growing_; });
    ++inside_;
}

void GrowthGate::leave() {
    std::lock_guard lock(mutex_);
    --inside_;
    if (parked_ > 0 && parked_ == inside_) cv_.notify_all();  // the last one they waited for
}

void GrowthGate::release() {
    ++growths_;
    parked_ = 0;
    growing_ = false;
    cv_.notify_all();
}

// A worker that wakes only after the growth has ended (others did all the
// moving) simply goes on; one that finishes its share waits for the rest,
// since the old tables stay in use until the last move.
void GrowthGate::park() {
    std::unique_lock lock(mutex_);
    const std::uint64_t growth = growths_;
    ++parked_;
    for (;;) {
        if (growths_ != growth) return;
        if (growing_) break;
        if (parked_ == inside_) {  // no insert runs anywhere
            if (!store_.growth_wanted()) {
                release();
                return;
            }
            store_.begin_growth();
            growing_ = true;
            cv_.notify_all();
            break;
        }
        cv_.wait(lock);
    }
    ++helping_;
    lock.unlock();
    store_.help_growth();
    lock.lock();
    if (--helping_ == 0) {
        store_.end_growth();
        release();
        return;
    }
    cv_.wait(lock, [&] { return growths_ != growth; });
}

}  // namespace rbsynth
