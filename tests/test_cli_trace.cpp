// Readable counterexamples from the command line: `check` and `replay` print
// what each step sent and delivered and why the property fails, --verbose
// the state of every process after each step, and --trace-svg and
// --trace-msc draw the counterexample (one file per violated size).
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "cli_run.hpp"
#include "xml_check.hpp"

#ifndef RBSYNTH_ALGORITHMS
#define RBSYNTH_ALGORITHMS "algorithms"
#endif

namespace {

constexpr int kHolds = 0, kViolated = 1, kUsage = 64;

using cli::rbsynth;
using cli::Result;

std::string shipped(const std::string& name) { return std::string(RBSYNTH_ALGORITHMS) + "/" + name + ".alg"; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<std::string> lines_starting(const std::string& text, const std::string& prefix) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with(prefix)) out.push_back(line);
    return out;
}

// "    1. p0 broadcasts 0; ...": the numbered steps.
std::vector<std::string> step_lines(const std::string& text) {
    std::vector<std::string> out;
    for (const std::string& line : lines_starting(text, "    "))
        if (line.size() > 4 && std::isdigit(static_cast<unsigned char>(line[4]))) out.push_back(line);
    return out;
}

// best-effort has no relay: one crash of the sender breaks Agreement at
// N = 3 in three steps (README's tour).
Result check_best_effort(std::vector<std::string> extra) {
    std::vector<std::string> args = {"check", shipped("best-effort"), "--faults", "crash", "--n", "3", "--quiet"};
    args.insert(args.end(), extra.begin(), extra.end());
    return rbsynth(args);
}

// Counts of what a chart draws, after checking that it is well-formed XML.
std::vector<xml_check::Element> chart(const std::string& path) {
    const std::string svg = cli::read_file(path);
    std::vector<xml_check::Element> els;
    INFO("chart: " << path);
    REQUIRE(xml_check::check(svg, &els) == "");
    REQUIRE(!els.empty());
    CHECK(els[0].name == "svg");
    return els;
}

}  // namespace

TEST_CASE("cli trace: each step shows what it sends and delivers, the text ends with the reason") {
    const Result r = check_best_effort({});
    INFO("output: " << r.out);
    REQUIRE(r.code == kViolated);
    CHECK(contains(r.out, "counterexample (3 steps, agreement violated at the end):\n"
                          "    1. p0 broadcasts 0; sends MSG(0) to all; delivers 0\n"));
    REQUIRE(step_lines(r.out).size() == 3);
    CHECK(step_lines(r.out).at(1).ends_with("receives MSG(0) from p0; delivers 0"));
    CHECK(contains(r.out, "    3. p0 crashes\n") != contains(r.out, "    2. p0 crashes\n"));
    const auto why = lines_starting(r.out, "  why: agreement fails: p");
    REQUIRE(why.size() == 1);
    CHECK(contains(why[0], " delivered 0"));
    CHECK(contains(why[0], " delivered nothing"));
    CHECK(contains(r.out, "\n  never received (the sender crashed): MSG(0) p0->p"));
    CHECK(lines_starting(r.out, "         p").empty());
}

TEST_CASE("cli trace: --verbose shows every process's state after each step") {
    const Result r = check_best_effort({"--verbose"});
    INFO("output: " << r.out);
    REQUIRE(r.code == kViolated);
    // Three steps, three processes (the crashed sender included, marked).
    CHECK(lines_starting(r.out, "         p").size() == 9);
    CHECK(lines_starting(r.out, "         p0  crashed; broadcast 0; received MSG(0) from 1 (p0); sent MSG(0); "
                                "delivered 0").size() == 1);
    CHECK(contains(r.out, "  received nothing; sent nothing; delivered nothing\n"));
}

TEST_CASE("cli trace: --trace-svg draws the counterexample; a size that holds leaves no chart") {
    cli::TempDir tmp;
    const std::string svg = tmp / "trace.svg", msc = tmp / "trace.msc";
    const Result r = check_best_effort({"--trace-svg", svg, "--trace-msc", msc});
    INFO("output: " << r.out);
    REQUIRE(r.code == kViolated);
    const auto els = chart(svg);
    CHECK(xml_check::count(els, "line", "lifeline") == 3);
    // One receipt (from p0 by p1 or p2) and two deliveries.
    CHECK(xml_check::count(els, "line", "arrow") == 1);
    CHECK(xml_check::count(els, "circle", "delivery") == 2);
    CHECK(xml_check::count(els, "path", "crash") == 1);
    CHECK(contains(cli::read_file(msc), "msc {"));
    const Result holds = rbsynth({"check", shipped("best-effort"), "--faults", "none", "--n", "3", "--quiet",
                                  "--trace-svg", svg, "--trace-msc", msc});
    CHECK(holds.code == kHolds);
    CHECK(cli::read_file(svg).empty());
    CHECK(cli::read_file(msc).empty());
}

TEST_CASE("cli trace: with several sizes, one chart per violated size") {
    cli::TempDir tmp;
    const Result r = rbsynth({"check", shipped("best-effort"), "--faults", "crash", "--n", "2..4", "--quiet",
                              "--trace-svg", tmp / "t.svg"});
    INFO("output: " << r.out);
    REQUIRE(r.code == kViolated);
    // N = 2 has F = 0: nothing can fail, so no chart.
    CHECK(cli::read_file(tmp / "t-n2.svg").empty());
    CHECK(cli::read_file(tmp / "t.svg").empty());
    CHECK(xml_check::count(chart(tmp / "t-n3.svg"), "line", "lifeline") == 3);
    CHECK(xml_check::count(chart(tmp / "t-n4.svg"), "line", "lifeline") == 4);
}

TEST_CASE("cli trace: replay prints and draws the same counterexample") {
    cli::TempDir tmp;
    const std::string trace = tmp / "t.json";
    const Result c = check_best_effort({"--verbose", "--trace-out", trace});
    REQUIRE(c.code == kViolated);
    const Result r = rbsynth({"replay", shipped("best-effort"), trace, "--verbose", "--trace-svg", tmp / "r.svg",
                              "--trace-msc", tmp / "r.msc"});
    INFO("output: " << r.out);
    CHECK(r.code == kHolds);
    CHECK(lines_starting(r.out, "  ") == lines_starting(c.out, "  "));
    CHECK(xml_check::count(chart(tmp / "r.svg"), "circle", "delivery") == 2);
    if (std::system("command -v mscgen >/dev/null 2>&1") != 0) {
        MESSAGE("mscgen is not installed: its rendering of --trace-msc is not checked");
        return;
    }
    const std::string cmd = "mscgen -T svg -i " + cli::shell_quote(tmp / "r.msc") + " -o " +
                            cli::shell_quote(tmp / "m.svg") + " 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
    CHECK(contains(cli::read_file(tmp / "m.svg"), "<svg"));
}

TEST_CASE("cli trace: flags are documented and their errors name the flag") {
    const Result help = rbsynth({"check", "--help"});
    CHECK(contains(help.out, "--trace-svg"));
    CHECK(contains(help.out, "needs no"));
    CHECK(contains(help.out, "--trace-msc"));
    CHECK(contains(help.out, "--verbose"));
    CHECK(contains(rbsynth({"replay", "--help"}).out, "--trace-svg"));
    const Result r = check_best_effort({"--trace-svg", "/nonexistent-dir/x.svg"});
    CHECK(r.code == kUsage);
    CHECK(contains(r.out, "rbsynth: --trace-svg: cannot write '/nonexistent-dir/x.svg'"));
}
