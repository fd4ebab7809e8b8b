#include "spin/promela_ast.hpp"

#include <fmt/core.h>

namespace rbsynth::promela {

Stmt simple(std::string text) { return Stmt{Stmt::Kind::Simple, std::move(text), {}, {}}; }
Stmt guard(std::string text) { return Stmt{Stmt::Kind::Guard, std::move(text), {}, {}}; }
Stmt comment(std::string text) { return Stmt{Stmt::Kind::Comment, std::move(text), {}, {}}; }
Stmt label(std::string name) { return Stmt{Stmt::Kind::Label, std::move(name), {}, {}}; }
Stmt if_(std::vector<Seq> options) { return Stmt{Stmt::Kind::If, {}, std::move(options), {}}; }
Stmt do_(std::vector<Seq> options) { return Stmt{Stmt::Kind::Do, {}, std::move(options), {}}; }
Stmt d_step(Seq body) { return Stmt{Stmt::Kind::DStep, {}, {}, std::move(body)}; }
Stmt atomic(Seq body) { return Stmt{Stmt::Kind::Atomic, {}, {}, std::move(body)}; }

namespace {

using Lines = std::vector<std::string>;

bool is_statement(const Stmt& s) { return s.kind != Stmt::Kind::Comment && s.kind != Stmt::Kind::Label; }

void print_seq(const Seq& seq, int indent, Lines& out);

void print_options(const char* open, const char* close, const std::vector<Seq>& options, int indent, Lines& out) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    out.push_back(pad + open);
    for (const Seq& option : options) {
        // A guard and one short statement read best on one line: `:: else -> skip`.
        if (option.size() == 2 && option[0].kind == Stmt::Kind::Guard && option[1].kind == Stmt::Kind::Simple &&
            option[0].text.size() + option[1].text.size() + pad.size() < 90) {
            out.push_back(pad + ":: " + option[0].text + " -> " + option[1].text);
            continue;
        }
        const std::size_t first = out.size();
        print_seq(option, indent + 3, out);
        // The option's first line takes the `::` in the indent's place.
        if (out.size() > first) out[first] = pad + ":: " + out[first].substr(pad.size() + 3);
    }
    out.push_back(pad + close);
}

void print_stmt(const Stmt& s, int indent, Lines& out) {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    switch (s.kind) {
    case Stmt::Kind::Simple:
    case Stmt::Kind::Guard: out.push_back(pad + s.text); break;
    case Stmt::Kind::Comment: out.push_back(pad + "/* " + s.text + " */"); break;
    case Stmt::Kind::Label: out.push_back(pad + s.text + ":"); break;
    case Stmt::Kind::If: print_options("if", "fi", s.options, indent, out); break;
    case Stmt::Kind::Do: print_options("do", "od", s.options, indent, out); break;
    case Stmt::Kind::DStep:
    case Stmt::Kind::Atomic:
        out.push_back(pad + (s.kind == Stmt::Kind::DStep ? "d_step {" : "atomic {"));
        print_seq(s.body, indent + 4, out);
        out.push_back(pad + "}");
        break;
    }
}

// Promela separates statements (`;` or `->`) rather than terminating them,
// so only a statement with another statement after it gets one.
void print_seq(const Seq& seq, int indent, Lines& out) {
    std::size_t last = seq.size();
    for (std::size_t i = 0; i < seq.size(); ++i)
        if (is_statement(seq[i])) last = i;
    for (std::size_t i = 0; i < seq.size(); ++i) {
        print_stmt(seq[i], indent, out);
        if (is_statement(seq[i]) && i < last && last != seq.size())
            out.back() += seq[i].kind == Stmt::Kind::Guard ? " ->" : ";";
    }
}

std::string params(const std::vector<std::string>& ps) {
    std::string out;
    for (std::size_t i = 0; i < ps.size(); ++i) out += (i ? "; " : "") + ps[i];
    return out;
}

void print_block(const char* keyword, const Block& b, bool inline_params, Lines& out) {
    out.push_back("");
    if (!b.comment.empty()) out.push_back("/* " + b.comment + " */");
    std::string ps = params(b.params);
    if (inline_params)  // inline parameters are names, separated by commas
        for (auto& c : ps)
            if (c == ';') c = ',';
    out.push_back(fmt::format("{} {}({}) {{", keyword, b.name, ps));
    print_seq(b.body, 4, out);
    out.push_back("}");
}

}  // namespace

std::string print(const Module& m) {
    Lines out;
    out.push_back("/*");
    for (const auto& line : m.header) out.push_back(line.empty() ? " *" : " * " + line);
    out.push_back(" */");
    out.push_back("");
    for (const Define& d : m.defines)
        out.push_back(fmt::format("#define {} {}{}", d.name, d.value, d.comment.empty() ? "" : "  /* " + d.comment + " */"));
    out.push_back("");
    for (const Decl& d : m.globals) {
        const std::string size = d.size > 0 ? fmt::format("[{}]", d.size) : "";
        out.push_back(fmt::format("{}{} {}{};{}", d.hidden ? "hidden " : "", d.type, d.name, size,
                                  d.comment.empty() ? "" : "  /* " + d.comment + " */"));
    }
    for (const Block& b : m.inlines) print_block("inline", b, true, out);
    for (const Block& b : m.proctypes) print_block("proctype", b, false, out);
    out.push_back("");
    if (!m.init.comment.empty()) out.push_back("/* " + m.init.comment + " */");
    out.push_back("init {");
    print_seq(m.init.body, 4, out);
    out.push_back("}");
    std::string text;
    for (const auto& line : out) text += line + "\n";
    return text;
}

}  // namespace rbsynth::promela
