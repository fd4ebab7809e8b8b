// The monitor: RB-Integrity in every state, RB-Agreement and RB-Validity
// in every fair-terminal state (docs/semantics.md, "Properties"). Its one
// `d_step` is enabled in every state and changes nothing that Spin stores
// (it writes hidden variables only), so pan runs it in every reachable
// state without adding states; the assertion that fails names the property.
#include <fmt/core.h>

#include "spin/emit_parts.hpp"

namespace rbsynth::spin::detail {

using namespace promela;

namespace {

// for (var = from; var < bound; var++) body
Seq loop(const std::string& var, const std::string& from, const std::string& bound, Seq body) {
    body.insert(body.begin(), guard(fmt::format("{} < {}", var, bound)));
    body.push_back(simple(var + "++"));
    return {simple(fmt::format("{} = {}", var, from)), do_({body, {guard("else"), simple("break")}})};
}

Seq when(const std::string& cond, Seq then) {
    then.insert(then.begin(), guard(cond));
    return {if_({then, {guard("else"), simple("skip")}})};
}

Seq integrity() {
    Seq s{comment("Integrity: if p0 is not Byzantine, a correct process delivers only 0, after the broadcast"),
          simple("Integrity = 1")};
    Seq per = when("CORRECT(i) && dlv[i] != 0 && (dlv[i] != 1 || !broadcast)", {simple("Integrity = 0")});
    Seq all = loop("i", "0", "N", per);
    Seq checked = when("!HAS(byz,0)", all);
    s.insert(s.end(), checked.begin(), checked.end());
    return s;
}

Seq fair_terminal() {
    Seq s{comment("fair-terminal: p0 broadcast (or is faulty) and no message between correct processes is pending"),
          simple("terminal = broadcast || !CORRECT(0)")};
    Seq pending = when("i != j && CORRECT(i) && CORRECT(j) && SENT(j,k) != 0 && !HAS(RCV(i,k,SENT(j,k) - 1),j)",
                       {simple("terminal = 0")});
    Seq types = loop("k", "(j == 0 -> 0 : 1)", "T", pending);
    Seq senders = loop("j", "0", "N", types);
    Seq receivers = loop("i", "0", "N", senders);
    s.insert(s.end(), receivers.begin(), receivers.end());
    return s;
}

Seq agreement_validity() {
    Seq s{comment("Agreement: every correct process delivered the same (a value or nothing)"),
          simple("Agreement = 1"), simple("first = 255")};
    Seq per{if_({{guard("CORRECT(i) && first == 255"), simple("first = dlv[i]")},
                 {guard("CORRECT(i) && dlv[i] != first"), simple("Agreement = 0")},
                 {guard("else"), simple("skip")}})};
    Seq all = loop("i", "0", "N", per);
    s.insert(s.end(), all.begin(), all.end());
    s.push_back(comment("Validity: a correct p0 delivered 0"));
    s.push_back(simple("Validity = !CORRECT(0) || dlv[0] == 1"));
    return s;
}

}  // namespace

Block monitor_proctype(const Model&) {
    Seq body;
    for (Seq part : {integrity(), fair_terminal(), agreement_validity()}) body.insert(body.end(), part.begin(), part.end());
    body.push_back(comment("the first failing assertion names the property, as rbsynth orders them"));
    body.push_back(simple("assert(Integrity)"));
    body.push_back(simple("assert(!terminal || Agreement)"));
    body.push_back(simple("assert(!terminal || Validity)"));
    return Block{"Monitor", {}, "the property monitor, scheduled in every reachable state",
                 {label("end"), do_({{d_step(std::move(body))}})}};
}

}  // namespace rbsynth::spin::detail
