#include "tool/cross_check.hpp"

#include <cstdio>
#include <fstream>

#include <fmt/core.h>

#include "explorer/counterexample.hpp"
#include "explorer/trace_json.hpp"
#include "model/error.hpp"
#include "spin/compare.hpp"
#include "tool/exit_codes.hpp"
#include "tool/flags.hpp"
#include "tool/report.hpp"

namespace rbsynth::tool {

using nlohmann::json;

void add_spin_flags(CLI::App* cmd, SpinFlags& f) {
    cmd->add_option("--cross-check", f.cross_check,
                    "Also run Spin on the Promela model and compare (needs spin and a C compiler; docs/spin.md)")
        ->type_name("spin");
    cmd->add_option("--spin-memory", f.memory, "Memory pan may use, e.g. 4G (default: 3/4 of RAM)");
    cmd->add_option("--spin-time-limit", f.time_limit, "Stop pan, incomplete, after this many seconds")
        ->check(positive_number());
    cmd->add_option("--spin-dir", f.dir, "Write Spin's files (model.pml, pan.c, trail) here and keep them");
    cmd->add_option("--spin-trace-out", f.trace_out, "Write Spin's counterexample as JSON (for rbsynth replay)");
}

namespace {

spin::SpinOptions options(const SpinFlags& f) {
    spin::SpinOptions o;
    if (!f.memory.empty()) o.memory = parse_memory(f.memory, "--spin-memory");
    o.time_limit = f.time_limit;
    o.keep_dir = f.dir;
    return o;
}

std::string verdict_text(Verdict v, Property p, const std::string& limit) {
    if (v == Verdict::Violated) return fmt::format("violated ({})", to_string(p));
    if (v == Verdict::Incomplete) return fmt::format("incomplete ({})", limit);
    return "holds";
}

std::string trace_text(const Model& model, const Trace& t, const std::string& title) {
    std::string out = fmt::format("{} ({} steps, {}):\n", title, t.steps.size(), to_string(t.property));
    const auto lines = describe(model, t);
    for (std::size_t i = 0; i < lines.size(); ++i) out += fmt::format("  {:>3}. {}\n", i + 1, lines[i]);
    return out;
}

std::string side_by_side(const CheckResult& r, const spin::SpinResult& s) {
    std::string out = fmt::format("cross-check    {:<30} {}\n", "rbsynth", "spin");
    out += fmt::format("  verdict      {:<30} {}\n", verdict_text(r.verdict, r.property, to_string(r.limit)),
                       verdict_text(s.verdict, s.property, to_string(s.limit)));
    out += fmt::format("  states       {:<30} {}\n",
                       fmt::format("{}{}", r.stats.states, r.reduction.any() ? " (" + r.reduction.str() + ")" : ""),
                       fmt::format("{} stored{}", s.pan.states_stored, s.pan.errors ? " (stopped at the error)" : ""));
    out += fmt::format("  time         {:<30} {}\n", fmt::format("{:.3f} s", r.stats.seconds),
                       fmt::format("{:.3f} s = spin -a {:.3f} + cc {:.3f} + pan {:.3f}", s.seconds(), s.spin_seconds,
                                   s.cc_seconds, s.pan_seconds));
    const double ratio = s.seconds() / std::max(r.stats.seconds, 1e-6);
    out += fmt::format("  time ratio   Spin / rbsynth = {:.1f}\n", ratio);
    out += fmt::format("  pan          {}\n", s.pan_flags);
    return out;
}

json spin_json(const Model& model, const spin::SpinResult& s, const spin::Comparison& c, double rb_seconds) {
    json j = {
        {"verdict", to_string(s.verdict)},
        {"property", s.verdict == Verdict::Violated ? json(to_string(s.property)) : json(nullptr)},
        {"limit", s.verdict == Verdict::Incomplete ? json(spin::to_string(s.limit)) : json(nullptr)},
        {"states", s.pan.states_stored},
        {"transitions", s.pan.transitions},
        {"depth", s.pan.depth_reached},
        {"assertion", s.pan.assertion},
        {"spin_seconds", s.spin_seconds},
        {"cc_seconds", s.cc_seconds},
        {"pan_seconds", s.pan_seconds},
        {"seconds", s.seconds()},
        {"time_ratio", s.seconds() / std::max(rb_seconds, 1e-6)},
        {"pan_flags", s.pan_flags},
        {"outcome", spin::to_string(c.outcome)},
        {"reason", c.reason},
        {"trace", s.trace ? steps_to_json(model, *s.trace) : json(nullptr)},
        {"trace_in_rbsynth", c.spin_trace_in_rbsynth ? json(to_string(*c.spin_trace_in_rbsynth)) : json(nullptr)},
    };
    return j;
}

void write_spin_trace(const std::string& path, const Model& model, const spin::SpinResult& s) {
    if (!s.trace) {
        std::remove(path.c_str());  // no stale trace from an earlier run
        return;
    }
    std::ofstream out(path);
    out << trace_to_json(model, *s.trace).dump(2) << "\n";
    if (!out) throw Error("--spin-trace-out: cannot write '" + path + "'");
}

}  // namespace

void validate_spin_flags(const SpinFlags& f) {
    if (!f.enabled()) {
        if (!f.memory.empty() || f.time_limit > 0 || !f.dir.empty() || !f.trace_out.empty())
            throw Error("--spin-memory, --spin-time-limit, --spin-dir and --spin-trace-out need --cross-check spin");
        return;
    }
    if (f.cross_check != "spin") throw Error("--cross-check: expected spin, found '" + f.cross_check + "'");
    spin::require_tools(options(f));
}

CrossCheckReport cross_check(const Model& model, const CheckResult& r, const SpinFlags& f) {
    const spin::SpinOptions o = options(f);
    const spin::SpinResult s = spin::run_spin(model, o);
    std::optional<spin::SpinResult> guided;
    if (r.trace) guided = spin::confirm_in_spin(model, *r.trace, o);
    const spin::Comparison c = spin::compare(model, r, s, guided);
    CrossCheckReport out;
    out.text = side_by_side(r, s);
    if (s.trace && c.spin_trace_in_rbsynth)
        out.text += fmt::format("  spin trail   {} steps; rbsynth replays it to a state that {}\n", s.trace->steps.size(),
                                *c.spin_trace_in_rbsynth == Property::None ? "violates nothing"
                                                                           : "violates " + to_string(*c.spin_trace_in_rbsynth));
    if (guided)
        out.text += fmt::format("  guided run   Spin {} rbsynth's counterexample\n",
                                spin::confirms(*guided, *r.trace) ? "confirms" : "does NOT confirm");
    out.text += fmt::format("  outcome      {}: {}\n", spin::to_string(c.outcome), c.reason);
    out.json = spin_json(model, s, c, r.stats.seconds);
    if (!f.trace_out.empty()) write_spin_trace(f.trace_out, model, s);
    if (guided) out.json["guided_confirmed"] = spin::confirms(*guided, *r.trace);
    if (c.outcome == spin::Outcome::Disagree) {
        out.exit_code = exit_code::kInternal;
        out.problem = "the checkers disagree: " + c.reason;
        if (r.trace) out.text += trace_text(model, *r.trace, "rbsynth's counterexample");
        if (s.trace) out.text += trace_text(model, *s.trace, "Spin's counterexample");
    } else {
        out.exit_code = c.outcome == spin::Outcome::Incomplete ? exit_code::kIncomplete : exit_code_of(r.verdict);
    }
    return out;
}

}  // namespace rbsynth::tool
