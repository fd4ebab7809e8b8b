// Readable counterexamples: the trace view of hand-written traces (so that
// the expected text does not depend on which counterexample the search
// finds) says what each step sent and delivered and why the property
// fails; the SVG chart is well-formed and draws one lifeline per process,
// one arrow per receipt and one mark per delivery.
#include <doctest/doctest.h>

#include "explorer/trace_svg.hpp"
#include "explorer/trace_text.hpp"
#include "explorer/trace_view.hpp"
#include "helpers.hpp"
#include "xml_check.hpp"

using namespace rbsynth;

namespace {

using K = Step::Kind;

Step step(K kind, int process, int from = 0, int type = 0, int value = 0) {
    return Step{kind, std::uint8_t(process), std::uint8_t(from), std::uint8_t(type), std::uint8_t(value)};
}

// The initial state in which exactly the processes of `byz` are Byzantine.
State initial_with(const Model& model, std::uint32_t byz) {
    for (const State& s : model.initial_states())
        if (((s.global >> kByzShift) & model.all_processes()) == byz) return s;
    FAIL("no initial state with these Byzantine processes");
    return {};
}

Trace trace_of(const State& initial, std::vector<Step> steps, Property property) {
    return Trace{initial, std::move(steps), property};
}

// Delivers on one ECHO from anyone: a Byzantine process makes it deliver
// anything, at any time.
const char* kGullible =
    "algorithm gullible\ntypes INIT ECHO\non broadcast:\n  send INIT to all\non receive:\n"
    "  deliver if received ECHO from 1\n";

// best-effort under one crash at N = 3: p1 delivers, the sender crashes and
// p2 never gets its copy.
Trace best_effort_agreement(const Model& model) {
    return trace_of(model.initial_states().at(0),
                    {step(K::Broadcast, 0), step(K::Receive, 1, 0, 0, 0), step(K::Crash, 0)}, Property::Agreement);
}

}  // namespace

TEST_CASE("StepEffects names the value of a step's sends and which went to all") {
    const Model model(test::shipped("bracha"), test::config(FaultModel::None, 4));
    State s = model.initial_states().at(0), next;
    StepEffects fx;
    REQUIRE(model.apply(s, step(K::Broadcast, 0), next, &fx));
    // p0 sends INIT to all, receives its own copy and so sends ECHO to all.
    REQUIRE(fx.sends.size() == 2);
    CHECK(fx.value == 0);
    CHECK(fx.to_all == 0b011);
    CHECK(fx.delivered_by == -1);
}

TEST_CASE("trace view: best-effort's Agreement counterexample says what each step did and why it fails") {
    const Model model(test::shipped("best-effort"), test::config(FaultModel::Crash, 3));
    const TraceView view = view_trace(model, best_effort_agreement(model));
    REQUIRE(view.complete);
    REQUIRE(view.steps.size() == 3);
    CHECK(view.found == Property::Agreement);
    CHECK(step_text(model, view.steps[0]) == "p0 broadcasts 0; sends MSG(0) to all; delivers 0");
    CHECK(view.steps[0].sends.at(0).receivers == 0b110);
    CHECK(step_text(model, view.steps[1]) == "p1 receives MSG(0) from p0; delivers 0");
    CHECK(step_text(model, view.steps[2]) == "p0 crashes");
    CHECK(view.reason == "p1 delivered 0, p2 delivered nothing");
    CHECK(lost_messages(model, view.last()) == "MSG(0) p0->p2");
    const std::string text = trace_text(model, view, false);
    CHECK(text ==
          "    1. p0 broadcasts 0; sends MSG(0) to all; delivers 0\n"
          "    2. p1 receives MSG(0) from p0; delivers 0\n"
          "    3. p0 crashes\n"
          "  why: agreement fails: p1 delivered 0, p2 delivered nothing\n"
          "       no message between correct processes is pending: a fair run may stop here\n"
          "  never received (the sender crashed): MSG(0) p0->p2\n");
}

TEST_CASE("trace view: --verbose adds the state of every process after each step") {
    const Model model(test::shipped("best-effort"), test::config(FaultModel::Crash, 3));
    const std::string text = trace_text(model, view_trace(model, best_effort_agreement(model)), true);
    CHECK(text.find("    2. p1 receives MSG(0) from p0; delivers 0\n"
                    "         p0  broadcast 0; received MSG(0) from 1 (p0); sent MSG(0); delivered 0\n"
                    "         p1  received MSG(0) from 1 (p0); sent nothing; delivered 0\n"
                    "         p2  received nothing; sent nothing; delivered nothing\n"
                    "    3. p0 crashes\n"
                    "         p0  crashed; broadcast 0;") != std::string::npos);
}

TEST_CASE("trace view: Bracha's sends, receivers and own copies") {
    const Model model(test::shipped("bracha"), test::config(FaultModel::Byzantine, 4, 1, 1));
    const TraceView view = view_trace(
        model, trace_of(initial_with(model, 0b1000), {step(K::Broadcast, 0), step(K::Receive, 1, 0, 0, 0)},
                        Property::None));
    REQUIRE(view.complete);
    CHECK(view.found == Property::None);
    CHECK(view.reason.empty());
    CHECK(step_text(model, view.steps[0]) == "p0 broadcasts 0; sends INIT(0) to all, ECHO(0) to all");
    CHECK(step_text(model, view.steps[1]) == "p1 receives INIT(0) from p0; sends ECHO(0) to all");
    // The Byzantine p3 gets nothing: a message to it is dropped at once.
    CHECK(view.steps[1].sends.at(0).receivers == 0b0101);
    CHECK(process_state(model, view.last(), 1) == "received INIT(0) from 1 (p0), ECHO(0) from 1 (p1); sent ECHO(0); "
                                                  "delivered nothing");
    CHECK(process_state(model, view.last(), 3) == "Byzantine");
    CHECK(trace_text(model, view, false).starts_with("  Byzantine: p3\n    1. p0 broadcasts 0;"));
}

