// bench/soundness's program: the differential harness (differential.hpp)
// over a seed range, one JSONL record per seed appended to --out as soon as
// it is done, so a run can be stopped, resumed (seeds already in the file
// are skipped) and extended by seed range. Prints a summary of every record
// of the range in the file: configurations, the exact search's verdict mix,
// skips, disagreements, and each mode's time to verdict.
#include <algorithm>
#include <cstdio>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "differential.hpp"

using namespace rbsynth;

namespace {

struct Settings {
    std::uint64_t from = 1, to = 1001;  // [from, to)
    std::string out = "soundness.jsonl";
    std::string findings;  // Markdown reproducers of disagreements are appended here
    std::string algorithms = RBSYNTH_ALGORITHMS;
    int jobs = 1;
    std::vector<std::string> configs;  // "faults,N,F,V"; none: the mix
    std::uint64_t max_states = soundness::Options{}.max_states;
};

std::set<std::uint64_t> seeds_done(const std::string& path) {
    std::set<std::uint64_t> done;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) done.insert(nlohmann::json::parse(line).at("seed").get<std::uint64_t>());
    return done;
}

void run_range(const Settings& s, const soundness::Options& o) {
    const std::set<std::uint64_t> done = seeds_done(s.out);
    std::vector<std::uint64_t> todo;
    for (std::uint64_t seed = s.from; seed < s.to; ++seed)
        if (!done.count(seed)) todo.push_back(seed);
    std::ofstream out(s.out, std::ios::app);
    std::mutex lock;
    std::atomic<std::size_t> next{0};
    std::atomic<int> disagreements{0};
    auto worker = [&] {
        for (std::size_t i; (i = next++) < todo.size();) {
            const auto r = soundness::run(soundness::draw(todo[i], o), o);
            const std::lock_guard<std::mutex> g(lock);
            out << soundness::to_json(r).dump() << '\n' << std::flush;
            if (r.outcome == soundness::Outcome::Disagree) {
                ++disagreements;
                std::cerr << "DISAGREEMENT\n" << soundness::reproducer(r) << std::flush;
                if (!s.findings.empty()) std::ofstream(s.findings, std::ios::app) << soundness::reproducer(r) << '\n';
            }
        }
    };
    std::vector<std::thread> pool;
    for (int j = 0; j < std::max(1, s.jobs); ++j) pool.emplace_back(worker);
    for (auto& t : pool) t.join();
    fmt::print("ran {} seeds ({} already in {}), {} disagreements\n", todo.size(), s.to - s.from - todo.size(), s.out,
               disagreements.load());
}

// The summary of every record of [from, to) in the file.
void summarise(const Settings& s) {
    std::map<std::string, int> outcomes, verdicts;
    std::map<std::string, double> seconds, seconds_violated, seconds_holds;
    std::map<std::string, std::uint64_t> states;
    int records = 0;
    double total = 0;
    std::ifstream in(s.out);
    for (std::string line; std::getline(in, line);) {
        if (line.empty()) continue;
        const auto j = nlohmann::json::parse(line);
        const auto seed = j.at("seed").get<std::uint64_t>();
        if (seed < s.from || seed >= s.to) continue;
        ++records;
        ++outcomes[j.at("outcome").get<std::string>()];
        const auto& modes = j.at("modes");
        for (const auto& [mode, m] : modes.items()) total += m.at("seconds").get<double>();
        if (j.at("outcome") == "skipped: exact too big") continue;
        const auto& exact = modes.at("none");
        const std::string v = exact.at("verdict") == "violated"
                                  ? "violated (" + exact.at("property").get<std::string>() + ")"
                                  : exact.at("verdict").get<std::string>();
        ++verdicts[v];
        for (const auto& [mode, m] : modes.items()) {
            const double t = m.at("seconds").get<double>();
            seconds[mode] += t;
            (exact.at("verdict") == "violated" ? seconds_violated : seconds_holds)[mode] += t;
            states[mode] += m.at("states").get<std::uint64_t>();
        }
    }
    fmt::print("seeds [{}, {}) in {}: {} configurations, {:.0f} s of search in all\n", s.from, s.to, s.out, records,
               total);
    for (const auto& [o, k] : outcomes) fmt::print("  {}: {}\n", o, k);
    fmt::print("exact verdicts of the compared configurations:\n");
    for (const auto& [v, k] : verdicts) fmt::print("  {}: {}\n", v, k);
    fmt::print("time to verdict and stored states per mode, compared configurations (s: all / violated / holds):\n");
    for (const auto& [mode, t] : seconds)
        fmt::print("  {:9} {:8.1f} / {:8.1f} / {:8.1f}   {:>12} states\n", mode, t, seconds_violated[mode],
                   seconds_holds[mode], states[mode]);
}

Config parse_config(const std::string& text) {
    Config c;
    char faults[16] = {};
    if (std::sscanf(text.c_str(), "%15[a-z],%d,%d,%d", faults, &c.n, &c.f, &c.values) != 4)
        throw Error("--config: expected faults,N,F,V (e.g. byzantine,4,1,1), got '" + text + "'");
    c.faults = parse_fault_model(faults);
    c.validate();
    return c;
}

std::vector<Algorithm> load_bases(const std::string& dir) {
    std::vector<Algorithm> bases;
    for (const char* name : {"best-effort", "eager", "bracha", "paper-fig3", "imbs-raynal"})
        bases.push_back(load_algorithm(dir + "/" + std::string(name) + ".alg"));
    return bases;
}

}  // namespace

int main(int argc, char** argv) {
    Settings s;
    bool summary_only = false;
    CLI::App app{"Differential soundness harness: --reduce all, por, symmetry and none on seeded random candidates"};
    app.add_option("--seed-from", s.from, "first seed");
    app.add_option("--seed-to", s.to, "seed after the last");
    // The last --out and --findings win: bench/soundness gives defaults.
    app.add_option("--out", s.out, "JSONL file: one record per seed, appended; seeds already there are skipped")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--findings", s.findings, "Markdown file to append a reproducer of each disagreement to")
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeLast);
    app.add_option("--algorithms", s.algorithms, "directory of the library algorithms to mutate");
    app.add_option("--jobs", s.jobs, "seeds checked at once (each check uses one thread)");
    app.add_option("--max-states", s.max_states, "state cap of every search; exact incomplete: skipped");
    app.add_option("--config", s.configs, "only this configuration, as faults,N,F,V (repeatable; default: the mix)");
    app.add_flag("--summary", summary_only, "only summarise the records of the range in --out");
    CLI11_PARSE(app, argc, argv);
    try {
        if (!summary_only) {
            soundness::Options o;
            o.max_states = s.max_states;
            o.bases = load_bases(s.algorithms);
            for (const std::string& text : s.configs) o.configs.push_back(parse_config(text));
            const auto start = std::chrono::steady_clock::now();
            run_range(s, o);
            fmt::print("wall time {:.0f} s with {} jobs\n",
                       std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(), s.jobs);
        }
        summarise(s);
    } catch (const std::exception& e) {
        std::cerr << "soundness: " << e.what() << '\n';
        return 70;
    }
    return 0;
}
