// The Spin cross-check (issue 4): the emitted Promela model against the
// explorer. Spin's state count equals the spec's exact count, the two
// checkers agree on every shipped algorithm and on a corpus of random
// candidates, each one's counterexample is confirmed by the other, and a
// deliberately wrong emitter is caught. Needs spin and cc on PATH (.ci
// installs them); the pure parsing tests run without.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>

#include <doctest/doctest.h>
#include <fmt/core.h>

#include "explorer/check.hpp"
#include "helpers.hpp"
#include "model/random_algorithm.hpp"
#include "spin/compare.hpp"
#include "spin/emit.hpp"
#include "spin/pan_report.hpp"
#include "spin/process.hpp"
#include "spin/run_spin.hpp"
#include "spin/trail.hpp"

using namespace rbsynth;
using namespace rbsynth::spin;

namespace {

// One compiled pan per distinct model for the whole run: the spec's copies
// of the algorithms emit the same text as the project's.
class PanCache {
public:
    PanCache() {
        char tmpl[] = "/tmp/rbsynth-spin-test-XXXXXX";
        REQUIRE(mkdtemp(tmpl) != nullptr);
        dir_ = tmpl;
    }
    ~PanCache() {
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }
    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
};

const std::string& cache_dir() {
    static PanCache cache;
    return cache.dir();
}

SpinOptions spin_options(double time_limit = 60) {
    SpinOptions o;
    o.memory = std::uint64_t{2} << 30;
    o.time_limit = time_limit;
    o.optimisation = "-O0";  // most models here are small: compiling dominates
    o.cache_dir = cache_dir();
    return o;
}

CheckResult explore(const Model& model, double time_limit = 60) {
    ExplorerOptions o;
    o.threads = 2;
    o.time_limit = time_limit;
    o.max_memory = std::uint64_t{4} << 30;
    return check(model, o);
}

bool have_spin() { return !find_executable("spin").empty() && !find_executable("cc").empty(); }

// Both checkers on one configuration; a violation is also confirmed both
// ways (Spin's trail in the Model, rbsynth's trace in a guided Spin run).
Comparison cross(const Model& model, const SpinOptions& o, bool guided, double rb_limit = 60) {
    const CheckResult rb = explore(model, rb_limit);
    const SpinResult s = run_spin(model, o);
    std::optional<SpinResult> g;
    if (guided && rb.trace) g = confirm_in_spin(model, *rb.trace, o);
    return compare(model, rb, s, g);
}

}  // namespace

TEST_CASE("spin: pan's report is read for errors, counts and cut-short searches") {
    const std::string violated =
        "pan:1: assertion violated ( !(terminal)||Agreement) (at depth 24)\n"
        "pan: wrote model.pml.trail\n\n(Spin Version 6.5.2 -- 6 December 2019)\nWarning: Search not completed\n"
        "State-vector 84 byte, depth reached 24, errors: 1\n      476 states, stored\n"
        "     1203 transitions (= stored+matched)\npan: elapsed time 0.01 seconds\n";
    PanReport r = parse_pan_report(violated);
    CHECK(r.finished);
    CHECK(r.errors == 1);
    CHECK(r.property == Property::Agreement);
    CHECK(r.assertion == "assertion violated ( !(terminal)||Agreement)");
    CHECK(r.states_stored == 476);
    CHECK(r.transitions == 1203);
    CHECK(r.depth_reached == 24);
    CHECK(r.vector_bytes == 84);
    CHECK(r.seconds == doctest::Approx(0.01));
    CHECK(property_of_assertion("assertion violated Integrity") == Property::Integrity);
    CHECK(property_of_assertion("assertion violated ( !(terminal)||Validity)") == Property::Validity);

    const PanReport big = parse_pan_report("State-vector 84 byte, depth reached 34, errors: 0\n 1.4939697e+07 states, stored\n");
    CHECK(big.errors == 0);
    CHECK(big.states_stored == 14939697);
    CHECK_FALSE(big.depth_too_small);

    const PanReport deep = parse_pan_report("error: max search depth too small\nState-vector 28 byte, depth reached 9, errors: 0\n");
    CHECK(deep.depth_too_small);
    CHECK(deep.errors == 0);
    CHECK(parse_pan_report("pan: reached -DMEMLIM bound\n").out_of_memory);
    CHECK(parse_pan_report("pan: out of memory\n").out_of_memory);
    CHECK_FALSE(parse_pan_report("pan: reached -DMEMLIM bound\n").finished);
}

