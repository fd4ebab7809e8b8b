// Process memory figures, for limits and reports, and the address range
// the state store's tables live in.
#pragma once

#include <cstdint>

namespace rbsynth {

std::uint64_t peak_resident_bytes();
std::uint64_t physical_memory_bytes();

// One reserved range of zeroed anonymous memory, handed out front to back
// (tables only grow, each into a fresh block; the block given back has its
// pages returned to the kernel, its addresses are not reused). Past its
// first 4 MiB the range is advised onto transparent 2 MiB pages: a random
// probe into a table of gigabytes then misses the TLB far less often (26 M
// against 40 M probes per second and core on the development machine), and
// with one range for all tables even a shard of a few hundred KiB shares
// huge pages with its neighbours. The first 4 MiB stay on 4 KiB pages, so
// that the many small checks of the learner do not each clear a 2 MiB page.
// Where the kernel refuses huge pages, the range is ordinary pages.
class TableArena {
public:
    // Reserves (without committing) `bytes` of address space, or less where
    // the kernel refuses so much.
    explicit TableArena(std::uint64_t bytes);
    ~TableArena();
    TableArena(const TableArena&) = delete;
    TableArena& operator=(const TableArena&) = delete;

    // A zeroed block, 64-byte aligned; nullptr when the range is used up.
    std::uint8_t* take(std::uint64_t bytes);
    void give_back(std::uint8_t* at, std::uint64_t bytes);
    bool huge_pages() const { return huge_; }  // madvise(MADV_HUGEPAGE) accepted

private:
    std::uint8_t* base_ = nullptr;
    std::uint64_t size_ = 0, used_ = 0;
    bool huge_ = false;
};

}  // namespace rbsynth
