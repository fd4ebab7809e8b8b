// Running an enumeration: dynamic work distribution over threads (and, in
// distributed.hpp, over MPI ranks). Classes differ in cost by orders of
// magnitude (a violation at the first state against three full searches),
// so work is handed out in small chunks on demand, never split in advance.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include "enumerate/enumeration.hpp"

namespace rbsynth {

// Hands out chunks of the classes still to do; thread-safe. Guided
// self-scheduling (Polychronopoulos and Kuck 1987): a chunk is a share of
// what remains, so the chunks shrink to single classes at the end.
class ChunkQueue {
public:
    ChunkQueue(std::vector<std::uint32_t> todo, int workers);
    // Up to `max_size` classes (ascending); empty when none remain.
    std::vector<std::uint32_t> next(std::size_t max_size);
    std::size_t remaining() const;

private:
    std::vector<std::uint32_t> todo_;
    std::size_t next_ = 0;
    int workers_;
    mutable std::mutex mutex_;
};

// What the caller (the tool) does while the work runs: `tick` is called on
// the calling thread about every 0.2 s (progress bar, checkpoints); once
// `stop` is set, classes in hand are finished and no new ones are begun.
struct DriverHooks {
    std::function<void()> tick;
    const std::atomic<bool>* stop = nullptr;
};

// Evaluates the listed classes with `threads` worker threads taking chunks
// from `queue`, recording each result; returns when the queue is empty or
// `stop` is set. `threads` >= 1.
void run_threads(Enumeration& e, ChunkQueue& queue, int threads, const DriverHooks& hooks);

// Threads for `requested` (0: every core).
int thread_count(int requested);

}  // namespace rbsynth