TEST_CASE("spin: spin -t output becomes a trace that the model replays") {
    const Model model(test::spec_algorithm("best-effort"), test::config(FaultModel::Crash, 3));
    const std::string out = "RBINIT 0\nRBSTEP 0 0 0 0 0\nspin: noise\nRBSTEP 1 1 0 0 0\nRBSTEP 2 0 0 0 0\n";
    const Trace t = trace_from_spin_output(model, out, Property::Agreement);
    REQUIRE(t.steps.size() == 3);
    CHECK(t.steps[1] == Step{Step::Kind::Receive, 1, 0, 0, 0});
    CHECK(t.steps[2] == Step{Step::Kind::Crash, 0, 0, 0, 0});
    int failed = 0;
    CHECK(replay_in_model(model, t, &failed) == Property::Agreement);
    CHECK(failed == -1);
    // p2 cannot receive what p0 has not sent: the second step is not enabled.
    const Trace bad = trace_from_spin_output(model, "RBINIT 0\nRBSTEP 1 2 0 0 0\n", Property::Agreement);
    CHECK(replay_in_model(model, bad, &failed) == Property::None);
    CHECK(failed == 0);
    CHECK_THROWS_WITH_AS(trace_from_spin_output(model, "RBSTEP 0 0 0 0 0\n", Property::None),
                         doctest::Contains("a step before the RBINIT line"), Error);
    CHECK_THROWS_WITH_AS(trace_from_spin_output(model, "RBINIT 0\nRBSTEP 1 7 0 0 0\n", Property::None),
                         doctest::Contains("malformed step line 'RBSTEP 1 7 0 0 0'"), Error);
    CHECK_THROWS_WITH_AS(trace_from_spin_output(model, "nothing\n", Property::None),
                         doctest::Contains("no RBINIT line"), Error);
}

TEST_CASE("spin: compare() decides agree, disagree and incomplete") {
    const Model model(test::spec_algorithm("best-effort"), test::config(FaultModel::Crash, 3));
    const CheckResult rb = test::run(model, 1);  // violated (agreement), with a trace
    REQUIRE(rb.verdict == Verdict::Violated);
    REQUIRE(rb.trace);
    SpinResult holds;
    holds.verdict = Verdict::Holds;
    Comparison c = compare(model, rb, holds);
    CHECK(c.outcome == Outcome::Disagree);
    CHECK(c.reason == "rbsynth violated (agreement), Spin holds: the verdicts differ");

    SpinResult same;
    same.verdict = Verdict::Violated;
    same.property = Property::Agreement;
    same.trace = rb.trace;
    c = compare(model, rb, same);
    CHECK(c.outcome == Outcome::Agree);
    CHECK(c.spin_trace_in_rbsynth == Property::Agreement);

    SpinResult wrong_property = same;  // the trail's end violates agreement, not validity
    wrong_property.property = Property::Validity;
    c = compare(model, rb, wrong_property);
    CHECK(c.outcome == Outcome::Disagree);
    CHECK(c.reason.find("rbsynth finds violates agreement (Spin: validity)") != std::string::npos);

    SpinResult impossible = same;  // p2 receives before anything was sent
    impossible.trace->steps.insert(impossible.trace->steps.begin(), Step{Step::Kind::Receive, 2, 1, 0, 0});
    c = compare(model, rb, impossible);
    CHECK(c.outcome == Outcome::Disagree);
    CHECK(c.reason.find("step 1 of Spin's trail is not enabled in rbsynth's model") != std::string::npos);

    SpinResult out_of_time;
    out_of_time.limit = SpinLimit::Time;
    c = compare(model, rb, out_of_time);
    CHECK(c.outcome == Outcome::Incomplete);
    CHECK(c.reason == "rbsynth violated (agreement), Spin incomplete (time): not compared, a checker did not finish");

    SpinResult guided_elsewhere = same;  // a guided run that ends in another property
    guided_elsewhere.property = Property::Validity;
    c = compare(model, rb, same, guided_elsewhere);
    CHECK(c.outcome == Outcome::Disagree);
    CHECK(c.reason.find("Spin does not confirm rbsynth's counterexample") != std::string::npos);
}

