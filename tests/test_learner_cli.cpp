// `rbsynth learn` from the command line: flags, the files of a run, and an
// interrupted run (SIGINT) resumed to the same result.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

namespace {

namespace fs = std::filesystem;

using Run = cli::Result;

// Runs rbsynth with stdout and stderr in a file; `interrupt_after` > 0 sends
// SIGINT after that many seconds, as a user's Ctrl-C would.
Run rbsynth(const std::vector<std::string>& args, double interrupt_after = 0) {
    const fs::path log = fs::temp_directory_path() / ("rbsynth-learn-" + std::to_string(getpid()) + ".log");
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::vector<char*> argv{const_cast<char*>(RBSYNTH_EXE)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        FILE* f = std::freopen(log.c_str(), "w", stdout);
        if (!f || dup2(fileno(stdout), STDERR_FILENO) < 0) _exit(127);
        execv(RBSYNTH_EXE, argv.data());
        _exit(127);
    }
    if (interrupt_after > 0) {
        std::this_thread::sleep_for(std::chrono::duration<double>(interrupt_after));
        kill(pid, SIGINT);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    Run r;
    r.code = cli::exit_code(status);
    std::ifstream in(log);
    std::stringstream ss;
    ss << in.rdbuf();
    r.out = ss.str();
    fs::remove(log);
    return r;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace

TEST_CASE("learn: bad flags exit 64 and name the flag") {
    for (auto [args, flag] : std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--types", "5"}, "--types"},
             {{"--no-heuristic", "bogus"}, "--no-heuristic"},
             {{"--faults", "omission"}, "omission"},
             {{"--reward", "greedy"}, "--reward"},
             {{"--validate", "2..1"}, "--validate"},
             {{"--validate", "4,13"}, "--validate"},
             {{"--final-validate", "13"}, "--final-validate"},
             {{"--final-validate", "x"}, "--final-validate"},
             {{"--final-states", "0"}, "--final-states"},
             {{"--weak-credit", "abc"}, "--weak-credit"},
             {{"--weak-credit", "nan"}, "--weak-credit"},
             {{"--faults", "crash", "--weak-credit", "3"}, "--weak-credit"},
             {{"--values", "1", "--weak-credit", "3"}, "--weak-credit"},
             {{"--final-states", "-3"}, "--final-states"},
             {{"--rave", "-1"}, "--rave"},
             {{"--rave", "inf"}, "--rave"},
             {{"--ucb-c", "x"}, "--ucb-c"},
             {{"--alpha", "0"}, "--alpha"},
             {{"--resume", "/nonexistent/ckpt.json"}, "--resume"}}) {
        std::vector<std::string> all{"learn", "--quiet", "--episodes", "1", "--out", cli::fresh_dir("learn-bad").string()};
        all.insert(all.end(), args.begin(), args.end());
        const Run r = rbsynth(all);
        INFO(r.out);
        CHECK(r.code == 64);
        CHECK(r.out.find("rbsynth: ") != std::string::npos);
        CHECK(r.out.find(flag) != std::string::npos);
    }
}

TEST_CASE("learn: a run writes the best algorithm, the report, the curve and the resilience table") {
    const fs::path out = cli::fresh_dir("learn-files");
    const Run r = rbsynth({"learn", "--faults", "none", "--episodes", "200", "--out", out.string(), "--quiet"});
    INFO(r.out);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("best algorithm") != std::string::npos);
    const Run again = rbsynth({"check", (out / "best.alg").string(), "--faults", "none", "--n", "5", "--quiet"});
    CHECK(again.code == 0);
    const auto report = nlohmann::json::parse(slurp(out / "report.json"));
    CHECK(report["best"]["messages"] == 2);  // N - 1 at the learning N = 3
    CHECK(report["best"]["steps"] == 1);
    CHECK(report["resilience"].size() == 6);  // N = 3..8
    CHECK(report["validation"]["rejected"]["search"].get<int>() >= 1);  // the first wrong candidates are searched
    // One kept counterexample per search that found a violation (input errors have none).
    CHECK(report["validation"]["counterexamples"]["kept"].get<int>() >= 1);
    CHECK(report["validation"]["counterexamples"]["kept"].get<int>() <=
          report["validation"]["rejected"]["search"].get<int>());
    CHECK(report["correct"].size() >= 1);
    CHECK(report["validation"]["candidates"].get<int>() >= 200);
    const std::string csv = slurp(out / "curve.csv");
    CHECK(std::count(csv.begin(), csv.end(), '\n') == 201);
    CHECK(slurp(out / "curve.svg").rfind("<svg", 0) == 0);
    fs::remove_all(out);
}

TEST_CASE("learn: Ctrl-C writes a checkpoint, and --resume ends where an uninterrupted run ends") {
    const std::vector<std::string> settings{"learn",      "--faults", "byzantine", "--values", "1", "--validate",
                                            "4",          "--episodes", "2500",    "--seed",   "7", "--quiet",
                                            "--threads", "1"};
    auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> all = settings;
        all.insert(all.end(), extra.begin(), extra.end());
        return all;
    };
    const fs::path a = cli::fresh_dir("learn-straight"), b = cli::fresh_dir("learn-resumed");
    const Run straight = rbsynth(with({"--out", a.string()}));
    REQUIRE(straight.code == 0);
    const Run stopped = rbsynth(with({"--out", b.string()}), 0.5);
    INFO(stopped.out);
    REQUIRE(stopped.code == 2);
    CHECK(stopped.out.find("--resume") != std::string::npos);
    const Run resumed = rbsynth(with({"--out", b.string(), "--resume", (b / "checkpoint.json").string()}));
    REQUIRE(resumed.code == 0);
    CHECK(slurp(b / "best.alg") == slurp(a / "best.alg"));
    CHECK(slurp(b / "curve.csv") == slurp(a / "curve.csv"));
    const Run other = rbsynth({"learn", "--faults", "none", "--quiet", "--out", b.string(), "--resume",
                               (b / "checkpoint.json").string()});
    CHECK(other.code == 64);
    CHECK(other.out.find("other settings") != std::string::npos);
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST_CASE("learn: the default is byzantine faults with V = 2, named in the report's first line") {
    const fs::path out = cli::fresh_dir("learn-default");
    const Run r = rbsynth({"learn", "--episodes", "1", "--validate", "4", "--quiet", "--threads", "1", "--out",
                           out.string()});
    INFO(r.out);
    CHECK((r.code == 0 || r.code == 2));  // one episode may or may not find a correct algorithm
    // N = 7: the default final size, F = 2.
    CHECK(r.out.rfind("learn under byzantine faults V=2, validated at N=4,7 (F=1,2), 1 episodes, seed 1\n", 0) == 0);
    const auto report = nlohmann::json::parse(slurp(out / "report.json"));
    CHECK(report["faults"] == "byzantine");
    CHECK(report["values"] == 2);
    fs::remove_all(out);
}