TEST_CASE("trace view: which clause of Integrity and Validity fails") {
    SUBCASE("a value the correct sender never broadcast") {
        const Model model(parse_algorithm(kGullible, "g.alg"), test::config(FaultModel::Byzantine, 4, 1, 2));
        const TraceView view = view_trace(
            model, trace_of(initial_with(model, 0b1000), {step(K::Byzantine, 1, 3, 1, 1)}, Property::Integrity));
        CHECK(view.found == Property::Integrity);
        CHECK(step_text(model, view.steps[0]) == "p1 receives ECHO(1) from Byzantine p3; delivers 1");
        CHECK(view.reason == "p1 delivered 1 though the sender p0 is correct and broadcasts only 0");
    }
    SUBCASE("a delivery before the broadcast") {
        const Model model(parse_algorithm(kGullible, "g.alg"), test::config(FaultModel::Byzantine, 4, 1, 2));
        const TraceView view = view_trace(
            model, trace_of(initial_with(model, 0b0100), {step(K::Byzantine, 3, 2, 1, 0)}, Property::Integrity));
        CHECK(view.found == Property::Integrity);
        CHECK(view.reason == "p3 delivered 0 before p0 broadcast it");
    }
    SUBCASE("a sender that never delivers") {
        const Model model(parse_algorithm("algorithm mute\ntypes MSG\non broadcast:\non receive:\n", "m.alg"),
                          test::config(FaultModel::None, 2));
        const TraceView view = view_trace(model, trace_of(model.initial_states().at(0), {step(K::Broadcast, 0)},
                                                          Property::Validity));
        CHECK(view.found == Property::Validity);
        CHECK(view.reason == "p0 is correct and has not delivered 0");
    }
}

TEST_CASE("trace view: a step that is not enabled ends the view without a reason") {
    const Model model(test::shipped("best-effort"), test::config(FaultModel::Crash, 3));
    const TraceView view = view_trace(model, trace_of(model.initial_states().at(0),
                                                      {step(K::Receive, 1, 0, 0, 0), step(K::Broadcast, 0)},
                                                      Property::Agreement));
    CHECK_FALSE(view.complete);
    REQUIRE(view.steps.size() == 1);
    CHECK(trace_text(model, view, true) == "    1. p1 receives MSG(0) from p0 (not enabled)\n");
}

TEST_CASE("trace SVG: well-formed, one lifeline per process, one arrow per receipt, one mark per delivery") {
    SUBCASE("crash") {
        const Model model(test::shipped("best-effort"), test::config(FaultModel::Crash, 3));
        const std::string svg = trace_svg(model, view_trace(model, best_effort_agreement(model)));
        std::vector<xml_check::Element> els;
        REQUIRE(xml_check::check(svg, &els) == "");
        CHECK(els.at(0).name == "svg");
        CHECK(xml_check::count(els, "line", "lifeline") == 3);
        CHECK(xml_check::count(els, "line", "arrow") == 1);
        CHECK(xml_check::count(els, "line", "arrow injection") == 0);
        CHECK(xml_check::count(els, "circle", "delivery") == 2);
        CHECK(xml_check::count(els, "path", "crash") == 1);
        CHECK(xml_check::count(els, "rect", "broadcast") == 1);
        CHECK(svg.find(">agreement violated: p1 delivered 0, p2 delivered nothing") != std::string::npos);
    }
    SUBCASE("Byzantine") {
        const Model model(parse_algorithm(kGullible, "g.alg"), test::config(FaultModel::Byzantine, 4, 1, 2));
        const Trace trace =
            trace_of(initial_with(model, 0b1000),
                     {step(K::Broadcast, 0), step(K::Receive, 2, 0, 0, 0), step(K::Byzantine, 1, 3, 1, 1)},
                     Property::Integrity);
        const std::string svg = trace_svg(model, view_trace(model, trace));
        std::vector<xml_check::Element> els;
        REQUIRE(xml_check::check(svg, &els) == "");
        CHECK(xml_check::count(els, "line", "lifeline") == 4);
        CHECK(xml_check::count(els, "line", "arrow") == 1);
        CHECK(xml_check::count(els, "line", "arrow injection") == 1);
        CHECK(xml_check::count(els, "circle", "delivery") == 1);
        CHECK(svg.find(">Byzantine</text>") != std::string::npos);
    }
}

TEST_CASE("xml_check rejects what is not well-formed") {
    CHECK(xml_check::check("<svg><line/></svg>") == "");
    CHECK(xml_check::check("<svg><line></svg>") != "");
    CHECK(xml_check::check("<svg><text>a & b</text></svg>") != "");
    CHECK(xml_check::check("<svg a=\"1\" a=\"2\"/>") != "");
    CHECK(xml_check::check("<svg/><svg/>") != "");
    CHECK(xml_check::check("<svg x=1/>") != "");
}

TEST_CASE("trace MSC: mscgen input with one arc per receipt and a box per delivery") {
    const Model model(test::shipped("best-effort"), test::config(FaultModel::Crash, 3));
    const std::string msc = trace_msc(model, view_trace(model, best_effort_agreement(model)));
    CHECK(msc.find("msc {\n") != std::string::npos);
    CHECK(msc.find("  p0 -> p1 [label=\"2. MSG(0)\"];\n") != std::string::npos);
    CHECK(msc.find("  p1 rbox p1 [label=\"delivers 0\"") != std::string::npos);
    CHECK(msc.find("  p0 rbox p0 [label=\"3. crash\"") != std::string::npos);
    CHECK(msc.ends_with("}\n"));
}