TEST_CASE("spin: the emitted model has one part per concept of the spec") {
    const Model model(test::spec_algorithm("bracha"), test::config(FaultModel::Byzantine, 4));
    const std::string text = emit_promela(model);
    for (const char* part : {"proctype Sender(byte me)", "proctype Receiver(byte me)", "proctype Monitor()",
                             "inline on_broadcast(me)", "inline on_receive(me)", "inline own_copies(me)",
                             "assert(Integrity)", "assert(!terminal || Agreement)", "assert(!terminal || Validity)",
                             "COUNT(RCV(me,1,v)) >= 3", "COUNT(RCV(me,2,v)) >= 2", "COUNT(RCV(me,2,v)) >= 3",
                             "byz = 1", "byz = 8", "run Receiver(3)", "d_step {", "end:"})
        CHECK_MESSAGE(text.find(part) != std::string::npos, part);
    CHECK(text.find("byz = 3") == std::string::npos);  // exactly F = 1 Byzantine process
    // The mutation switch changes the model it says it changes.
    EmitOptions lower;
    lower.mutation = Mutation::GuardsOneLower;
    CHECK(emit_promela(model, lower).find("COUNT(RCV(me,1,v)) >= 2") != std::string::npos);
}

TEST_CASE("spin: Spin's state count is the spec's exact count (worked counts)") {
    if (!have_spin()) {
        FAIL("spin or cc is not installed (.ci/packages lists both)");
        return;
    }
    struct Row {
        const char* alg;
        FaultModel faults;
        int n;
        std::uint64_t states;
    };
    // docs/semantics.md's worked counts; pan also stores the state before init
    // has started the processes, hence + 1.
    for (const Row& row : {Row{"best-effort", FaultModel::None, 3, 5}, Row{"eager", FaultModel::None, 3, 206},
                           Row{"eager", FaultModel::Crash, 3, 824}, Row{"paper-fig3", FaultModel::None, 3, 128},
                           Row{"bracha", FaultModel::None, 3, 4643}, Row{"paper-fig3", FaultModel::Byzantine, 4, 3802}}) {
        const Model model(test::spec_algorithm(row.alg), test::config(row.faults, row.n, -1, 1));
        CAPTURE(row.alg);
        CAPTURE(model.config().str());
        const SpinResult s = run_spin(model, spin_options());
        CHECK(s.verdict == Verdict::Holds);
        CHECK(s.pan.states_stored == row.states + 1);
    }
}

TEST_CASE("spin: cut-short searches are incomplete, never holds") {
    if (!have_spin()) {
        FAIL("spin or cc is not installed");
        return;
    }
    const Model eager(test::spec_algorithm("eager"), test::config(FaultModel::Crash, 3));
    SpinOptions shallow = spin_options();
    shallow.depth = 5;
    const SpinResult d = run_spin(eager, shallow);
    CHECK(d.verdict == Verdict::Incomplete);
    CHECK(d.limit == SpinLimit::Depth);

    // Bracha, no faults, N = 4: 14.9 million states, far beyond 40 MiB.
    const Model bracha(test::spec_algorithm("bracha"), test::config(FaultModel::None, 4));
    SpinOptions small = spin_options();
    small.memory = std::uint64_t{40} << 20;
    const SpinResult m = run_spin(bracha, small);
    CHECK(m.verdict == Verdict::Incomplete);
    CHECK(m.limit == SpinLimit::Memory);

    const SpinResult t = run_spin(bracha, spin_options(2));
    CHECK(t.verdict == Verdict::Incomplete);
    CHECK(t.limit == SpinLimit::Time);
}

