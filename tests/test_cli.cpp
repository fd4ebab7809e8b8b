// Command-line tests: run the real rbsynth binary and check its exit codes
// and messages. Input errors must exit 64 and say where the problem is
// (FILE:LINE:COL for algorithm files, the flag's name for flags), because
// that is what a user needs to fix them.
#include <dirent.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "cli_run.hpp"

#ifndef RBSYNTH_ALGORITHMS
#define RBSYNTH_ALGORITHMS "algorithms"
#endif

namespace {

constexpr int kHolds = 0, kViolated = 1, kIncomplete = 2, kUsage = 64;

using cli::Result;
using cli::rbsynth;
using cli::read_file;
using cli::shell_quote;

// A fresh directory per test, so that parallel or repeated runs never share
// files; it removes what it handed out.
class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/rbsynth-cli-XXXXXX";
        REQUIRE(mkdtemp(tmpl) != nullptr);
        dir_ = tmpl;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        for (const auto& p : paths_) unlink(p.c_str());
        rmdir(dir_.c_str());
    }
    const std::string& dir() const { return dir_; }
    std::string path(const std::string& name) {
        paths_.push_back(dir_ + "/" + name);
        return paths_.back();
    }
    std::string write(const std::string& name, const std::string& text) {
        std::string p = path(name);
        std::ofstream(p, std::ios::binary) << text;
        return p;
    }

private:
    std::string dir_;
    std::vector<std::string> paths_;
};

std::string shipped(const std::string& name) { return std::string(RBSYNTH_ALGORITHMS) + "/" + name + ".alg"; }

std::vector<std::string> shipped_algorithms() {
    std::vector<std::string> out;
    DIR* d = opendir(RBSYNTH_ALGORITHMS);
    REQUIRE(d != nullptr);
    while (const dirent* e = readdir(d)) {
        std::string name = e->d_name;
        if (name.size() > 4 && name.ends_with(".alg")) out.push_back(std::string(RBSYNTH_ALGORITHMS) + "/" + name);
    }
    closedir(d);
    return out;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// The three promises of every input error: exit 64, the `rbsynth: ` prefix,
// and the place (position or flag) right after it.
void expect_usage_error(const Result& r, const std::string& place, const std::string& message) {
    INFO("output: " << r.out);
    CHECK(r.code == kUsage);
    CHECK(r.out.starts_with("rbsynth: "));
    CHECK(r.out.starts_with("rbsynth: " + place));
    CHECK(contains(r.out, message));
}

// `where` is "bad.alg:LINE:COL", worked out by hand from `text`.
void expect_file_error(const std::string& text, const std::string& where, const std::string& message,
                       std::vector<std::string> flags = {"--faults", "none", "--n", "3"}) {
    TempDir tmp;
    const std::string file = tmp.write("bad.alg", text);
    std::vector<std::string> args = {"check", file, "--quiet"};
    args.insert(args.end(), flags.begin(), flags.end());
    expect_usage_error(rbsynth(args), tmp.dir() + "/" + where + ": ", message);
}

// The headers every rule test needs; rules start on line 5.
std::string with_receive_rule(const std::string& rule) {
    return "algorithm x\ntypes A\non broadcast:\non receive:\n" + rule + "\n";
}

void expect_flag_error(std::vector<std::string> flags, const std::string& flag, const std::string& message) {
    std::vector<std::string> args = {"check", shipped("best-effort"), "--quiet"};
    args.insert(args.end(), flags.begin(), flags.end());
    expect_usage_error(rbsynth(args), flag, message);
}

// A real counterexample: best-effort has no relay, so one crash of the
// sender breaks agreement.
std::string genuine_trace(TempDir& tmp) {
    const std::string trace = tmp.path("genuine.json");
    const Result r = rbsynth({"check", shipped("best-effort"), "--faults", "crash", "--n", "3", "--quiet",
                              "--trace-out", trace});
    INFO("output: " << r.out);
    REQUIRE(r.code == kViolated);
    return read_file(trace);
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "the genuine trace has no " << from);
    return text.replace(at, from.size(), to);
}

void expect_tampered_trace_error(const std::string& from, const std::string& to, const std::string& message) {
    TempDir tmp;
    const std::string trace = tmp.write("t.json", replace_once(genuine_trace(tmp), from, to));
    expect_usage_error(rbsynth({"replay", shipped("best-effort"), trace}), trace + ": ", message);
}

}  // namespace

