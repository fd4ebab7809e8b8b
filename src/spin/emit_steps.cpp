// The processes' steps: the broadcast, receipts, Byzantine injections and
// crashes, each one `d_step`, and the handlers they run.
#include <fmt/core.h>

#include "spin/emit_parts.hpp"

namespace rbsynth::spin::detail {

using namespace promela;

namespace {

std::int64_t threshold(const Model& model, const Rule& r, Mutation mutation) {
    if (!r.guard) return 0;
    // The Model's constructor has already rejected undefined or
    // non-positive thresholds for this configuration.
    std::int64_t k = evaluate(*r.guard->threshold, model.config().n, model.config().f).value_or(0);
    return mutation == Mutation::GuardsOneLower ? k - 1 : k;
}

// One rule as an `if`: its guard (and "not yet sent" or "not yet
// delivered") in the first option, `else -> skip` in the second.
Stmt rule_stmt(const Model& model, const EmitOptions& o, const Rule& r) {
    const std::int64_t k = threshold(model, r, o.mutation);
    std::string cond = r.kind == Rule::Kind::Send ? fmt::format("SENT(me,{}) == 0", r.type) : "dlv[me] == 0";
    if (k > 0) cond += fmt::format(" && COUNT(RCV(me,{},v)) >= {}", r.guard->type, k);
    Seq then{guard(cond)};
    if (r.kind == Rule::Kind::Send) {
        then.push_back(simple(fmt::format("SENT(me,{}) = v + 1", r.type)));
        if (r.target == Target::All && o.mutation != Mutation::NoOwnCopies) {
            then.push_back(comment("the own copy, received after the handler"));
            then.push_back(simple(fmt::format("queue[tail] = {}", r.type)));
            then.push_back(simple("tail++"));
        }
    } else {
        then.push_back(simple("dlv[me] = v + 1"));
    }
    return if_({then, {guard("else"), simple("skip")}});
}

}  // namespace

Block handler_inline(const Model& model, const EmitOptions& o, bool broadcast) {
    const Algorithm& alg = model.algorithm();
    const auto& rules = broadcast ? alg.on_broadcast : alg.on_receive;
    Block b{broadcast ? "on_broadcast" : "on_receive", {"me"},
            broadcast ? "p0's broadcast handler, for v = 0: rules in order"
                      : "the receive handler of process me for a message of value v: rules in order",
            {}};
    for (const Rule& r : rules) {
        const std::int64_t k = threshold(model, r, o.mutation);
        std::string text = to_string(alg, r);
        if (r.guard) text += fmt::format("  (k = {})", k);
        b.body.push_back(comment(comment_text(text)));
        b.body.push_back(rule_stmt(model, o, r));
    }
    if (b.body.empty()) b.body.push_back(simple("skip"));
    return b;
}

Block own_copies_inline() {
    Seq loop{guard("head < tail"), simple("RCV(me,queue[head],v) = RCV(me,queue[head],v) | (1 << me)"),
             simple("head++"), simple("on_receive(me)")};
    return Block{"own_copies",
                 {"me"},
                 "receive the own copies of `to all` sends, first in first out, within the step",
                 {do_({loop, {guard("else"), simple("break")}}), simple("head = 0"), simple("tail = 0")}};
}

namespace {

std::string guided(const EmitOptions& o, const std::string& cond, int kind, const std::string& me, int q, int t,
                   const std::string& v) {
    if (!o.guide) return cond;
    return fmt::format("{} && GUIDE({},{},{},{},{})", cond, kind, me, q, t, v);
}

// A step: its enabling condition, then its effects (the receipt, flag or
// crash), the trail line and, except for a crash, the handler and the own
// copies it produced.
Seq step(const EmitOptions& o, std::string cond, Seq effects, int kind, int q, int t, bool handler) {
    Seq body{guard(std::move(cond))};
    for (auto& s : effects) body.push_back(std::move(s));
    if (o.guide) body.push_back(simple("guide++"));
    body.push_back(simple(fmt::format("printf(\"{} {} %d {} {} %d\\n\", me, v)", kStepTag, kind, q, t)));
    if (handler) {
        body.push_back(simple(kind == 0 ? "on_broadcast(me)" : "on_receive(me)"));
        body.push_back(simple("own_copies(me)"));
    }
    return {d_step(std::move(body))};
}

void receipt_options(const Model& model, const EmitOptions& o, int fixed, std::vector<Seq>& opts) {
    const Config& c = model.config();
    const int types = static_cast<int>(model.algorithm().types.size());
    for (int q = 0; q < c.n; ++q) {
        if (q == fixed) continue;
        const std::string other = fixed < 0 ? fmt::format("me != {} && ", q) : "";
        for (int t = q == 0 ? 0 : 1; t < types; ++t) {
            const std::string sv = fmt::format("SENT({},{})", q, t);
            std::string cond = fmt::format("CORRECT(me) && {}!HAS(byz,{}) && {} != 0 && !HAS(RCV(me,{},{} - 1),{})",
                                           other, q, sv, t, sv, q);
            opts.push_back(step(o, guided(o, cond, 1, "me", q, t, sv + " - 1"),
                                {simple(fmt::format("v = {} - 1", sv)),
                                 simple(fmt::format("RCV(me,{},v) = RCV(me,{},v) | (1 << {})", t, t, q))},
                                1, q, t, true));
            if (c.faults != FaultModel::Byzantine) continue;
            for (int w = 0; w < c.values; ++w) {
                std::string byz = fmt::format("CORRECT(me) && {}HAS(byz,{}) && !HAS(RCV(me,{},{}),{})", other, q, t,
                                              w, q);
                opts.push_back(step(o, guided(o, byz, 3, "me", q, t, std::to_string(w)),
                                    {simple(fmt::format("v = {}", w)),
                                     simple(fmt::format("RCV(me,{},v) = RCV(me,{},v) | (1 << {})", t, t, q))},
                                    3, q, t, true));
            }
        }
    }
}

}  // namespace

Block process_proctype(const Model& model, const EmitOptions& o, const std::string& name, int fixed) {
    std::vector<Seq> opts;
    if (fixed == 0) {
        opts.push_back({comment("the broadcast of value 0, once")});
        Seq s = step(o, guided(o, "!broadcast && CORRECT(me)", 0, "me", 0, 0, "0"),
                     {simple("broadcast = 1"), simple("v = 0")}, 0, 0, 0, true);
        opts.back().insert(opts.back().end(), s.begin(), s.end());
    }
    receipt_options(model, o, fixed, opts);
    if (model.config().faults == FaultModel::Crash)
        opts.push_back(step(o, guided(o, "CORRECT(me) && COUNT(crashed) < F", 2, "me", 0, 0, "0"),
                            {simple("crashed = crashed | (1 << me)"), simple("v = 0")}, 2, 0, 0, false));
    Seq body{comment("a valid end state: the run may stop wherever no step is enabled"), label("end"),
             do_(std::move(opts))};
    return Block{name, {"byte me"},
                 fixed == 0 ? "p0, the designated sender: its broadcast, receipts, Byzantine receipts and crash"
                            : "p1 .. p(N-1): receipts, Byzantine receipts and crash; one option per step of the spec",
                 std::move(body)};
}

}  // namespace rbsynth::spin::detail
