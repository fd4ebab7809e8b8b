#include "spin/run_spin.hpp"

#include <functional>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <fstream>
#include <stdexcept>

#include <fmt/core.h>

#include "explorer/memory.hpp"
#include "model/error.hpp"
#include "spin/process.hpp"
#include "spin/trail.hpp"

namespace rbsynth::spin {

namespace fs = std::filesystem;

std::string to_string(SpinLimit limit) {
    switch (limit) {
    case SpinLimit::None: return "none";
    case SpinLimit::Memory: return "memory";
    case SpinLimit::Time: return "time";
    case SpinLimit::Depth: return "depth";
    }
    return "?";
}

void require_tools(const SpinOptions& o) {
    if (find_executable(o.spin).empty())
        throw Error(fmt::format("--cross-check spin: '{}' is not installed or not on PATH (Debian: apt-get install spin)",
                                o.spin));
    if (find_executable(o.cc).empty())
        throw Error(fmt::format("--cross-check spin: the C compiler '{}' for pan is not installed (Debian: apt-get "
                                "install gcc)",
                                o.cc));
}

namespace {

// A directory for one run, removed afterwards unless the user asked to keep it.
class WorkDir {
public:
    explicit WorkDir(const std::string& keep) : keep_(!keep.empty()) {
        if (keep_) {
            fs::create_directories(keep);
            path_ = keep;
            return;
        }
        std::string tmpl = (fs::temp_directory_path() / "rbsynth-spin-XXXXXX").string();
        if (!mkdtemp(tmpl.data())) throw Error("cannot create a temporary directory for Spin in " + tmpl);
        path_ = tmpl;
    }
    ~WorkDir() {
        std::error_code ignored;
        if (!keep_) fs::remove_all(path_, ignored);
    }
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;
    const std::string& path() const { return path_; }

private:
    bool keep_;
    std::string path_;
};

std::string hex_digest(const std::string& text) {  // FNV-1a: a cache key, not security
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : text) h = (h ^ c) * 1099511628211ull;
    return fmt::format("{:016x}", h);
}

void must_succeed(const ProcessResult& r, const std::string& what) {
    if (r.exit_code != 0 || r.timed_out)
        throw std::runtime_error(fmt::format("{} failed (exit {}):\n{}", what, r.exit_code, r.output));
}

std::vector<std::string> compile_flags(const SpinOptions& o, std::uint64_t memory) {
    std::vector<std::string> f = {o.optimisation, "-DSAFETY", "-DNOREDUCE",
                                  fmt::format("-DMEMLIM={}", std::max<std::uint64_t>(memory >> 20, 16))};
    if (o.collapse) f.push_back("-DCOLLAPSE");
    return f;
}

// spin -a and cc, or the cached pan for the same text and flags; returns
// the path of the pan to run.
std::string build_pan(const std::string& text, const SpinOptions& o, const std::vector<std::string>& flags,
                      const std::string& dir, SpinResult& r) {
    std::string key = text + o.cc;
    for (const auto& f : flags) key += " " + f;
    const std::string cached = o.cache_dir.empty() ? "" : o.cache_dir + "/pan-" + hex_digest(key);
    if (!cached.empty() && access(cached.c_str(), X_OK) == 0) {
        r.reused_pan = true;
        return cached;
    }
    const ProcessResult a = run_process({o.spin, "-a", "model.pml"}, dir, 0);
    r.spin_seconds = a.seconds;
    must_succeed(a, "spin -a");
    std::vector<std::string> cc = {o.cc};
    cc.insert(cc.end(), flags.begin(), flags.end());
    for (const char* x : {"-w", "-o", "pan", "pan.c"}) cc.emplace_back(x);
    const ProcessResult c = run_process(cc, dir, 0);
    r.cc_seconds = c.seconds;
    must_succeed(c, o.cc + " pan.c");
    if (cached.empty()) return dir + "/pan";
    fs::create_directories(o.cache_dir);
    // A name of this run's own (threads of one process share the pid), and a
    // hard link rather than a copy: a copy would hold the binary open for
    // writing in this process, and a child spawned meanwhile by another
    // thread inherits that descriptor, so exec of the binary fails with
    // ETXTBSY ("Text file busy") for as long as that child lives.
    const std::string staged = cached + "." + std::to_string(getpid()) + "." +
                               std::to_string(std::hash<std::string>{}(dir));
    std::error_code linked;
    fs::create_hard_link(dir + "/pan", staged, linked);
    if (linked) fs::copy_file(dir + "/pan", staged, fs::copy_options::overwrite_existing);
    fs::rename(staged, cached);  // atomic: a parallel run sees all of it or nothing
    return cached;
}

void decide(const ProcessResult& run, SpinResult& r) {
    const PanReport& p = r.pan;
    if (p.errors > 0) {
        r.verdict = Verdict::Violated;
        r.property = p.property;
    } else if (run.timed_out) {
        r.limit = SpinLimit::Time;
    } else if (p.out_of_memory) {
        r.limit = SpinLimit::Memory;
    } else if (p.depth_too_small) {
        r.limit = SpinLimit::Depth;
    } else if (!p.finished || run.exit_code != 0) {
        throw std::runtime_error(fmt::format("pan failed (exit {}):\n{}", run.exit_code, run.output));
    } else if (!p.search_incomplete) {
        r.verdict = Verdict::Holds;
    }
}

}  // namespace

SpinResult run_spin(const Model& model, const SpinOptions& o, const EmitOptions& emit) {
    require_tools(o);
    SpinResult r;
    WorkDir dir(o.keep_dir);
    const std::string text = emit_promela(model, emit);
    std::ofstream(dir.path() + "/model.pml") << text;
    const std::uint64_t memory = o.memory ? o.memory : physical_memory_bytes() / 4 * 3;
    const std::vector<std::string> flags = compile_flags(o, memory);
    const std::string pan = build_pan(text, o, flags, dir.path(), r);
    const int depth = o.depth > 0 ? o.depth : search_depth_bound(model);
    const int bits = std::clamp(o.hash_bits, 10, 32);
    const std::vector<std::string> args = {pan, fmt::format("-m{}", depth), fmt::format("-w{}", bits), "-n"};
    for (const auto& f : flags) r.pan_flags += f + " ";
    r.pan_flags += fmt::format("-m{} -w{}", depth, bits);
    const ProcessResult run = run_process(args, dir.path(), o.time_limit);
    r.pan_seconds = run.seconds;
    r.pan = parse_pan_report(run.output);
    decide(run, r);
    if (r.verdict == Verdict::Violated && o.trail) {
        const ProcessResult t = run_process({o.spin, "-T", "-t", "model.pml"}, dir.path(), 0);
        try {
            r.trace = trace_from_spin_output(model, t.output, r.property);
        } catch (const Error& e) {
            r.trail_error = e.what();
        }
    }
    return r;
}

}  // namespace rbsynth::spin
