#include "explorer/memory.hpp"

#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

namespace rbsynth {

std::uint64_t peak_resident_bytes() {
    struct rusage ru {};
    if (getrusage(RUSAGE_SELF, &ru) != 0) return 0;
    return static_cast<std::uint64_t>(ru.ru_maxrss) * 1024;  // Linux reports KiB
}

std::uint64_t physical_memory_bytes() {
    long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGE_SIZE);
    if (pages <= 0 || size <= 0) return std::uint64_t{8} << 30;
    return static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(size);
}

namespace {

constexpr std::uint64_t kHugePage = std::uint64_t{2} << 20;
constexpr std::uint64_t kSmallHead = std::uint64_t{4} << 20;  // on 4 KiB pages
constexpr std::uint64_t kPage = 4096;

}  // namespace

TableArena::TableArena(std::uint64_t bytes) {
    // MAP_NORESERVE: the limit is --max-memory's, not the kernel's overcommit
    // heuristic; pages are committed as the tables touch them.
    size_ = (bytes + kSmallHead + kHugePage - 1) / kHugePage * kHugePage;
    for (; size_ >= kHugePage; size_ /= 2) {
        void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (p == MAP_FAILED) continue;
        base_ = static_cast<std::uint8_t*>(p);
        break;
    }
    if (!base_) {
        size_ = 0;
        return;
    }
    // The huge part starts on a 2 MiB boundary: THP backs aligned ranges only.
    const auto addr = reinterpret_cast<std::uintptr_t>(base_);
    const std::uint64_t from = (addr + kSmallHead + kHugePage - 1) / kHugePage * kHugePage - addr;
    if (from < size_) huge_ = madvise(base_ + from, size_ - from, MADV_HUGEPAGE) == 0;
}

TableArena::~TableArena() {
    if (base_) munmap(base_, size_);
}

std::uint8_t* TableArena::take(std::uint64_t bytes) {
    bytes = (bytes + 63) / 64 * 64;
    if (!base_ || bytes > size_ - used_) return nullptr;
    std::uint8_t* at = base_ + used_;
    used_ += bytes;
    return at;
}

void TableArena::give_back(std::uint8_t* at, std::uint64_t bytes) {
    // Whole 4 KiB pages only: the pages at either end may hold a neighbour.
    const auto lo = (reinterpret_cast<std::uintptr_t>(at) + kPage - 1) / kPage * kPage;
    const auto hi = (reinterpret_cast<std::uintptr_t>(at) + bytes) / kPage * kPage;
    if (hi > lo) madvise(reinterpret_cast<void*>(lo), hi - lo, MADV_DONTNEED);
}

}  // namespace rbsynth
