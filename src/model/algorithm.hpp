// The algorithm language's syntax tree (docs/language.md). The
// parser builds it, the printer writes its canonical text, and the learner
// will build it rule by rule; every checker compiles this same tree.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/error.hpp"
#include "model/expr.hpp"

namespace rbsynth {

enum class Target { All, Others };

// `received <type> from <k>`: k distinct senders of <type, v>, v the value
// of the triggering event.
struct Guard {
    int type = 0;
    ExprPtr threshold;
};

struct Rule {
    enum class Kind { Send, Deliver };
    Kind kind = Kind::Send;
    int type = 0;                 // Send: the type sent
    Target target = Target::All;  // Send only
    std::optional<Guard> guard;
    SourceLoc loc;                // where the rule was written, for messages
};

struct Algorithm {
    std::string name;
    std::vector<std::string> types;  // type 0 is the sender's initial message
    std::vector<Rule> on_broadcast;
    std::vector<Rule> on_receive;
    SourceLoc loc;  // the `algorithm` line

    int type_index(const std::string& type_name) const;  // -1 when undeclared
};

// Same rules, types and name; source positions are ignored.
bool equal(const Algorithm& x, const Algorithm& y);

// Canonical text: the input language without comments, two-space indent.
std::string to_string(const Algorithm& alg);
std::string to_string(const Algorithm& alg, const Rule& rule);

// Throws Error naming file:line:column for syntax and semantic errors.
Algorithm parse_algorithm(const std::string& text, const std::string& file_name);
Algorithm load_algorithm(const std::string& path);

}  // namespace rbsynth