namespace {

struct Listed {
    const char* alg;
    FaultModel faults;
    int n, values;
    const char* reason;
};

// Where Spin's exact search does not finish within the test's limits: the
// explorer's reductions finish (or are themselves slow), Spin's full state
// space is beyond the limit. Spin must say "incomplete" there.
const Listed kSpinIncomplete[] = {
    {"bracha", FaultModel::None, 4, 1, "14.9 million states: about 70 s of pan at -O2, over the per-case budget"},
    {"bracha", FaultModel::Crash, 4, 1, "more than 11 million states; the explorer needs minutes too"},
    {"bracha", FaultModel::Byzantine, 4, 2, "more than 254 million states (docs/benchmarks.md)"},
};

const Listed* listed(const Algorithm& alg, const Config& c) {
    for (const Listed& l : kSpinIncomplete)
        if (alg.name == l.alg && c.faults == l.faults && c.n == l.n && c.values == l.values) return &l;
    return nullptr;
}

std::vector<Algorithm> library() {
    std::vector<Algorithm> out;
    for (const char* name : {"best-effort", "eager", "bracha", "paper-fig3", "imbs-raynal"}) out.push_back(test::shipped(name));
    // The spec's copies: checked once more only where they differ from the
    // project's (an equal algorithm emits the same model).
    for (const char* name : {"best-effort", "eager", "bracha", "paper-fig3"}) {
        Algorithm spec = test::spec_algorithm(name);
        bool seen = false;
        for (const Algorithm& a : out) seen |= equal(a, spec);
        if (!seen) out.push_back(spec);
    }
    return out;
}

}  // namespace

TEST_CASE("spin: Spin and the explorer agree on every shipped algorithm, N = 3 and 4") {
    if (!have_spin()) {
        FAIL("spin or cc is not installed");
        return;
    }
    int agreed = 0, holds = 0, violated = 0, incomplete = 0;
    for (const Algorithm& alg : library())
        for (int n : {3, 4})
            for (auto [faults, values] : {std::pair{FaultModel::None, 1}, {FaultModel::Crash, 1},
                                          {FaultModel::Byzantine, 1}, {FaultModel::Byzantine, 2}}) {
                const Model model(alg, test::config(faults, n, -1, values));
                CAPTURE(alg.name);
                CAPTURE(model.config().str());
                const Listed* known = listed(alg, model.config());
                const double limit = known ? 10 : 120;
                const Comparison c = cross(model, spin_options(limit), true, limit);
                INFO(c.reason);
                CHECK(c.outcome != Outcome::Disagree);
                if (known) {
                    INFO("listed as Spin-incomplete: " << known->reason);
                    CHECK(c.outcome == Outcome::Incomplete);
                    CHECK(c.reason.find("Spin incomplete (time)") != std::string::npos);
                    ++incomplete;
                    continue;
                }
                CHECK(c.outcome == Outcome::Agree);
                if (c.outcome != Outcome::Agree) continue;
                ++agreed;
                (c.reason.starts_with("rbsynth holds") ? holds : violated) += 1;
                // A violation was confirmed both ways: Spin's trail by the
                // Model, rbsynth's trace by a guided Spin run.
                if (c.guided) CHECK(c.guided->verdict == Verdict::Violated);
                if (c.spin_trace_in_rbsynth) CHECK(*c.spin_trace_in_rbsynth != Property::None);
            }
    MESSAGE("library: " << agreed << " agree (" << holds << " hold, " << violated << " violated), " << incomplete
                        << " listed Spin-incomplete");
    CHECK(agreed + incomplete == 40);
    CHECK(incomplete == std::size(kSpinIncomplete));
}