TEST_CASE("cli: algorithm file structure errors name FILE:LINE:COL") {
    SUBCASE("missing algorithm line") {
        expect_file_error("types A\non broadcast:\non receive:\n", "bad.alg:1:1",
                          "expected 'algorithm <name>' as the first line, found 'types'");
    }
    SUBCASE("algorithm line without a name") {
        expect_file_error("algorithm\ntypes A\non broadcast:\non receive:\n", "bad.alg:1:10",
                          "expected an algorithm name, found end of line");
    }
    SUBCASE("algorithm name with a space") {
        expect_file_error("algorithm a b\ntypes A\non broadcast:\non receive:\n", "bad.alg:1:11",
                          "algorithm name 'a b' may use only");
    }
    SUBCASE("missing types line") {
        expect_file_error("algorithm x\non broadcast:\non receive:\n", "bad.alg:2:1",
                          "expected 'types <name> ...' after the algorithm line, found 'on'");
    }
    SUBCASE("types line without names") {
        expect_file_error("algorithm x\ntypes\non broadcast:\non receive:\n", "bad.alg:2:6",
                          "expected at least one type name, found end of line");
    }
    SUBCASE("duplicate type") {
        expect_file_error("algorithm x\ntypes A B A\non broadcast:\non receive:\n", "bad.alg:2:11",
                          "type 'A' is declared twice");
    }
    SUBCASE("reserved type name") {
        expect_file_error("algorithm x\ntypes A N\non broadcast:\non receive:\n", "bad.alg:2:9",
                          "'N' is reserved and cannot name a type");
    }
    SUBCASE("missing on broadcast before a rule") {
        expect_file_error("algorithm x\ntypes A\n  send A to all\non receive:\n", "bad.alg:3:3",
                          "expected 'on broadcast:', found 'send'");
    }
    SUBCASE("missing on broadcast at the end of the file") {
        expect_file_error("algorithm x\ntypes A\n", "bad.alg:3:1", "expected 'on broadcast:' header");
    }
    SUBCASE("missing on receive") {
        expect_file_error("algorithm x\ntypes A\non broadcast:\n  send A to all\n", "bad.alg:5:1",
                          "expected 'on receive:' header");
    }
    SUBCASE("header without its colon") {
        expect_file_error("algorithm x\ntypes A\non broadcast\non receive:\n", "bad.alg:3:13",
                          "expected ':', found end of line");
    }
    SUBCASE("handlers in the wrong order") {
        expect_file_error("algorithm x\ntypes A\non receive:\non broadcast:\n", "bad.alg:3:4",
                          "expected 'broadcast' (handlers come in the order");
    }
    SUBCASE("repeated on receive") {
        expect_file_error("algorithm x\ntypes A\non broadcast:\non receive:\non receive:\n", "bad.alg:5:4",
                          "expected a rule (each handler appears once), found 'receive'");
    }
    SUBCASE("repeated on broadcast") {
        expect_file_error("algorithm x\ntypes A\non broadcast:\non broadcast:\non receive:\n", "bad.alg:4:4",
                          "expected 'receive' (handlers come in the order");
    }
    SUBCASE("a rule that is neither send nor deliver") {
        expect_file_error("algorithm x\ntypes A\non broadcast:\n  receive A\non receive:\n", "bad.alg:4:3",
                          "expected a rule ('send' or 'deliver') or a header, found 'receive'");
    }
}

TEST_CASE("cli: algorithm rule errors name FILE:LINE:COL") {
    SUBCASE("undeclared type in a send") {
        expect_file_error("algorithm x\ntypes A\non broadcast:\n  send B to all\non receive:\n", "bad.alg:4:8",
                          "undeclared type 'B'");
    }
    SUBCASE("undeclared guard type") {
        expect_file_error(with_receive_rule("  deliver if received Q from 1"), "bad.alg:5:23",
                          "undeclared type 'Q'");
    }
    SUBCASE("type 0 sent from on receive") {
        expect_file_error("algorithm x\ntypes A B\non broadcast:\non receive:\n  send A to all\n", "bad.alg:5:8",
                          "may be sent only from 'on broadcast'");
    }
    SUBCASE("send to a bad target") {
        expect_file_error("algorithm x\ntypes A\non broadcast:\n  send A to everyone\non receive:\n",
                          "bad.alg:4:13", "expected 'all' or 'others', found 'everyone'");
    }
    SUBCASE("send without to") {
        expect_file_error("algorithm x\ntypes A\non broadcast:\n  send A all\non receive:\n", "bad.alg:4:10",
                          "expected 'to', found 'all'");
    }
    SUBCASE("junk after a send") {
        expect_file_error("algorithm x\ntypes A\non broadcast:\n  send A to all now\non receive:\n",
                          "bad.alg:4:17", "expected 'if', found 'now'");
    }
    SUBCASE("junk after a guard") {
        expect_file_error(with_receive_rule("  deliver if received A from 1 junk"), "bad.alg:5:32",
                          "expected end of line, found 'junk'");
    }
    SUBCASE("guard without from") {
        expect_file_error(with_receive_rule("  deliver if received A"), "bad.alg:5:24",
                          "expected 'from', found end of line");
    }
    SUBCASE("guard without a threshold") {
        expect_file_error(with_receive_rule("  deliver if received A from"), "bad.alg:5:29",
                          "expected a threshold");
    }
}

TEST_CASE("cli: threshold syntax errors name FILE:LINE:COL") {
    SUBCASE("bare slash") {
        expect_file_error(with_receive_rule("  deliver if received A from N/2"), "bad.alg:5:31",
                          "a bare '/' is not allowed");
    }
    SUBCASE("ceil without a slash") {
        expect_file_error(with_receive_rule("  deliver if received A from ceil(N)"), "bad.alg:5:36",
                          "expected '/' in ceil(a/b), found ')'");
    }
    SUBCASE("unclosed parenthesis") {
        expect_file_error(with_receive_rule("  deliver if received A from (N+1"), "bad.alg:5:34",
                          "expected ')', found end of line");
    }
    SUBCASE("unopened parenthesis") {
        expect_file_error(with_receive_rule("  deliver if received A from N+1)"), "bad.alg:5:33",
                          "expected end of line, found ')'");
    }
    SUBCASE("a word other than N or F against a number") {
        expect_file_error(with_receive_rule("  deliver if received A from 2X"), "bad.alg:5:31",
                          "expected N or F after a number, found 'X'");
    }
    SUBCASE("number too large") {
        expect_file_error(with_receive_rule("  deliver if received A from 99999999999999999999"), "bad.alg:5:30",
                          "number 99999999999999999999 is too large");
    }
}

