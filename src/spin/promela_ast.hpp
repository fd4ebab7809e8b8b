// A small Promela syntax tree and its one printer. The emitter builds the
// model as this tree rather than as text, so that structure (options,
// d_step bodies, separators) is decided in one place and every emitted
// model is well formed; expressions stay strings, built by the emitter's
// helpers, because Promela's expression syntax is C's.
#pragma once

#include <string>
#include <vector>

namespace rbsynth::promela {

struct Stmt;
using Seq = std::vector<Stmt>;

struct Stmt {
    enum class Kind { Simple, Guard, Comment, Label, If, Do, DStep, Atomic };
    Kind kind = Kind::Simple;
    std::string text;          // Simple, Guard: the statement; Comment: the text; Label: the name
    std::vector<Seq> options;  // If, Do: one sequence per `::` option
    Seq body;                  // DStep, Atomic
};

// A guard is printed with `->` after it, to read as a condition; it is an
// ordinary statement (it blocks while false).
Stmt simple(std::string text);
Stmt guard(std::string text);
Stmt comment(std::string text);
Stmt label(std::string name);
Stmt if_(std::vector<Seq> options);
Stmt do_(std::vector<Seq> options);
Stmt d_step(Seq body);
Stmt atomic(Seq body);

struct Define {
    std::string name;  // may carry parameters: "RCV(p,t,v)"
    std::string value;
    std::string comment;
};

struct Decl {
    std::string type;  // bit, byte, short
    std::string name;
    int size = 0;      // 0: a scalar
    bool hidden = false;
    std::string comment;
};

// An inline or a proctype: both have a name, parameters and a body.
struct Block {
    std::string name;
    std::vector<std::string> params;  // "me" for an inline, "byte me" for a proctype
    std::string comment;
    Seq body;
};

struct Module {
    std::vector<std::string> header;  // the opening comment, one line each
    std::vector<Define> defines;
    std::vector<Decl> globals;
    std::vector<Block> inlines;
    std::vector<Block> proctypes;
    Block init;  // name and params unused
};

std::string print(const Module& m);

}  // namespace rbsynth::promela
