// `rbsynth enumerate` from the command line: bad flags exit 64 naming the
// flag; the files of a run, whose least-cost algorithms `rbsynth check` and
// `metrics` take as they are; the same report for 1 and 2 threads; and an
// interrupted run resumed to the same report.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

namespace {

namespace fs = std::filesystem;

nlohmann::json report(const fs::path& dir) {
    std::ifstream in(dir / "report.json");
    nlohmann::json j = nlohmann::json::parse(in);
    j.erase("seconds");
    return j;
}

// Runs rbsynth with its output discarded and SIGINT after `seconds`, as a
// user's Ctrl-C would; returns the exit code.
int interrupted_run(const std::vector<std::string>& args, double seconds) {
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        std::vector<char*> argv{const_cast<char*>(RBSYNTH_EXE)};
        for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
        argv.push_back(nullptr);
        if (!std::freopen("/dev/null", "w", stdout) || !std::freopen("/dev/null", "w", stderr)) _exit(127);
        execv(RBSYNTH_EXE, argv.data());
        _exit(127);
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    kill(pid, SIGINT);
    int status = 0;
    waitpid(pid, &status, 0);
    return cli::exit_code(status);
}

std::vector<std::string> small(const fs::path& out, const std::string& threads) {
    return {"enumerate", "--faults", "byzantine", "--types", "2", "--max-rules", "2", "--thresholds", "1,F+1",
            "--threads", threads, "--quiet", "--out", out.string()};
}

}  // namespace

TEST_CASE("enumerate cli: bad flags exit 64 and name the flag") {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
        {{"enumerate", "--types", "5"}, "--types"},
        {{"enumerate", "--max-rules", "0"}, "--max-rules"},
        {{"enumerate", "--thresholds", "1,,F+1"}, "--thresholds"},
        {{"enumerate", "--thresholds", "F+"}, "--thresholds"},
        {{"enumerate", "--thresholds", "1,F+1,1"}, "--thresholds"},
        {{"enumerate", "--values", "3"}, "--values"},
        {{"enumerate", "--checkpoint-every", "-1"}, "--checkpoint-every"},
        {{"enumerate", "--validate", "0"}, "--validate"},
        {{"enumerate", "--faults", "omission"}, "omission"},
        {{"enumerate", "--no-heuristic", "bogus"}, "--no-heuristic"},
        {{"enumerate", "--threads", "-1"}, "--threads"},
        {{"enumerate", "--max-steps", "-1"}, "--max-steps"},
        {{"enumerate", "--max-steps", "two"}, "--max-steps"},
        {{"enumerate", "--quick-states", "-5"}, "--quick-states"},
        {{"enumerate", "--max-cost", "-1"}, "--max-cost"},
        {{"enumerate", "--resume", "/nonexistent/checkpoint"}, "--resume"},
    };
    for (const auto& [args, flag] : cases) {
        const cli::Result r = cli::rbsynth(args);
        INFO(r.out);
        CHECK(r.code == 64);
        CHECK(r.out.find(flag) != std::string::npos);
    }
}

TEST_CASE("enumerate cli: the files of a run, and check and metrics take the least-cost algorithms") {
    const fs::path out = cli::fresh_dir("enum-files");
    const cli::Result r = cli::rbsynth({"enumerate", "--faults", "none", "--types", "2", "--max-rules", "2",
                                        "--thresholds", "1", "--out", out.string()});
    INFO(r.out);
    REQUIRE(r.code == 0);
    CHECK(r.out.find("18 candidates in 18 classes") != std::string::npos);
    const nlohmann::json j = report(out);
    CHECK(j.at("language").at("classes") == 18);
    CHECK(j.at("checked") == 18);
    CHECK(j.at("holds").get<int>() + j.at("violated").get<int>() == 18);
    REQUIRE(j.at("least_cost_algorithms").size() >= 1);
    CHECK(fs::exists(out / "correct.csv"));
    for (std::size_t k = 1; k <= j.at("least_cost_algorithms").size(); ++k) {
        const std::string alg = (out / ("least-cost-" + std::to_string(k) + ".alg")).string();
        CHECK(cli::rbsynth({"check", alg, "--faults", "none", "--n", "3..5"}).code == 0);
        const cli::Result m = cli::rbsynth({"metrics", alg, "--n", "3", "--json"});
        REQUIRE(m.code == 0);
        const nlohmann::json mj = nlohmann::json::parse(m.out);
        CHECK(mj.at("messages") == j.at("least_cost_algorithms").at(k - 1).at("messages"));
        CHECK(mj.at("steps") == j.at("least_cost_algorithms").at(k - 1).at("steps"));
    }
    std::ifstream csv(out / "correct.csv");
    std::string line;
    int lines = 0;
    while (std::getline(csv, line)) ++lines;
    CHECK(lines == 1 + j.at("holds").get<int>());
    fs::remove_all(out);
}

TEST_CASE("enumerate cli: the same report for 1 and 2 threads, and after a resume") {
    const fs::path one = cli::fresh_dir("enum-one"), two = cli::fresh_dir("enum-two");
    REQUIRE(cli::rbsynth(small(one, "1")).code == 0);
    REQUIRE(cli::rbsynth(small(two, "2")).code == 0);
    CHECK(report(one) == report(two));
    // A resume from the finished run's checkpoint has nothing left to do and
    // reports the same; a resume with other settings is refused.
    const fs::path again = cli::fresh_dir("enum-again");
    std::vector<std::string> args = small(again, "2");
    args.push_back("--resume");
    args.push_back((one / "checkpoint.msgpack").string());
    REQUIRE(cli::rbsynth(args).code == 0);
    CHECK(report(again) == report(one));
    const cli::Result other = cli::rbsynth({"enumerate", "--faults", "crash", "--types", "2", "--max-rules", "2",
                                            "--thresholds", "1,F+1", "--out", again.string(), "--resume",
                                            (one / "checkpoint.msgpack").string()});
    CHECK(other.code == 64);
    CHECK(other.out.find("other settings") != std::string::npos);
    for (const auto& d : {one, two, again}) fs::remove_all(d);
}