// These are found when the rule is compiled for one N and F, so the message
// must also say which N and F; the position is the rule's first column.
TEST_CASE("cli: thresholds that are wrong for the configuration") {
    SUBCASE("zero under --faults none") {
        expect_file_error(with_receive_rule("  deliver if received A from F"), "bad.alg:5:3",
                          "threshold 'F' is 0 for N = 3, F = 0");
    }
    SUBCASE("negative") {
        expect_file_error(with_receive_rule("  deliver if received A from F-2"), "bad.alg:5:3",
                          "threshold 'F-2' is -2 for N = 3, F = 0");
    }
    SUBCASE("division by zero") {
        expect_file_error(with_receive_rule("  deliver if received A from floor(N/(F-F))"), "bad.alg:5:3",
                          "is undefined for N = 3, F = 0 (division by zero or overflow)");
    }
    SUBCASE("overflow") {
        expect_file_error(with_receive_rule("  deliver if received A from 9223372036854775807+1"), "bad.alg:5:3",
                          "is undefined for N = 3, F = 0");
    }
    SUBCASE("zero for only the first size of a range") {
        expect_file_error(with_receive_rule("  deliver if received A from F"), "bad.alg:5:3",
                          "is 0 for N = 1, F = 0", {"--faults", "crash", "--n", "1..3"});
    }
}

TEST_CASE("cli: bytes the tokenizer rejects") {
    SUBCASE("dollar sign") {
        expect_file_error(with_receive_rule("  deliver if received A from $1"), "bad.alg:5:30",
                          "unexpected character '$'");
    }
    SUBCASE("non-ASCII letter") {
        expect_file_error(with_receive_rule("  deliver if received A from \xc3\xa9"), "bad.alg:5:30",
                          "unexpected character '\\xc3'");
    }
    SUBCASE("byte order mark") {
        expect_file_error("\xef\xbb\xbf" "algorithm x\ntypes A\non broadcast:\non receive:\n", "bad.alg:1:1",
                          "unexpected character '\\xef'");
    }
    SUBCASE("binary file with NUL bytes") {
        expect_file_error(std::string("algorithm x\ntypes A\0B\non broadcast:\non receive:\n", 47), "bad.alg:2:8",
                          "unexpected character '\\x00'");
    }
    SUBCASE("empty file") {
        expect_file_error("", "bad.alg:1:1", "expected 'algorithm <name>'");
    }
}

TEST_CASE("cli: algorithm paths that cannot be read") {
    TempDir tmp;
    SUBCASE("file does not exist") {
        const std::string missing = tmp.dir() + "/missing.alg";
        expect_usage_error(rbsynth({"check", missing}), missing + ": ", "cannot open the algorithm file");
    }
    SUBCASE("directory") {
        expect_usage_error(rbsynth({"print", tmp.dir()}), tmp.dir(), "is a directory");
    }
    SUBCASE("an endless file") {
        expect_usage_error(rbsynth({"print", "/dev/zero"}), "/dev/zero: ", "larger than 16 MiB");
    }
    SUBCASE("missing algorithm argument") {
        expect_usage_error(rbsynth({"check", "--n", "3"}), "algorithm", "is required");
    }
}

TEST_CASE("cli: flag errors name the flag") {
    SUBCASE("--faults bogus") {
        expect_flag_error({"--faults", "bogus"}, "--faults: ", "expected none, crash or byzantine, found 'bogus'");
    }
    SUBCASE("--n 0") { expect_flag_error({"--n", "0"}, "--n: ", "N = 0 is out of range 1..12"); }
    SUBCASE("--n 13") { expect_flag_error({"--n", "13"}, "--n: ", "N = 13 is out of range 1..12"); }
    SUBCASE("--n 5..3") { expect_flag_error({"--n", "5..3"}, "--n: ", "empty range '5..3'"); }
    SUBCASE("--n 4,x") { expect_flag_error({"--n", "4,x"}, "--n: ", "found '4,x'"); }
    SUBCASE("--n 3,") { expect_flag_error({"--n", "3,"}, "--n: ", "found '3,'"); }
    SUBCASE("--values 3") { expect_flag_error({"--values", "3"}, "--values: ", "expected 1 or 2, found 3"); }
    SUBCASE("--f 9 --n 4") {
        expect_flag_error({"--f", "9", "--n", "4"}, "--f: ", "F = 9 is out of range for N = 4");
    }
    SUBCASE("--f x") { expect_flag_error({"--f", "x"}, "", "--f"); }
    SUBCASE("--max-memory 12Q") {
        expect_flag_error({"--max-memory", "12Q"}, "--max-memory: ", "found '12Q'");
    }
    SUBCASE("--max-memory -1") { expect_flag_error({"--max-memory", "-1"}, "--max-memory: ", "found '-1'"); }
    SUBCASE("--max-memory 0") { expect_flag_error({"--max-memory", "0"}, "--max-memory: ", "found '0'"); }
    SUBCASE("--threads 0") { expect_flag_error({"--threads", "0"}, "--threads: ", "0"); }
    SUBCASE("--time-limit -5") { expect_flag_error({"--time-limit", "-5"}, "--time-limit: ", "-5"); }
    SUBCASE("--max-states 0") { expect_flag_error({"--max-states", "0"}, "--max-states: ", "0"); }
    SUBCASE("unknown flag") { expect_flag_error({"--bogus"}, "", "--bogus"); }
    SUBCASE("--reduce some") {
        expect_flag_error({"--reduce", "some"}, "--reduce: ", "expected none, symmetry, por or all, found 'some'");
    }
}

TEST_CASE("cli: --reduce none keeps the exact count, the default reduces and says so") {
    const Result exact = rbsynth({"check", shipped("bracha"), "--faults", "none", "--n", "3", "--reduce", "none",
                                  "--quiet", "--json"});
    const Result reduced = rbsynth({"check", shipped("bracha"), "--faults", "none", "--n", "3", "--quiet", "--json"});
    REQUIRE(exact.code == kHolds);
    REQUIRE(reduced.code == kHolds);
    const auto a = nlohmann::json::parse(exact.out), b = nlohmann::json::parse(reduced.out);
    CHECK(a["states"] == 4643);
    CHECK(a["reduction"] == "none");
    CHECK(b["reduction"] == "all");
    CHECK(b["states"].get<int>() < 4643);
    const Result human = rbsynth({"check", shipped("bracha"), "--faults", "none", "--n", "3", "--quiet"});
    CHECK(contains(human.out, "stored under reduction 'all'"));
}

