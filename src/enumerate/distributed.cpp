#include "enumerate/distributed.hpp"

#include <mpi.h>

#include <chrono>
#include <cstdlib>
#include <thread>

#include <xxhash.h>

namespace rbsynth {

using json = nlohmann::json;

namespace {

constexpr int kResultsTag = 1;  // worker -> rank 0: results so far, and whether it wants more
constexpr int kWorkTag = 2;     // rank 0 -> worker: class indices; none: stop
// Classes a worker rank asks for per thread: most classes take 0.1-1 ms,
// so a chunk outlasts the round trip that the next request overlaps.
constexpr std::size_t kClassesPerThread = 8;

using Results = std::vector<std::pair<std::uint32_t, ClassResult>>;

void send_results(const Results& results, bool more, std::size_t want) {
    json doc = results_to_json(results);
    doc["more"] = more;
    doc["want"] = want;
    const std::vector<std::uint8_t> bytes = json::to_msgpack(doc);
    MPI_Send(bytes.data(), static_cast<int>(bytes.size()), MPI_BYTE, 0, kResultsTag, MPI_COMM_WORLD);
}

std::vector<std::uint32_t> receive_chunk() {
    MPI_Status status;
    MPI_Probe(0, kWorkTag, MPI_COMM_WORLD, &status);
    int count = 0;
    MPI_Get_count(&status, MPI_UINT32_T, &count);
    std::vector<std::uint32_t> chunk(static_cast<std::size_t>(count));
    MPI_Recv(chunk.data(), count, MPI_UINT32_T, 0, kWorkTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    return chunk;
}

// Evaluates a chunk with one thread per scratch; the results come back in
// chunk order, without the classes skipped after `stop`.
Results evaluate_chunk(const Enumeration& e, const std::vector<std::uint32_t>& chunk, std::vector<QuickRejecter>& scratch,
                       const std::atomic<bool>* stop) {
    std::vector<ClassResult> out(chunk.size());
    std::vector<std::uint8_t> done(chunk.size(), 0);
    evaluate_classes(e, chunk, scratch, stop, [&](std::size_t k, const ClassResult& r) {
        out[k] = r;
        done[k] = 1;
    });
    Results results;
    for (std::size_t k = 0; k < chunk.size(); ++k)
        if (done[k]) results.emplace_back(chunk[k], out[k]);
    return results;
}

// A worker rank keeps one request in flight: it asks for its next chunk,
// sending the results of the chunk before, and only then evaluates the
// chunk in hand, so the round trip to rank 0 (which polls every 500 us)
// overlaps the work. Asking only after each chunk left the rank idle, and
// Open MPI's blocking probe spinning, for a round trip per chunk: 2 ranks
// on 2 cores ran 15% slower than 2 threads (docs/benchmarks.md). Every
// request with `more` is answered with one chunk (empty: no work left);
// the last message says no more and gets no answer.
void work(const Enumeration& e, int threads, const std::atomic<bool>* stop) {
    const std::size_t want = kClassesPerThread * static_cast<std::size_t>(threads);
    auto stopped = [&] { return stop && stop->load(); };
    std::vector<QuickRejecter> scratch;  // reused by every chunk, as run_threads does
    for (int t = 0; t < threads; ++t) scratch.push_back(e.scratch());
    send_results({}, true, want);
    std::vector<std::uint32_t> chunk = receive_chunk();
    Results results;
    while (!chunk.empty() && !stopped()) {
        send_results(results, true, want);
        results = evaluate_chunk(e, chunk, scratch, stop);
        chunk = receive_chunk();  // dropped if stopped: those classes stay to do
    }
    send_results(results, false, want);
}

// Rank 0: its own threads take chunks from the queue directly; the main
// thread answers the other ranks' requests from the same queue.
std::size_t coordinate(Enumeration& e, int threads, const DriverHooks& hooks, int size) {
    const std::vector<std::uint32_t> todo = e.todo();
    ChunkQueue queue(todo, size);
    std::atomic<bool> local_done{false};
    std::thread local([&] {
        run_threads(e, queue, threads, DriverHooks{nullptr, hooks.stop});
        local_done = true;
    });
    int active = size - 1;
    std::size_t remote = 0;
    auto ticked = std::chrono::steady_clock::now();
    std::vector<std::uint8_t> bytes;
    while (active > 0 || !local_done.load()) {
        int flag = 0;
        MPI_Status status;
        MPI_Iprobe(MPI_ANY_SOURCE, kResultsTag, MPI_COMM_WORLD, &flag, &status);
        if (flag) {
            int count = 0;
            MPI_Get_count(&status, MPI_BYTE, &count);
            bytes.resize(static_cast<std::size_t>(count));
            MPI_Recv(bytes.data(), count, MPI_BYTE, status.MPI_SOURCE, kResultsTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            const json doc = json::from_msgpack(bytes);
            for (const auto& [i, r] : results_from_json(doc)) e.record(i, r), ++remote;
            if (!doc.at("more").get<bool>()) {
                --active;
                continue;
            }
            std::vector<std::uint32_t> chunk;
            if (!(hooks.stop && hooks.stop->load())) chunk = queue.next(doc.at("want").get<std::size_t>());
            MPI_Send(chunk.data(), static_cast<int>(chunk.size()), MPI_UINT32_T, status.MPI_SOURCE, kWorkTag,
                     MPI_COMM_WORLD);
        } else {
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        if (std::chrono::steady_clock::now() - ticked > std::chrono::milliseconds(200)) {
            ticked = std::chrono::steady_clock::now();
            if (hooks.tick) hooks.tick();
        }
    }
    local.join();
    return remote;
}

}  // namespace

bool launched_by_mpi() {
    return std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMIX_RANK") || std::getenv("PMI_RANK");
}

MpiSession::MpiSession() {
    int provided = 0;
    MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() { MPI_Finalize(); }

bool same_settings_everywhere(const std::string& settings) {
    unsigned long long mine = XXH3_64bits(settings.data(), settings.size()), root = mine;
    MPI_Bcast(&root, 1, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
    int differs = root != mine ? 1 : 0, any = 0;
    MPI_Allreduce(&differs, &any, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return any == 0;
}

std::size_t run_ranks(Enumeration& e, int threads, const DriverHooks& hooks, int rank, int size) {
    if (rank == 0) return coordinate(e, threads, hooks, size);
    work(e, threads, hooks.stop);
    return 0;
}

int broadcast_from_root(int value) {
    MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
}

}  // namespace rbsynth