namespace {

// A quarter fresh random candidates, three quarters mutants of the
// library's algorithms (which keep correct ones in the mix; fresh random
// candidates almost always violate a property).
Algorithm candidate(std::uint64_t seed, FaultModel faults) {
    RandomAlgorithmOptions small;
    small.max_types = 2;
    small.max_receive_rules = 3;
    if (seed % 4 == 0) return random_algorithm(seed, small);
    const char* crash_bases[] = {"eager", "best-effort", "paper-fig3"};
    const char* byz_bases[] = {"imbs-raynal", "paper-fig3", "eager"};
    const char* base = (faults == FaultModel::Crash ? crash_bases : byz_bases)[seed / 4 % 3];
    return mutate_algorithm(test::shipped(base), seed, small);
}

Model corpus_model(std::uint64_t seed) {
    const FaultModel faults = seed % 2 ? FaultModel::Crash : FaultModel::Byzantine;
    return Model(candidate(seed, faults), test::config(faults, 4, -1, 2));
}

struct Tally {
    int agree = 0, disagree = 0, incomplete = 0, holds = 0, violated = 0;
};

struct Entry {
    Outcome outcome = Outcome::Incomplete;
    Verdict verdict = Verdict::Incomplete;
    std::string reason;
};

Entry corpus_entry(int seed, const EmitOptions& emit, bool guided) {
    const Model model = corpus_model(static_cast<std::uint64_t>(seed));
    ExplorerOptions eo;
    eo.threads = 1;  // the corpus runs two candidates at a time
    eo.time_limit = 120;
    const CheckResult rb = check(model, eo);
    const SpinResult s = run_spin(model, spin_options(120), emit);
    std::optional<SpinResult> g;
    if (guided && rb.trace) g = confirm_in_spin(model, *rb.trace, spin_options());
    const Comparison c = compare(model, rb, s, g);
    std::string why;
    if (c.outcome != Outcome::Agree)
        why = "seed " + std::to_string(seed) + ", " + model.config().str() + ": " + c.reason + "\n" +
              to_string(model.algorithm());
    return Entry{c.outcome, rb.verdict, why};
}

// Seeds 1..count, two at a time (each checker runs one pan or one
// explorer thread), every tenth violated candidate also guided.
Tally run_corpus(int count, const EmitOptions& emit, bool guided_every_tenth) {
    std::vector<Entry> entries(static_cast<std::size_t>(count));
    auto work = [&](int first) {
        for (int seed = first; seed <= count; seed += 2) {
            Entry& e = entries[static_cast<std::size_t>(seed - 1)];
            try {
                e = corpus_entry(seed, emit, guided_every_tenth && seed % 10 == 0);
            } catch (const std::exception& x) {  // doctest's checks belong to the main thread
                e = Entry{Outcome::Disagree, Verdict::Incomplete, "seed " + std::to_string(seed) + ": " + x.what()};
            }
        }
    };
    std::thread other(work, 2);
    work(1);
    other.join();
    Tally t;
    bool shown = false;
    for (const Entry& e : entries) {
        // Every problem of the real corpus; one example of a mutated one.
        if (!e.reason.empty() && (emit.mutation == Mutation::None || !shown)) MESSAGE(e.reason);
        shown |= !e.reason.empty();
        (e.outcome == Outcome::Agree ? t.agree : e.outcome == Outcome::Disagree ? t.disagree : t.incomplete) += 1;
        if (e.outcome == Outcome::Agree) (e.verdict == Verdict::Holds ? t.holds : t.violated) += 1;
    }
    return t;
}

}  // namespace

TEST_CASE("spin: 100% agreement on 200 random candidates at N = 4 (crash and Byzantine, V = 2)") {
    if (!have_spin()) {
        FAIL("spin or cc is not installed");
        return;
    }
    const Tally t = run_corpus(200, {}, true);
    MESSAGE("corpus: " << t.agree << " agree (" << t.holds << " hold, " << t.violated << " violated), " << t.disagree
                       << " disagree, " << t.incomplete << " incomplete");
    CHECK(t.agree == 200);
    CHECK(t.holds >= 20);
    CHECK(t.violated >= 20);
}

TEST_CASE("spin: the corpus catches a deliberately wrong Promela model") {
    if (!have_spin()) {
        FAIL("spin or cc is not installed");
        return;
    }
    for (Mutation m : {Mutation::GuardsOneLower, Mutation::NoOwnCopies}) {
        EmitOptions wrong;
        wrong.mutation = m;
        const Tally t = run_corpus(40, wrong, false);
        MESSAGE("mutation " << static_cast<int>(m) << ": " << t.disagree << " of 40 candidates disagree");
        CHECK(t.disagree > 0);
    }
}

TEST_CASE("spin: the corpus can be written for bench/spin") {
    // bench/spin sets RBSYNTH_SPIN_CORPUS_DIR to time the same 200
    // candidates with both command-line checkers; every file must parse back
    // to its candidate.
    const char* env = std::getenv("RBSYNTH_SPIN_CORPUS_DIR");
    PanCache scratch;
    const std::string dir = env ? env : scratch.dir();
    for (int seed = 1; seed <= 200; ++seed) {
        const Model model = corpus_model(static_cast<std::uint64_t>(seed));
        const std::string path =
            fmt::format("{}/seed-{:03}-{}.alg", dir, seed, to_string(model.config().faults));
        std::ofstream(path) << to_string(model.algorithm());
        CHECK(equal(load_algorithm(path), model.algorithm()));
    }
}