TEST_CASE("cli: --no-hunt gives the same verdicts and counts (Bracha and Fig. 3 at N = 7, F = 2)") {
    // The hunt only races the reduced search to a violation; without it the
    // report is the same (docs/reductions.md, "Time to a violation").
    for (const bool hunt : {true, false}) {
        CAPTURE(hunt);
        std::vector<std::string> args{"check", shipped("bracha"), "--n", "7", "--quiet", "--json"};
        if (!hunt) args.push_back("--no-hunt");
        const Result r = rbsynth(args);
        REQUIRE(r.code == kHolds);
        CHECK(nlohmann::json::parse(r.out)["states"] == 491);
        args[1] = shipped("paper-fig3");
        const Result fig3 = rbsynth(args);
        CHECK(fig3.code == kViolated);
        CHECK(nlohmann::json::parse(fig3.out)["property"] == "agreement");
    }
}

TEST_CASE("cli: metrics shares the configuration flags' errors") {
    expect_usage_error(rbsynth({"metrics", shipped("bracha"), "--n", "13"}), "--n: ", "N = 13 is out of range");
}

TEST_CASE("cli: replay input errors name the trace file") {
    SUBCASE("not JSON") {
        TempDir tmp;
        const std::string trace = tmp.write("t.json", "not json {\n");
        expect_usage_error(rbsynth({"replay", shipped("best-effort"), trace}), trace + ": ",
                           "not a JSON document (at byte ");
    }
    SUBCASE("trace file does not exist") {
        TempDir tmp;
        const std::string trace = tmp.dir() + "/missing.json";
        expect_usage_error(rbsynth({"replay", shipped("best-effort"), trace}), trace + ": ",
                           "cannot open the trace file");
    }
    SUBCASE("JSON that is not an object") {
        TempDir tmp;
        const std::string trace = tmp.write("t.json", "[]\n");
        expect_usage_error(rbsynth({"replay", shipped("best-effort"), trace}), trace + ": ",
                           "a trace must be a JSON object");
    }
    SUBCASE("missing trace argument") {
        expect_usage_error(rbsynth({"replay", shipped("best-effort")}), "trace", "is required");
    }
}

TEST_CASE("cli: replay rejects tampered traces") {
    SUBCASE("unknown step kind") {
        expect_tampered_trace_error("\"kind\": \"crash\"", "\"kind\": \"explode\"",
                                    "step 3: \"kind\": expected broadcast, receive, crash or byzantine, "
                                    "found 'explode'");
    }
    SUBCASE("type the algorithm lacks") {
        expect_tampered_trace_error("\"type\": \"MSG\"", "\"type\": \"ECHO\"",
                                    "step 2: \"type\": the algorithm has no type 'ECHO'");
    }
    SUBCASE("process out of range") {
        expect_tampered_trace_error("\"process\": 1,", "\"process\": 7,",
                                    "step 2: \"process\" = 7 is not a process of N = 3");
    }
    SUBCASE("value outside the domain") {
        expect_tampered_trace_error("\"value\": 0", "\"value\": 1",
                                    "step 2: \"value\" = 1 is outside the value domain V = 1");
    }
    SUBCASE("another algorithm's trace") {
        expect_tampered_trace_error("\"algorithm\": \"best-effort\"", "\"algorithm\": \"bracha\"",
                                    "the trace is for algorithm \"bracha\", not best-effort");
    }
    SUBCASE("N out of range") {
        expect_tampered_trace_error("\"n\": 3", "\"n\": 30", "N = 30 is out of range");
    }
    SUBCASE("N of the wrong JSON type") {
        expect_tampered_trace_error("\"n\": 3", "\"n\": \"3\"", "\"n\" must be a small integer");
    }
}

TEST_CASE("cli: print of every shipped algorithm is canonical") {
    const auto files = shipped_algorithms();
    REQUIRE(files.size() >= 4);
    TempDir tmp;
    for (const auto& file : files) {
        INFO("algorithm: " << file);
        const Result first = rbsynth({"print", file});
        CHECK(first.code == kHolds);
        const std::string printed = tmp.write("printed.alg", first.out);
        const Result second = rbsynth({"print", printed});
        CHECK(second.code == kHolds);
        CHECK(second.out == first.out);
    }
}

TEST_CASE("cli: check verdicts and exit codes") {
    SUBCASE("holds") {
        const Result r = rbsynth({"check", shipped("best-effort"), "--faults", "none", "--n", "3", "--quiet"});
        INFO("output: " << r.out);
        CHECK(r.code == kHolds);
        CHECK(contains(r.out, "holds"));
    }
    SUBCASE("incomplete under --max-states") {
        const Result r = rbsynth(
            {"check", shipped("bracha"), "--faults", "byzantine", "--n", "4", "--max-states", "20", "--quiet"});
        INFO("output: " << r.out);
        CHECK(r.code == kIncomplete);
        CHECK(contains(r.out, "incomplete"));
    }
    SUBCASE("incomplete, never holds, when the state store fills --max-memory") {
        // The exact Bracha graph (254M+ states) in 8 MiB: the store stops
        // growing, fills its shards and reports itself full.
        const Result r = rbsynth({"check", shipped("bracha"), "--faults", "byzantine", "--n", "4", "--values", "2",
                                  "--reduce", "none", "--max-memory", "8M", "--quiet"});
        INFO("output: " << r.out);
        CHECK(r.code == kIncomplete);
        CHECK(contains(r.out, "incomplete (limit: max-memory)"));
    }
    SUBCASE("incomplete, not a crash, when --max-memory is smaller than the first tables") {
        const Result r = rbsynth({"check", shipped("eager"), "--faults", "crash", "--n", "4", "--reduce", "none",
                                  "--max-memory", "4K", "--quiet"});
        INFO("output: " << r.out);
        CHECK(r.code == kIncomplete);
        CHECK(contains(r.out, "incomplete (limit: max-memory)"));
    }
}

