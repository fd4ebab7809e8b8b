// Assembles the model: the header comment, the constants and macros, the
// state (global variables), the handlers, the processes, the monitor and
// `init`, which fixes the Byzantine set and starts everyone.
#include "spin/emit.hpp"

#include <bit>

#include <fmt/core.h>

#include "spin/emit_parts.hpp"

namespace rbsynth::spin {

using namespace promela;

namespace detail {

std::string comment_text(std::string text) {
    for (std::size_t at; (at = text.find("*/")) != std::string::npos;) text.replace(at, 2, "* /");
    return text;
}

}  // namespace detail

namespace {

std::vector<std::string> header(const Model& model) {
    std::vector<std::string> h = {
        fmt::format("{}: the model of docs/semantics.md for Spin,", model.config().headline(model.algorithm().name)),
        "written by `rbsynth promela` (docs/spin.md explains the encoding).",
        "",
        "State: the broadcast flag, the crashed and Byzantine sets, and per process its",
        "receipts (one bit-set of senders per type and value), the value sent with each",
        "type (0: none, else v+1) and the value delivered (0: none, else v+1). Pending",
        "messages are not stored: <t,v> from q is pending at p exactly when q sent t with",
        "value v, p has no receipt (q,t,v) and p is correct (docs/decisions.md).",
        "",
        "One step of the spec (a broadcast, a receipt with its handler and own copies, a",
        "Byzantine receipt, a crash) is one d_step; each prints an RBSTEP line so that",
        "`spin -t` replays a trail as rbsynth steps: kind (0 broadcast, 1 receive,",
        "2 crash, 3 Byzantine), process, sender, type, value.",
        "",
        "Verify (no deadlock reports: every process loop is an end state):",
        "  spin -a model.pml && cc -O1 -DSAFETY -DNOREDUCE -o pan pan.c",
        fmt::format("  ./pan -m{}", search_depth_bound(model)),
        "",
        "The algorithm:",
    };
    std::string text = to_string(model.algorithm());
    for (std::size_t at = 0, next; at < text.size(); at = next + 1) {
        next = text.find('\n', at);
        if (next == std::string::npos) next = text.size();
        h.push_back("  " + detail::comment_text(text.substr(at, next - at)));
    }
    return h;
}

std::vector<Define> defines(const Model& model) {
    const Config& c = model.config();
    std::string count;
    for (int q = 0; q < c.n; ++q) count += fmt::format("{}HAS(x,{})", q ? " + " : "", q);
    return {
        {"N", std::to_string(c.n), "processes p0 .. p(N-1); p0 is the sender"},
        {"F", std::to_string(c.f), "faulty processes: " + to_string(c.faults)},
        {"T", std::to_string(model.algorithm().types.size()), "message types"},
        {"V", std::to_string(c.values), "values"},
        {"HAS(x,q)", "(((x) >> (q)) & 1)", "bit q of a bit-set"},
        {"COUNT(x)", "(" + count + ")", "members of a bit-set of processes"},
        {"RCV(p,t,v)", "rcv[((p)*T + (t))*V + (v)]", "senders from which p has received <t,v>"},
        {"SENT(p,t)", "sent[(p)*T + (t)]", "0: p has not sent type t; else the value sent + 1"},
        {"CORRECT(p)", "(HAS(crashed | byz, p) == 0)", "neither crashed nor Byzantine"},
    };
}

std::vector<Decl> globals(const Model& model, const EmitOptions& o) {
    const Config& c = model.config();
    const int types = static_cast<int>(model.algorithm().types.size());
    // Bit-sets of processes: a byte holds 8 (the form pinned by the tests
    // and docs/spin.md), a short up to 15, which covers Config::kMaxN.
    static_assert(Config::kMaxN <= 15);
    const char* set = c.n <= 8 ? "byte" : "short";
    std::vector<Decl> g = {
        {"bit", "broadcast", 0, false, "p0 has broadcast"},
        {set, "crashed", 0, false, "bit p: p has crashed"},
        {set, "byz", 0, false, "bit p: p is Byzantine (fixed by init)"},
        {set, "rcv", c.n * types * c.values, false, "RCV(p,t,v)"},
        {"byte", "sent", c.n * types, false, "SENT(p,t)"},
        {"byte", "dlv", c.n, false, "0: nothing delivered; else the value delivered + 1"},
        {"byte", "v", 0, true, "the value of the step's triggering event"},
        {"byte", "queue", types, true, "own copies to receive: types, in the order sent"},
        {"byte", "head", 0, true, ""},
        {"byte", "tail", 0, true, ""},
        {"byte", "i", 0, true, "the monitor's loop counters"},
        {"byte", "j", 0, true, ""},
        {"byte", "k", 0, true, ""},
        {"byte", "first", 0, true, "the first correct process's delivery (255: none seen)"},
        {"byte", "Integrity", 0, true, "the monitor's verdicts; named so that pan names the property"},
        {"byte", "Agreement", 0, true, ""},
        {"byte", "Validity", 0, true, ""},
        {"byte", "terminal", 0, true, "the state is fair-terminal"},
    };
    if (o.guide) {
        const int len = std::max<int>(1, static_cast<int>(o.guide->steps.size()));
        g.push_back({"short", "guide", 0, false, "guided run: how many of the trace's steps were taken"});
        for (const char* a : {"gk", "gp", "gq", "gt", "gv"})
            g.push_back({"byte", a, len, true, ""});
    }
    return g;
}

Seq guide_setup(const Trace& trace) {
    Seq s{comment("the guided trace: kind, process, sender, type, value of each step")};
    for (std::size_t i = 0; i < trace.steps.size(); ++i) {
        const Step& st = trace.steps[i];
        s.push_back(simple(fmt::format("gk[{0}] = {1}; gp[{0}] = {2}; gq[{0}] = {3}; gt[{0}] = {4}; gv[{0}] = {5}", i,
                                       static_cast<int>(st.kind), st.process, st.from, st.type, st.value)));
    }
    return s;
}

Block init_block(const Model& model, const EmitOptions& o) {
    const Config& c = model.config();
    Seq body;
    if (o.guide) body = guide_setup(*o.guide);
    if (c.faults == FaultModel::Byzantine) {
        std::vector<Seq> choices;
        const std::uint32_t fixed = o.guide ? (o.guide->initial.global >> kByzShift) & model.all_processes() : 0;
        for (std::uint32_t set = 0; set < (1u << c.n); ++set)
            if (std::popcount(set) == c.f && (!o.guide || set == fixed))
                choices.push_back({simple(fmt::format("byz = {}", set))});
        body.push_back(comment("the Byzantine set (bit p: p), exactly F processes, every choice"));
        body.push_back(if_(std::move(choices)));
    }
    body.push_back(simple(fmt::format("printf(\"{} %d\\n\", byz)", kInitTag)));
    body.push_back(simple("run Monitor()"));
    body.push_back(simple("run Sender(0)"));
    for (int p = 1; p < c.n; ++p) body.push_back(simple(fmt::format("run Receiver({})", p)));
    return Block{"init", {}, "start: choose the Byzantine processes, then start the monitor and the processes",
                 {atomic(std::move(body))}};
}

}  // namespace

int search_depth_bound(const Model& model) {
    const Config& c = model.config();
    const int types = static_cast<int>(model.algorithm().types.size());
    return 2 * (1 + c.n * c.n * types * c.values + c.f + c.n + 8) + 100;
}

Module emit(const Model& model, const EmitOptions& o) {
    Module m;
    m.header = header(model);
    m.defines = defines(model);
    if (o.guide)
        m.defines.push_back({"GUIDE(kd,p,q,t,w)",
                             fmt::format("(guide < {} && gk[guide] == kd && gp[guide] == p && gq[guide] == q && "
                                         "gt[guide] == t && gv[guide] == w)",
                                         o.guide->steps.size()),
                             "the step is the guided trace's next step"});
    m.globals = globals(model, o);
    m.inlines = {detail::handler_inline(model, o, true), detail::handler_inline(model, o, false),
                 detail::own_copies_inline()};
    m.proctypes = {detail::process_proctype(model, o, "Sender", 0), detail::process_proctype(model, o, "Receiver", -1),
                   detail::monitor_proctype(model)};
    m.init = init_block(model, o);
    return m;
}

std::string emit_promela(const Model& model, const EmitOptions& options) { return print(emit(model, options)); }

}  // namespace rbsynth::spin