TEST_CASE("enumerate cli: Ctrl-C writes a checkpoint that --resume finishes to the same report") {
    const fs::path whole = cli::fresh_dir("enum-whole"), cut = cli::fresh_dir("enum-cut");
    std::vector<std::string> args = small(whole, "1");
    args[6] = "3", args[8] = "1,F+1,2F+1";  // --max-rules 3: 1,214 classes, seconds of work
    REQUIRE(cli::rbsynth(args).code == 0);
    std::vector<std::string> cut_args = small(cut, "1");
    cut_args[6] = "3", cut_args[8] = "1,F+1,2F+1";
    // Interrupted while the language is built or classes are checked: exit
    // 2 and a checkpoint; a run that beat the signal leaves nothing to test.
    const int code = interrupted_run(cut_args, 0.7);
    if (code == 0) {
        MESSAGE("the run finished before the interruption");
    } else {
        REQUIRE(code == 2);
        REQUIRE(fs::exists(cut / "checkpoint.msgpack"));
        cut_args.push_back("--resume");
        cut_args.push_back((cut / "checkpoint.msgpack").string());
        REQUIRE(cli::rbsynth(cut_args).code == 0);
    }
    CHECK(report(cut) == report(whole));
    for (const auto& d : {whole, cut}) fs::remove_all(d);
}

TEST_CASE("enumerate cli: a step bound is reported, and the answer is restricted to it") {
    const fs::path out = cli::fresh_dir("enum-bound");
    std::vector<std::string> args = small(out, "2");
    args.erase(std::find(args.begin(), args.end(), "--quiet"));
    args.insert(args.end(), {"--max-steps", "1"});
    const cli::Result r = cli::rbsynth(args);
    INFO(r.out);
    REQUIRE(r.code == 0);
    const nlohmann::json j = report(out);
    CHECK(j.at("max_steps") == 1);
    CHECK(j.at("over_bound").get<int>() > 0);
    CHECK(r.out.find("BOUND: " + std::to_string(j.at("over_bound").get<int>()) +
                     " classes whose failure-free run takes more than 1 steps were not validated") != std::string::npos);
    // Under an equivocating sender no class of this language is correct within one step.
    CHECK(j.at("holds") == 0);
    CHECK(j.at("incomplete") == 0);
    CHECK(r.out.find("no correct algorithm in the language within the bound (not: more than 1 steps); proven") != std::string::npos);
    fs::remove_all(out);
}

TEST_CASE("enumerate cli: a given counterexample settles the class that a budget left incomplete") {
    // Thresholds 1, N-F, F+1 and validation at N = 4..7: one class of cost
    // 38 (READY to others on N-F ECHO, to all on F+1 READY) runs out of its
    // budget; the shipped N = 7 trace rejects it (docs/enumerate.md).
    const std::string trace = std::string(RBSYNTH_ALGORITHMS) + "/../docs/evidence/mixed-ready-n7.json";
    auto args = [](const fs::path& out) {
        return std::vector<std::string>{"enumerate", "--thresholds", "1,N-F,F+1", "--validate", "4,5,6,7",
                                        "--candidate-states", "20000", "--max-cost", "38", "--threads", "2",
                                        "--quiet", "--out", out.string()};
    };
    const fs::path without = cli::fresh_dir("enum-no-cex"), with = cli::fresh_dir("enum-cex");
    const cli::Result a = cli::rbsynth(args(without));
    std::vector<std::string> given = args(with);
    given.insert(given.end(), {"--counterexample", trace});
    const cli::Result b = cli::rbsynth(given);
    INFO(a.out, b.out);
    const nlohmann::json ja = report(without), jb = report(with);
    REQUIRE(ja.at("incomplete") == 1);
    CHECK(ja.at("counterexample_rejected") == 0);
    CHECK(jb.at("incomplete") == 0);
    CHECK(jb.at("counterexample_rejected").get<int>() >= 1);
    CHECK(jb.at("holds") == 0);  // every class of cost <= 38 is violated
    CHECK(jb.at("violated") == ja.at("violated").get<int>() + 1);
    CHECK(b.out.find("along the given counterexamples") != std::string::npos);
    CHECK(b.out.find("; proven") != std::string::npos);
    fs::remove_all(without);
    fs::remove_all(with);
}

TEST_CASE("enumerate cli: a bad --counterexample exits 64 and names the file") {
    const cli::TempDir dir;
    const std::string trace = std::string(RBSYNTH_ALGORITHMS) + "/../docs/evidence/mixed-ready-n7.json";
    nlohmann::json doc = [&] {
        std::ifstream in(trace);
        return nlohmann::json::parse(in);
    }();
    doc["values"] = 1;  // the enumeration below is under V = 2
    const std::string v1 = dir / "v1.json";
    std::ofstream(v1) << doc.dump();
    const std::string junk = dir / "junk.json";
    std::ofstream(junk) << "{\"steps\": 3";
    for (const auto& [file, says] : std::vector<std::pair<std::string, std::string>>{
             {"/nonexistent/trace.json", "--counterexample"}, {junk, junk}, {v1, "V = 1"}}) {
        const cli::Result r = cli::rbsynth({"enumerate", "--types", "2", "--max-rules", "2", "--thresholds", "1",
                                            "--quiet", "--out", dir / "out", "--counterexample",
                                            file});
        INFO(r.out);
        CHECK(r.code == 64);
        CHECK(r.out.find(says) != std::string::npos);
    }
}