TEST_CASE("cli: a violation's trace replays as confirmed") {
    TempDir tmp;
    const std::string trace = tmp.write("trace.json", genuine_trace(tmp));
    const Result r = rbsynth({"replay", shipped("best-effort"), trace});
    INFO("output: " << r.out);
    CHECK(r.code == kHolds);
    CHECK(contains(r.out, "confirmed"));
    CHECK_FALSE(contains(r.out, "not confirmed"));
}

TEST_CASE("cli: replay of a trace that claims the wrong property is not confirmed") {
    TempDir tmp;
    const std::string text = replace_once(genuine_trace(tmp), "\"agreement\"", "\"validity\"");
    const Result r = rbsynth({"replay", shipped("best-effort"), tmp.write("t.json", text)});
    INFO("output: " << r.out);
    CHECK(r.code == kViolated);
    CHECK(contains(r.out, "not confirmed"));
}

TEST_CASE("cli: check --json reports every key") {
    const Result r =
        rbsynth({"check", shipped("best-effort"), "--faults", "crash", "--n", "3", "--quiet", "--json"});
    INFO("output: " << r.out);
    CHECK(r.code == kViolated);
    const auto doc = nlohmann::json::parse(r.out);
    for (const char* key : {"algorithm", "faults", "n", "f", "values", "threads", "verdict", "property", "limit",
                            "states", "transitions", "seconds", "states_per_second", "transitions_per_second", "bytes_per_state",
                            "peak_memory_bytes", "trace", "reduction"}) {
        INFO("key: " << key);
        CHECK(doc.contains(key));
    }
    CHECK(doc["algorithm"] == "best-effort");
    CHECK(doc["n"] == 3);
    CHECK(doc["f"] == 1);
    CHECK(doc["verdict"] == "violated");
    CHECK(doc["property"] == "agreement");
    CHECK(doc["trace"].is_array());
}

TEST_CASE("cli: metrics of best-effort") {
    const Result r = rbsynth({"metrics", shipped("best-effort"), "--n", "3", "--json"});
    INFO("output: " << r.out);
    CHECK(r.code == kHolds);
    const auto doc = nlohmann::json::parse(r.out);
    CHECK(doc["messages"] == 2);
    CHECK(doc["steps"] == 1);
}

// Bugs found once, pinned to the behaviour they have now.
TEST_CASE("cli: overflow, directories, wrapped integers, fractional sizes") {
    SUBCASE("INT64_MIN / -1 in a threshold kills rbsynth with SIGFPE") {
        expect_file_error(with_receive_rule("  deliver if received A from floor(-9223372036854775807-1/-1)"),
                          "bad.alg:5:3", "is undefined for N = 3, F = 0");
    }
    SUBCASE("ceil of INT64_MIN/2 evaluates to a positive threshold") {
        expect_file_error(with_receive_rule("  deliver if received A from ceil(-9223372036854775807-1/2)"),
                          "bad.alg:5:3", "is -4611686018427387904 for N = 3, F = 0");
    }
    SUBCASE("negating INT64_MIN is not reported as an overflow") {
        expect_file_error(with_receive_rule("  deliver if received A from -(-9223372036854775807-1)"),
                          "bad.alg:5:3", "is undefined for N = 3, F = 0");
    }
    SUBCASE("a directory reads as an empty algorithm file") {
        TempDir tmp;
        const Result r = rbsynth({"print", tmp.dir()});
        CHECK_FALSE(contains(r.out, "expected 'algorithm <name>'"));
        CHECK(contains(r.out, "is a directory"));
        CHECK(r.code == 64);
    }
    SUBCASE("a trace's N wraps modulo 2^32") {
        expect_tampered_trace_error("\"n\": 3", "\"n\": 4294967299", "\"n\"");
    }
    SUBCASE("--max-memory 0.5 silently means the default limit") {
        expect_flag_error({"--max-memory", "0.5", "--n", "3"}, "--max-memory: ", "found '0.5'");
    }
}

// Issue 17: one default for every command, named in every report's first
// line, and --help that lists the choices, the exit codes and the limits.
namespace {
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }
}  // namespace

TEST_CASE("cli: check without --faults checks byzantine faults with an equivocating sender") {
    const Result r = rbsynth({"check", shipped("best-effort"), "--quiet"});
    INFO("output: " << r.out);
    CHECK(r.code == kViolated);  // best-effort tolerates no faulty sender
    CHECK(first_line(r.out) == "best-effort under byzantine faults N=4 F=1 V=2");
    const Result j = rbsynth({"check", shipped("best-effort"), "--quiet", "--json"});
    const auto doc = nlohmann::json::parse(j.out);
    CHECK(doc["faults"] == "byzantine");
    CHECK(doc["values"] == 2);
    CHECK(doc["f"] == 1);
    // --values 1 is still there for the reference paper's adversary.
    const Result v1 = rbsynth({"check", shipped("paper-fig3"), "--values", "1", "--quiet"});
    CHECK(v1.code == kHolds);
    CHECK(first_line(v1.out) == "paper-fig3 under byzantine faults N=4 F=1 V=1");
}

