// Command-line tests of `rbsynth promela` and `check --cross-check spin`:
// the real binary, its exit codes, its side-by-side report, and Spin's
// counterexample replayed by `rbsynth replay`. The cross-check cases need
// spin and cc on PATH (.ci installs both).
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
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

using Run = cli::Result;
using cli::rbsynth;
const auto quote = cli::shell_quote;

std::string alg(const std::string& name) { return std::string(RBSYNTH_ALGORITHMS) + "/" + name + ".alg"; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

bool have_spin() { return std::system("command -v spin >/dev/null 2>&1 && command -v cc >/dev/null 2>&1") == 0; }

class Dir {
public:
    Dir() {
        char tmpl[] = "/tmp/rbsynth-cli-spin-XXXXXX";
        REQUIRE(mkdtemp(tmpl) != nullptr);
        path_ = tmpl;
    }
    ~Dir() {
        std::string cmd = "rm -rf ";
        cmd += quote(path_);
        CHECK(std::system(cmd.c_str()) == 0);
    }
    std::string operator/(const std::string& name) const { return path_ + "/" + name; }

private:
    std::string path_;
};

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

}  // namespace

TEST_CASE("cli promela: writes the model to a file or to stdout") {
    Dir dir;
    const Run r = rbsynth({"promela", alg("bracha"), "--faults", "byzantine", "--n", "4", "-o", dir / "b.pml"});
    INFO(r.out);
    CHECK(r.code == kHolds);
    const std::string text = read(dir / "b.pml");
    CHECK(contains(text, "bracha under byzantine faults N=4 F=1 V=2: the model of docs/semantics.md"));
    // Without --faults, the one default of every command.
    const Run plain = rbsynth({"promela", alg("best-effort")});
    CHECK(contains(plain.out, "best-effort under byzantine faults N=4 F=1 V=2: the model"));
    CHECK(contains(text, "proctype Monitor()"));
    CHECK(contains(text, "#define N 4"));
    const Run out = rbsynth({"promela", alg("eager"), "--faults", "crash", "--n", "3"});
    CHECK(out.code == kHolds);
    CHECK(out.out.starts_with("/*"));
    CHECK(contains(out.out, "COUNT(crashed) < F"));
    if (have_spin()) {  // Spin accepts what it is given
        std::string cmd = "cd ";
        cmd += quote(dir / "");
        cmd += " && spin -a b.pml >/dev/null 2>&1";
        CHECK(std::system(cmd.c_str()) == 0);
    }
}

TEST_CASE("cli promela: bad input exits 64 and names the flag") {
    Run r = rbsynth({"promela", alg("eager"), "--faults", "crash", "--n", "3..5"});
    CHECK(r.code == kUsage);
    CHECK(contains(r.out, "rbsynth: --n: promela writes one model"));
    r = rbsynth({"promela", alg("eager"), "--faults", "sometimes"});
    CHECK(r.code == kUsage);
    CHECK(contains(r.out, "--faults: expected none, crash or byzantine"));
    r = rbsynth({"promela", alg("eager"), "-o", "/nonexistent/dir/m.pml"});
    CHECK(r.code == kUsage);
    CHECK(contains(r.out, "rbsynth: -o: cannot write '/nonexistent/dir/m.pml'"));
}

TEST_CASE("cli cross-check: flag errors and a missing spin exit 64") {
    Run r = rbsynth({"check", alg("eager"), "--cross-check", "nusmv", "--quiet"});
    CHECK(r.code == kUsage);
    CHECK(contains(r.out, "rbsynth: --cross-check: expected spin, found 'nusmv'"));
    r = rbsynth({"check", alg("eager"), "--spin-memory", "1G", "--quiet"});
    CHECK(r.code == kUsage);
    CHECK(contains(r.out, "need --cross-check spin"));
    r = rbsynth({"check", alg("eager"), "--cross-check", "spin", "--spin-memory", "lots", "--quiet"});
    CHECK(r.code == kUsage);
    CHECK(contains(r.out, "--spin-memory"));
    r = rbsynth({"check", alg("eager"), "--cross-check", "spin", "--quiet"}, "PATH=/nonexistent");
    INFO(r.out);
    CHECK(r.code == kUsage);
    CHECK(contains(r.out, "rbsynth: --cross-check spin: 'spin' is not installed or not on PATH"));
    CHECK_FALSE(contains(r.out, "verdict"));  // said before the explorer ran
}

TEST_CASE("cli cross-check: a violation, confirmed both ways, Spin's trace replayed") {
    if (!have_spin()) {
        FAIL("spin or cc is not installed");
        return;
    }
    Dir dir;
    const Run r = rbsynth({"check", alg("best-effort"), "--faults", "crash", "--n", "3", "--quiet", "--cross-check",
                           "spin", "--spin-trace-out", dir / "spin.json"});
    INFO(r.out);
    CHECK(r.code == kViolated);
    CHECK(contains(r.out, "cross-check    rbsynth"));
    CHECK(contains(r.out, "  verdict      violated (agreement)           violated (agreement)"));
    CHECK(contains(r.out, "time ratio   Spin / rbsynth = "));
    CHECK(contains(r.out, "guided run   Spin confirms rbsynth's counterexample"));
    CHECK(contains(r.out, "rbsynth replays it to a state that violates agreement"));
    CHECK(contains(r.out, "outcome      agree"));
    const Run replay = rbsynth({"replay", alg("best-effort"), dir / "spin.json"});
    INFO(replay.out);
    CHECK(replay.code == kHolds);
    CHECK(contains(replay.out, "confirmed: after"));
    CHECK(contains(replay.out, "is violated (agreement)"));
}

