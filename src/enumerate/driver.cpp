#include "enumerate/driver.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace rbsynth {

ChunkQueue::ChunkQueue(std::vector<std::uint32_t> todo, int workers) : todo_(std::move(todo)), workers_(std::max(1, workers)) {}

std::vector<std::uint32_t> ChunkQueue::next(std::size_t max_size) {
    std::lock_guard<std::mutex> lock(mutex_);
    const std::size_t left = todo_.size() - next_;
    const std::size_t size = std::min({left, max_size, std::max<std::size_t>(1, left / (4 * std::size_t(workers_)))});
    std::vector<std::uint32_t> out(todo_.begin() + std::ptrdiff_t(next_), todo_.begin() + std::ptrdiff_t(next_ + size));
    next_ += size;
    return out;
}

std::size_t ChunkQueue::remaining() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return todo_.size() - next_;
}

int thread_count(int requested) {
    return requested > 0 ? requested : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

void run_threads(Enumeration& e, ChunkQueue& queue, int threads, const DriverHooks& hooks) {
    std::atomic<int> running{threads};
    auto stopped = [&] { return hooks.stop && hooks.stop->load(); };
    auto work = [&] {
        QuickRejecter scratch = e.scratch();
        // A thread's chunk is small (16 classes at most): an interruption
        // waits for the class in hand only.
        for (std::vector<std::uint32_t> chunk = queue.next(16); !chunk.empty() && !stopped(); chunk = queue.next(16))
            for (std::uint32_t i : chunk) {
                if (stopped()) break;
                e.record(i, e.evaluate(i, scratch));
            }
        --running;
    };
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(work);
    while (running.load() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        if (hooks.tick) hooks.tick();
    }
    for (std::thread& t : pool) t.join();
}

}  // namespace rbsynth