TEST_CASE("cli: a resilience table, metrics and replay name the configuration in their first line") {
    const Result table = rbsynth({"check", shipped("paper-fig3"), "--values", "1", "--n", "3..5", "--quiet"});
    INFO("output: " << table.out);
    CHECK(table.code == kHolds);
    CHECK(first_line(table.out) == "paper-fig3 under byzantine faults N=3..5 F=per row V=1");
    const Result metrics = rbsynth({"metrics", shipped("bracha"), "--n", "4,7"});
    CHECK(metrics.code == kHolds);
    CHECK(first_line(metrics.out) ==
          "bracha with the thresholds of byzantine faults N=4,7 F=per row: failure-free synchronous run");
    TempDir tmp;
    const std::string trace = tmp.write("trace.json", genuine_trace(tmp));
    const Result replay = rbsynth({"replay", shipped("best-effort"), trace});
    CHECK(replay.code == kHolds);
    CHECK(first_line(replay.out) ==
          "best-effort under crash faults N=3 F=1 V=1: replaying 3 steps that claim agreement is violated");
}

TEST_CASE("cli: --help of every command lists the choices, the exit codes and the limits") {
    const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
        {"check", {"none|crash|byzantine", "none|symmetry|por|all", "1|2", "=byzantine", "=all"}},
        {"metrics", {"none|crash|byzantine"}},
        {"promela", {"none|crash|byzantine", "1|2"}},
        {"learn", {"none|crash|byzantine", "1|2", "measured|paper", "2|3"}},
        {"replay", {"confirmed"}},
        {"print", {}},
    };
    for (const auto& [command, choices] : expected) {
        const Result r = rbsynth({command, "--help"});
        INFO("rbsynth " << command << " --help: " << r.out);
        CHECK(r.code == kHolds);
        for (const auto& choice : choices) CHECK(contains(r.out, choice));
        CHECK(contains(r.out, "Exit codes:"));
        CHECK(contains(r.out, "64 usage or input error"));
        CHECK(contains(r.out, "70 internal error"));
        CHECK(contains(r.out, "1 <= N <= 12"));
        CHECK(contains(r.out, "docs/language.md"));
    }
    const Result check = rbsynth({"check", "--help"});
    CHECK(contains(check.out, "0  every property holds"));
    CHECK(contains(check.out, "1  a property is violated"));
    CHECK(contains(check.out, "2  incomplete"));
    CHECK(contains(check.out, "Default: byzantine faults, V = 2"));
    const Result top = rbsynth({"--help"});
    CHECK(top.code == kHolds);
    CHECK(contains(top.out, "Exit codes:"));
}

TEST_CASE("cli: --version names the version and the commit") {
    const Result r = rbsynth({"--version"});
    INFO("output: " << r.out);
    CHECK(r.code == kHolds);
    // "rbsynth 0.1.0 (commit 1a2b3c4d5e6f)", or "(commit unknown)" outside git.
    CHECK(std::regex_search(r.out, std::regex("^rbsynth [0-9]+\\.[0-9]+\\.[0-9]+ \\(commit [^)]+\\)\n$")));
}

// A threshold's tree is as deep as its nesting or its chain of operators; the
// parser, the evaluator and the printer recurse on it, so past the limit the
// file is refused where the limit is crossed, instead of overflowing the
// stack. Columns: the threshold starts at column 30 of line 5.
TEST_CASE("cli: thresholds nested too deeply are input errors, not stack overflows") {
    const int deep = 100000;
    SUBCASE("parentheses: the 129th level is refused") {
        expect_file_error(with_receive_rule("  deliver if received A from " + std::string(deep, '(') + "1" +
                                            std::string(deep, ')')),
                          "bad.alg:5:158", "threshold is too deeply nested: more than 128 levels of parentheses");
    }
    SUBCASE("unary minus") {
        expect_file_error(with_receive_rule("  deliver if received A from " + std::string(deep, '-') + "1"),
                          "bad.alg:5:158", "more than 128 levels of parentheses, ceil/floor and unary minus");
    }
    SUBCASE("ceil: its opening parenthesis is one level") {
        std::string k;
        for (int i = 0; i < deep / 10; ++i) k += "ceil(";
        k += "1";
        for (int i = 0; i < deep / 10; ++i) k += "/1)";
        expect_file_error(with_receive_rule("  deliver if received A from " + k), "bad.alg:5:670",
                          "threshold is too deeply nested");  // 30 + 128 * 5
    }
    SUBCASE("a chain of sums: the 64th operator is refused") {
        std::string k = "1";
        for (int i = 0; i < deep; ++i) k += "+1";
        expect_file_error(with_receive_rule("  deliver if received A from " + k), "bad.alg:5:157",
                          "threshold is too deeply nested: more than 64 levels of operators");
    }
    SUBCASE("a chain of products") {
        std::string k = "1";
        for (int i = 0; i < deep; ++i) k += "*1";
        expect_file_error(with_receive_rule("  deliver if received A from " + k), "bad.alg:5:157",
                          "more than 64 levels of operators");
    }
}

// At the limits, everything still works, and prints back to itself.
TEST_CASE("cli: thresholds at the nesting limits parse, check and print canonically") {
    std::string sum = "1";
    for (int i = 0; i < 63; ++i) sum += "+1";  // 64 levels
    std::string parens = std::string(127, '(') + "N" + std::string(127, ')');  // 128 levels
    std::string minus;
    for (int i = 0; i < 63; ++i) minus += "-(";  // 126 levels, a tree 64 deep
    minus += "N" + std::string(63, ')');
    const std::vector<std::string> thresholds = {sum, parens, minus};
    for (std::size_t i = 0; i < thresholds.size(); ++i) {
        const std::string& k = thresholds[i];
        TempDir tmp;
        const std::string text = "algorithm deep\ntypes A\non broadcast:\n  send A to all\non receive:\n"
                                 "  deliver if received A from " + k + "\n";
        const std::string file = tmp.write("deep.alg", text);
        const Result printed = rbsynth({"print", file});
        INFO("output: " << printed.out.substr(0, 300));
        REQUIRE(printed.code == kHolds);
        const Result again = rbsynth({"print", tmp.write("printed.alg", printed.out)});
        CHECK(again.code == kHolds);
        CHECK(again.out == printed.out);
        // 64 ones, N, and -(-(...N)) with 63 minus signs: -N, refused for N = 3.
        const Result metrics = rbsynth({"metrics", file, "--n", "3", "--json"});
        CHECK(metrics.code == (i == 2 ? kUsage : kHolds));
    }
}

