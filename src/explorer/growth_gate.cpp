#include "explorer/growth_gate.hpp"

namespace rbsynth {

void GrowthGate::enter() {
    std::lock_guard lock(mutex_);  // a growth holds it throughout
    ++inside_;
}

void GrowthGate::leave() {
    std::lock_guard lock(mutex_);
    --inside_;
    if (parked_ > 0 && parked_ == inside_) cv_.notify_all();  // the last one they waited for
}

void GrowthGate::park() {
    std::unique_lock lock(mutex_);
    const std::uint64_t growth = growths_;
    ++parked_;
    while (growths_ == growth) {
        if (parked_ == inside_) {  // no insert runs anywhere
            if (store_.growth_wanted()) store_.grow();
            ++growths_;
            parked_ = 0;
            cv_.notify_all();
            break;
        }
        cv_.wait(lock);
    }
}

}  // namespace rbsynth