TEST_CASE("cli cross-check: above N = 8 the Promela bit-sets are shorts, and Spin still agrees") {
    // A byte holds the bit-sets of processes up to N = 8; at N = 9 and 10
    // the emitted model must widen them, or pan would drop p8's receipts.
    if (!have_spin()) {
        FAIL("spin or cc is not installed");
        return;
    }
    for (const char* n : {"9", "10"}) {
        CAPTURE(n);
        const Run pml = rbsynth({"promela", alg("bracha"), "--n", n});
        CHECK(pml.code == kHolds);
        CHECK(contains(pml.out, "short rcv["));
        const Run r = rbsynth({"check", alg("best-effort"), "--faults", "crash", "--n", n, "--f", "1", "--quiet",
                               "--cross-check", "spin"});
        INFO(r.out);
        CHECK(r.code == kViolated);
        CHECK(contains(r.out, "guided run   Spin confirms rbsynth's counterexample"));
        CHECK(contains(r.out, "outcome      agree"));
    }
}

TEST_CASE("cli cross-check: holds side by side, and --json carries the Spin side") {
    if (!have_spin()) {
        FAIL("spin or cc is not installed");
        return;
    }
    const Run r = rbsynth({"check", alg("eager"), "--faults", "crash", "--n", "3", "--quiet", "--cross-check", "spin"});
    INFO(r.out);
    CHECK(r.code == kHolds);
    CHECK(contains(r.out, "outcome      agree: rbsynth holds, Spin holds"));
    CHECK(contains(r.out, "825 stored"));  // the spec's 824 states and pan's state before init
    const Run j = rbsynth({"check", alg("paper-fig3"), "--faults", "byzantine", "--n", "4", "--quiet", "--json",
                           "--cross-check", "spin"});
    INFO(j.out);
    CHECK(j.code == kViolated);
    const auto doc = nlohmann::json::parse(j.out);
    const auto& s = doc.at("spin");
    CHECK(s.at("verdict") == "violated");
    CHECK(s.at("outcome") == "agree");
    CHECK(s.at("guided_confirmed") == true);
    CHECK(s.at("trace").is_array());
    CHECK(s.at("trace_in_rbsynth") == s.at("property"));
    CHECK(s.at("pan_seconds").get<double>() > 0);
    CHECK(s.at("time_ratio").get<double>() > 1);
}

TEST_CASE("cli cross-check: Spin out of time is incomplete, exit 2, not holds") {
    if (!have_spin()) {
        FAIL("spin or cc is not installed");
        return;
    }
    const Run r = rbsynth({"check", alg("bracha"), "--faults", "none", "--n", "4", "--quiet", "--cross-check", "spin",
                           "--spin-time-limit", "1"});
    INFO(r.out);
    CHECK(r.code == kIncomplete);
    CHECK(contains(r.out, "holds                          incomplete (time)"));
    CHECK(contains(r.out, "outcome      incomplete"));
}

TEST_CASE("cli cross-check: --spin-trace-out with several sizes writes one replayable file per size") {
    if (!have_spin()) {
        FAIL("spin or cc is not installed");
        return;
    }
    Dir dir;
    const Run r = rbsynth({"check", alg("best-effort"), "--faults", "crash", "--n", "3..4", "--quiet", "--cross-check",
                           "spin", "--spin-trace-out", dir / "spin.json"});
    INFO(r.out);
    CHECK(r.code == kViolated);
    CHECK(access((dir / "spin.json").c_str(), F_OK) != 0);  // no file of that name: one per size
    for (const char* file : {"spin-n3.json", "spin-n4.json"}) {
        const Run replay = rbsynth({"replay", alg("best-effort"), dir / file});
        INFO(file << ": " << replay.out);
        CHECK(replay.code == kHolds);
        CHECK(contains(replay.out, "is violated (agreement)"));
    }
}

TEST_CASE("cli cross-check: Spin's output paths are checked before the search") {
    Dir dir;
    std::ofstream(dir / "file") << "x\n";
    Run r = rbsynth({"check", alg("best-effort"), "--quiet", "--cross-check", "spin", "--spin-dir", dir / "file"});
    INFO(r.out);
    CHECK(r.code == kUsage);
    if (have_spin()) {  // else the missing tool is reported first
        CHECK(contains(r.out, "rbsynth: --spin-dir: '" + dir / "file" + "' exists and is not a directory"));
        r = rbsynth({"check", alg("best-effort"), "--quiet", "--cross-check", "spin", "--spin-trace-out", dir / ""});
        CHECK(r.code == kUsage);
        CHECK(contains(r.out, "rbsynth: --spin-trace-out: "));
        CHECK(contains(r.out, "is a directory, not a file"));
    }
    CHECK_FALSE(contains(r.out, "verdict"));
}