TEST_CASE("cli: paths that are directories or cannot be written exit 64 before any search") {
    TempDir tmp;
    const std::string file = tmp.write("file.txt", "x\n");
    SUBCASE("replay of a directory") {
        expect_usage_error(rbsynth({"replay", shipped("best-effort"), tmp.dir()}), tmp.dir() + ": ",
                           "is a directory, not a trace file");
    }
    SUBCASE("--trace-out naming a directory") {
        const Result r = rbsynth({"check", shipped("bracha"), "--faults", "byzantine", "--n", "4", "--quiet",
                                  "--trace-out", tmp.dir()});
        expect_usage_error(r, "--trace-out: ", "is a directory, not a file");
        CHECK_FALSE(contains(r.out, "verdict"));
        CHECK_FALSE(contains(r.out, "holds"));
    }
    SUBCASE("--trace-out in a missing directory") {
        expect_usage_error(rbsynth({"check", shipped("best-effort"), "--quiet", "--trace-out",
                                    tmp.dir() + "/no/such/t.json"}),
                           "--trace-out: ", "cannot write '" + tmp.dir() + "/no/such/t.json': no directory");
    }
    SUBCASE("--trace-out below a file") {
        expect_usage_error(rbsynth({"check", shipped("best-effort"), "--quiet", "--trace-out", "/dev/null/t.json"}),
                           "--trace-out: ", "no directory '/dev/null'");
    }
    SUBCASE("--trace-out of a table checks every size's file") {
        const std::string trace = tmp.path("t.json");
        REQUIRE(mkdir(tmp.path("t-n4.json").c_str(), 0700) == 0);
        expect_usage_error(rbsynth({"check", shipped("best-effort"), "--quiet", "--n", "3..4", "--trace-out", trace}),
                           "--trace-out: ", "t-n4.json' is a directory");
        rmdir(tmp.path("t-n4.json").c_str());
    }
    SUBCASE("promela -o naming a directory") {
        expect_usage_error(rbsynth({"promela", shipped("bracha"), "-o", tmp.dir()}), "-o: ", "is a directory");
    }
    SUBCASE("learn --out naming a file") {
        expect_usage_error(rbsynth({"learn", "--faults", "none", "--out", file, "--quiet"}), "--out: ",
                           "'" + file + "' exists and is not a directory");
    }
    SUBCASE("learn --out below a file") {
        expect_usage_error(rbsynth({"learn", "--faults", "none", "--out", file + "/out", "--quiet"}), "--out: ",
                           "cannot create the directory");
    }
    SUBCASE("learn --checkpoint naming a directory") {
        expect_usage_error(rbsynth({"learn", "--faults", "none", "--out", tmp.dir(), "--checkpoint", tmp.dir(),
                                    "--quiet"}),
                           "--checkpoint: ", "is a directory, not a file");
    }
    SUBCASE("learn --resume naming a directory") {
        expect_usage_error(rbsynth({"learn", "--faults", "none", "--resume", tmp.dir(), "--quiet"}), "--resume: ",
                           "is a directory, not a file");
    }
    SUBCASE("learn --resume naming a missing file") {
        expect_usage_error(rbsynth({"learn", "--faults", "none", "--resume", tmp.dir() + "/none.json", "--quiet"}),
                           "--resume: ", "no such file");
    }
    SUBCASE("an unwritable directory (not for root, who may write anywhere)") {
        const std::string locked = tmp.path("locked");
        REQUIRE(mkdir(locked.c_str(), 0500) == 0);
        if (geteuid() != 0)
            expect_usage_error(rbsynth({"check", shipped("best-effort"), "--quiet", "--trace-out", locked + "/t.json"}),
                               "--trace-out: ", "Permission denied");
        rmdir(locked.c_str());
    }
}

// nlohmann's parser and destructor do not recurse, but dump() does: a trace
// field nested a million deep must be refused without printing it.
TEST_CASE("cli: replay of a trace with deeply nested values exits 64") {
    const std::string deep = std::string(1000000, '[') + "1" + std::string(1000000, ']');
    SUBCASE("N") { expect_tampered_trace_error("\"n\": 3", "\"n\": " + deep, "\"n\" must be a small integer, found an array"); }
    SUBCASE("a step's process") {
        expect_tampered_trace_error("\"process\": 1,", "\"process\": " + deep + ",", "must be a small integer, found an array");
    }
    SUBCASE("the algorithm") {
        expect_tampered_trace_error("\"algorithm\": \"best-effort\"", "\"algorithm\": " + deep, "\"algorithm\" must be a string");
    }
}

TEST_CASE("cli: numeric flags out of range exit 64 and name the flag") {
    SUBCASE("--n -3") { expect_flag_error({"--n", "-3"}, "", "--n"); }
    SUBCASE("--n 999") { expect_flag_error({"--n", "999"}, "--n: ", "N = 999 is out of range 1..12"); }
    SUBCASE("--n 3..2") { expect_flag_error({"--n", "3..2"}, "--n: ", "empty range '3..2'"); }
    SUBCASE("--n 1..99999") { expect_flag_error({"--n", "1..99999"}, "--n: ", "found '1..99999'"); }
    SUBCASE("--f -1") { expect_flag_error({"--f", "-1"}, "", "--f"); }
    SUBCASE("--f 4 --n 4: no correct process") {
        expect_flag_error({"--f", "4", "--n", "4", "--faults", "byzantine"}, "--f: ", "F = 4 is out of range for N = 4");
    }
    SUBCASE("--f 3 --n 3..5: the first size") {
        expect_flag_error({"--f", "3", "--n", "3..5", "--faults", "crash"}, "--f: ", "F = 3 is out of range for N = 3");
    }
    SUBCASE("--f 99999999999") { expect_flag_error({"--f", "99999999999"}, "", "--f"); }
    SUBCASE("--threads -1") { expect_flag_error({"--threads", "-1"}, "", "--threads"); }
    SUBCASE("--threads 100000") {
        expect_flag_error({"--threads", "100000"}, "--threads: ", "expected 1..");
    }
    SUBCASE("--max-states -1") { expect_flag_error({"--max-states", "-1"}, "", "--max-states"); }
    SUBCASE("--max-states 1e30") { expect_flag_error({"--max-states", "1e30"}, "", "--max-states"); }
    SUBCASE("--time-limit nan") { expect_flag_error({"--time-limit", "nan"}, "", "--time-limit"); }
    SUBCASE("--max-memory 1e400G") { expect_flag_error({"--max-memory", "1e400G"}, "--max-memory: ", "1e400G"); }
    SUBCASE("--values 0") { expect_flag_error({"--values", "0"}, "--values: ", "expected 1 or 2, found 0"); }
}

void expect_learn_error(std::vector<std::string> flags, const std::string& place, const std::string& message) {
    TempDir tmp;
    std::vector<std::string> args = {"learn", "--faults", "crash", "--quiet", "--out", tmp.dir() + "/out"};
    args.insert(args.end(), flags.begin(), flags.end());
    const Result r = rbsynth(args);
    expect_usage_error(r, place, message);
    CHECK(access((tmp.dir() + "/out").c_str(), F_OK) != 0);  // refused before anything was written
}

TEST_CASE("cli: learn's numeric flags out of range exit 64 and name the flag") {
    SUBCASE("--threads -1") { expect_learn_error({"--threads", "-1"}, "--threads: ", "expected a count in 0..1024"); }
    SUBCASE("--episodes -5") { expect_learn_error({"--episodes", "-5"}, "--episodes: ", ">= 0"); }
    SUBCASE("--values 3") { expect_learn_error({"--values", "3"}, "--values: ", "expected 1 or 2, got 3"); }
    SUBCASE("--alpha nan") { expect_learn_error({"--alpha", "nan"}, "--alpha: ", "learning rate"); }
    SUBCASE("--gamma 2") { expect_learn_error({"--gamma", "2"}, "--gamma: ", "discount"); }
    SUBCASE("--ucb-c inf") { expect_learn_error({"--ucb-c", "inf"}, "--ucb-c: ", "finite"); }
    SUBCASE("--candidate-states 0") { expect_learn_error({"--candidate-states", "0"}, "--candidate-states: ", ">= 1"); }
    SUBCASE("--candidate-states -3") { expect_learn_error({"--candidate-states", "-3"}, "--candidate-states: ", "-3"); }
    SUBCASE("--final-states 0") { expect_learn_error({"--final-states", "0"}, "--final-states: ", ">= 1"); }
    SUBCASE("--final-validate 13") { expect_learn_error({"--final-validate", "13"}, "--final-validate: ", "out of range"); }
    SUBCASE("--candidate-time 0") { expect_learn_error({"--candidate-time", "0"}, "--candidate-time: ", "positive"); }
    SUBCASE("--table-time -1") { expect_learn_error({"--table-time", "-1"}, "--table-time: ", "positive"); }
    SUBCASE("--checkpoint-every -1") {
        expect_learn_error({"--checkpoint-every", "-1"}, "--checkpoint-every: ", ">= 0");
    }
    SUBCASE("--learn-n 99") { expect_learn_error({"--learn-n", "99"}, "--learn-n: ", "expected 2..12"); }
    SUBCASE("--validate 3..2") { expect_learn_error({"--validate", "3..2"}, "--validate: ", "empty range"); }
    SUBCASE("--validate 999") { expect_learn_error({"--validate", "999"}, "--validate: ", "out of range"); }
    SUBCASE("--max-memory x") { expect_learn_error({"--max-memory", "x"}, "--max-memory: ", "found 'x'"); }
    SUBCASE("--seed -1") { expect_learn_error({"--seed", "-1"}, "", "--seed"); }
}

// One replayable document per violated size; a size that holds leaves no
// file (a stale one from an earlier run is removed).
TEST_CASE("cli: --trace-out with several sizes writes one replayable file per violated size") {
    TempDir tmp;
    const std::string trace = tmp.path("trace.json");
    const std::string n1 = tmp.path("trace-n1.json"), n2 = tmp.path("trace-n2.json");
    const std::string n3 = tmp.path("trace-n3.json"), n4 = tmp.path("trace-n4.json");
    std::ofstream(n1) << "stale\n";
    // best-effort under crash: F = 0 (holds) at N = 1, 2; F = 1 (violated) at N = 3, 4.
    const Result r = rbsynth({"check", shipped("best-effort"), "--faults", "crash", "--n", "1..4", "--quiet",
                              "--trace-out", trace});
    INFO("output: " << r.out);
    CHECK(r.code == kViolated);
    CHECK(access(trace.c_str(), F_OK) != 0);
    CHECK(access(n1.c_str(), F_OK) != 0);
    CHECK(access(n2.c_str(), F_OK) != 0);
    for (const std::string& file : {n3, n4}) {
        INFO("trace: " << file);
        const auto doc = nlohmann::json::parse(read_file(file));
        CHECK(doc["n"] == (file == n3 ? 3 : 4));
        const Result replayed = rbsynth({"replay", shipped("best-effort"), file});
        INFO("replay: " << replayed.out);
        CHECK(replayed.code == kHolds);
        CHECK(contains(replayed.out, "confirmed: after"));
    }
}
