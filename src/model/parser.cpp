// A hand-written recursive-descent parser: the language is line-oriented and
// tiny, and exact file:line:column messages matter more than a generator's
// machinery would help.
#include <cctype>
#include <limits>
#include <vector>

#include <fmt/core.h>

#include "model/algorithm.hpp"

namespace rbsynth {
namespace {

struct Token {
    enum class Kind { Word, Number, Symbol, End };
    Kind kind = Kind::End;
    std::string text;
    int column = 0;  // 1-based
    int end_column = 0;
};

std::string describe(const Token& t) {
    if (t.kind == Token::Kind::End) return "end of line";
    return "'" + t.text + "'";
}

bool word_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class LineParser {
public:
    LineParser(std::string_view line, int line_no, const std::string& file)
        : line_(line), line_no_(line_no), file_(file) {
        tokenize();
    }

    SourceLoc loc(const Token& t) const { return {file_, line_no_, t.column}; }
    const Token& peek() const { return tokens_[pos_]; }
    Token next() { return tokens_[pos_ == tokens_.size() - 1 ? pos_ : pos_++]; }
    bool at_end() const { return peek().kind == Token::Kind::End; }
    std::string rest_raw() const;

    [[noreturn]] void fail(const Token& t, const std::string& expected) const {
        throw Error(loc(t), "expected " + expected + ", found " + describe(t));
    }
    Token expect_word(const std::string& what) {
        if (peek().kind != Token::Kind::Word) fail(peek(), what);
        return next();
    }
    void expect_keyword(const std::string& kw) {
        if (peek().kind != Token::Kind::Word || peek().text != kw) fail(peek(), "'" + kw + "'");
        next();
    }
    void expect_symbol(const std::string& sym) {
        if (peek().kind != Token::Kind::Symbol || peek().text != sym) fail(peek(), "'" + sym + "'");
        next();
    }
    void expect_end() {
        if (!at_end()) fail(peek(), "end of line");
    }

    ExprPtr expression() { return sum(); }

private:
    void tokenize();
    ExprPtr sum();
    ExprPtr product();
    ExprPtr unary();
    ExprPtr primary();
    ExprPtr bounded(ExprPtr e, const Token& op) const;

    std::string_view line_;
    int line_no_;
    const std::string& file_;
    std::vector<Token> tokens_;
    std::size_t pos_ = 0;
    bool ratio_ = false;  // parsing the a of ceil(a/b): '/' ends it
    int nesting_ = 0;     // unary() calls active: parentheses, ceil/floor, minus
};

// The recursion of sum -> product -> unary -> primary -> sum goes through
// unary() once per '(', ceil(, floor( or unary minus, so counting its frames
// bounds the parser's stack. Twice the tree's height limit: the canonical
// printer spends at most two levels per node (a minus and the parentheses
// around its operand), so everything it prints parses back.
constexpr int kMaxNesting = 2 * kMaxExprHeight;

void LineParser::tokenize() {
    std::size_t i = 0;
    while (i < line_.size()) {
        char c = line_[i];
        if (c == '#') break;
        if (c == ' ' || c == '\t' || c == '\r') {
            ++i;
            continue;
        }
        Token t;
        t.column = static_cast<int>(i) + 1;
        std::size_t start = i;
        if (word_start(c)) {
            while (i < line_.size() && word_char(line_[i])) ++i;
            t.kind = Token::Kind::Word;
        } else if (std::isdigit(static_cast<unsigned char>(c))) {
            while (i < line_.size() && std::isdigit(static_cast<unsigned char>(line_[i]))) ++i;
            t.kind = Token::Kind::Number;
        } else if (std::string_view("+-*/():,").find(c) != std::string_view::npos) {
            ++i;
            t.kind = Token::Kind::Symbol;
        } else {
            std::string shown = std::isprint(static_cast<unsigned char>(c))
                                    ? std::string(1, c)
                                    : fmt::format("\\x{:02x}", static_cast<unsigned char>(c));
            throw Error(SourceLoc{file_, line_no_, t.column},
                        "unexpected character '" + shown + "'");
        }
        t.text = std::string(line_.substr(start, i - start));
        t.end_column = static_cast<int>(i) + 1;
        tokens_.push_back(t);
    }
    Token end;
    end.column = static_cast<int>(i) + 1;
    end.end_column = end.column;
    tokens_.push_back(end);
}

std::string LineParser::rest_raw() const {
    const Token& t = peek();
    if (t.kind == Token::Kind::End) return {};
    std::size_t start = static_cast<std::size_t>(t.column - 1);
    std::size_t stop = line_.find('#', start);
    std::string_view s = line_.substr(start, stop == std::string_view::npos ? stop : stop - start);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
        s.remove_suffix(1);
    return std::string(s);
}

// A chain like 1+1+...+1 never nests the parser, but builds a tree as deep
// as it is long: each new node is checked against the height limit.
ExprPtr LineParser::bounded(ExprPtr e, const Token& op) const {
    if (e->height > kMaxExprHeight)
        throw Error(loc(op), fmt::format("threshold is too deeply nested: more than {} levels of operators",
                                         kMaxExprHeight));
    return e;
}

ExprPtr LineParser::sum() {
    ExprPtr left = product();
    while (peek().kind == Token::Kind::Symbol && (peek().text == "+" || peek().text == "-")) {
        const Token op = next();
        auto kind = op.text == "+" ? Expr::Kind::Add : Expr::Kind::Sub;
        left = bounded(Expr::binary(kind, left, product()), op);
    }
    return left;
}

ExprPtr LineParser::product() {
    ExprPtr left = unary();
    for (;;) {
        if (peek().kind == Token::Kind::Symbol && peek().text == "*") {
            const Token op = next();
            left = bounded(Expr::binary(Expr::Kind::Mul, left, unary()), op);
        } else if (peek().kind == Token::Kind::Symbol && peek().text == "/") {
            if (ratio_) return left;
            throw Error(loc(peek()), "a bare '/' is not allowed: write ceil(a/b) or floor(a/b)");
        } else {
            return left;
        }
    }
}

ExprPtr LineParser::unary() {
    if (++nesting_ > kMaxNesting)
        throw Error(loc(peek()), fmt::format("threshold is too deeply nested: more than {} levels of parentheses, "
                                             "ceil/floor and unary minus",
                                             kMaxNesting));
    ExprPtr e;
    if (peek().kind == Token::Kind::Symbol && peek().text == "-") {
        const Token op = next();
        e = bounded(Expr::neg(unary()), op);
    } else {
        e = primary();
    }
    --nesting_;
    return e;
}

ExprPtr LineParser::primary() {
    Token t = next();
    if (t.kind == Token::Kind::Number) {
        std::int64_t v = 0;
        for (char c : t.text) {
            if (v > (std::numeric_limits<std::int64_t>::max() - (c - '0')) / 10)
                throw Error(loc(t), "number " + t.text + " is too large");
            v = v * 10 + (c - '0');
        }
        ExprPtr e = Expr::num(v);
        // `2F+1`: a number written directly against N or F multiplies it.
        const Token& n = peek();
        if (n.kind == Token::Kind::Word && n.column == t.end_column && (n.text == "N" || n.text == "F")) {
            next();
            e = Expr::binary(Expr::Kind::Mul, e, n.text == "N" ? Expr::var_n() : Expr::var_f());  // height 2
        } else if (n.kind == Token::Kind::Word && n.column == t.end_column) {
            fail(n, "N or F after a number");
        }
        return e;
    }
    if (t.kind == Token::Kind::Word && (t.text == "N" || t.text == "F"))
        return t.text == "N" ? Expr::var_n() : Expr::var_f();
    if (t.kind == Token::Kind::Word && (t.text == "ceil" || t.text == "floor")) {
        expect_symbol("(");
        const bool outer = ratio_;
        ratio_ = true;
        ExprPtr a = sum();
        ratio_ = false;
        if (peek().kind != Token::Kind::Symbol || peek().text != "/") fail(peek(), "'/' in " + t.text + "(a/b)");
        next();
        ExprPtr b = sum();
        ratio_ = outer;
        expect_symbol(")");
        return bounded(Expr::binary(t.text == "ceil" ? Expr::Kind::Ceil : Expr::Kind::Floor, a, b), t);
    }
    if (t.kind == Token::Kind::Symbol && t.text == "(") {
        const bool outer = ratio_;
        ratio_ = false;
        ExprPtr e = sum();
        ratio_ = outer;
        expect_symbol(")");
        return e;
    }
    fail(t, "a threshold (a number, N, F, ceil(...), floor(...) or '(')");
}

// The document-level parser: which header comes next, and the rules.
class Parser {
public:
    Parser(const std::string& text, const std::string& file) : text_(text), file_(file) {}
    Algorithm run();

private:
    enum class Section { Start, Named, Typed, Broadcast, Receive };
    void header_algorithm(LineParser& lp);
    void header_types(LineParser& lp);
    Rule rule(LineParser& lp, Section section);
    int type_ref(LineParser& lp);
    [[noreturn]] void missing(const std::string& what, int line, int col);

    const std::string& text_;
    const std::string& file_;
    Algorithm alg_;
    Section section_ = Section::Start;
};

void Parser::missing(const std::string& what, int line, int col) {
    throw Error(SourceLoc{file_, line, col}, "expected " + what);
}

void Parser::header_algorithm(LineParser& lp) {
    Token kw = lp.next();
    alg_.loc = lp.loc(kw);
    std::string name = lp.rest_raw();
    if (name.empty()) lp.fail(lp.peek(), "an algorithm name");
    for (char c : name)
        if (!(word_char(c) || c == '-' || c == '.'))
            throw Error(lp.loc(lp.peek()), "algorithm name '" + name +
                                               "' may use only letters, digits, '_', '-' and '.'");
    alg_.name = name;
}

void Parser::header_types(LineParser& lp) {
    lp.next();
    if (lp.at_end()) lp.fail(lp.peek(), "at least one type name");
    while (!lp.at_end()) {
        Token t = lp.expect_word("a type name");
        if (t.text == "N" || t.text == "F" || t.text == "ceil" || t.text == "floor")
            throw Error(lp.loc(t), "'" + t.text + "' is reserved and cannot name a type");
        if (alg_.type_index(t.text) >= 0)
            throw Error(lp.loc(t), "type '" + t.text + "' is declared twice");
        alg_.types.push_back(t.text);
    }
}

int Parser::type_ref(LineParser& lp) {
    Token t = lp.expect_word("a type name");
    int idx = alg_.type_index(t.text);
    if (idx < 0) throw Error(lp.loc(t), "undeclared type '" + t.text + "'");
    return idx;
}

Rule Parser::rule(LineParser& lp, Section section) {
    Rule r;
    Token head = lp.next();
    r.loc = lp.loc(head);
    if (head.text == "send") {
        r.kind = Rule::Kind::Send;
        Token type_tok = lp.peek();
        r.type = type_ref(lp);
        if (r.type == 0 && section == Section::Receive)
            throw Error(lp.loc(type_tok), "type '" + alg_.types[0] +
                                              "' (type 0, the sender's initial message) may be sent only from 'on broadcast'");
        lp.expect_keyword("to");
        Token tgt = lp.expect_word("'all' or 'others'");
        if (tgt.text == "all") r.target = Target::All;
        else if (tgt.text == "others") r.target = Target::Others;
        else lp.fail(tgt, "'all' or 'others'");
    } else if (head.text == "deliver") {
        r.kind = Rule::Kind::Deliver;
    } else {
        lp.fail(head, "a rule ('send' or 'deliver') or a header");
    }
    if (!lp.at_end()) {
        lp.expect_keyword("if");
        lp.expect_keyword("received");
        Guard g;
        g.type = type_ref(lp);
        lp.expect_keyword("from");
        g.threshold = lp.expression();
        r.guard = g;
    }
    lp.expect_end();
    return r;
}

Algorithm Parser::run() {
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= text_.size()) {
        std::size_t nl = text_.find('\n', pos);
        std::string_view line(text_.data() + pos, (nl == std::string::npos ? text_.size() : nl) - pos);
        pos = nl == std::string::npos ? text_.size() + 1 : nl + 1;
        ++line_no;
        LineParser lp(line, line_no, file_);
        if (lp.at_end()) continue;
        const Token& first = lp.peek();
        bool is_on = first.kind == Token::Kind::Word && first.text == "on";
        switch (section_) {
        case Section::Start:
            if (first.text != "algorithm") lp.fail(first, "'algorithm <name>' as the first line");
            header_algorithm(lp);
            section_ = Section::Named;
            continue;
        case Section::Named:
            if (first.text != "types") lp.fail(first, "'types <name> ...' after the algorithm line");
            header_types(lp);
            section_ = Section::Typed;
            continue;
        default: break;
        }
        if (is_on) {
            lp.next();
            Token which = lp.expect_word("'broadcast' or 'receive'");
            std::string want = section_ == Section::Typed ? "broadcast" : "receive";
            if (section_ == Section::Receive || which.text != want)
                lp.fail(which, section_ == Section::Receive ? "a rule (each handler appears once)"
                                                           : "'" + want + "' (handlers come in the order 'on broadcast:', 'on receive:')");
            lp.expect_symbol(":");
            lp.expect_end();
            section_ = want == "broadcast" ? Section::Broadcast : Section::Receive;
            continue;
        }
        if (section_ == Section::Typed) lp.fail(first, "'on broadcast:'");
        Rule r = rule(lp, section_);
        (section_ == Section::Broadcast ? alg_.on_broadcast : alg_.on_receive).push_back(r);
    }
    // A missing part is reported where it belongs: the line after the
    // last one (after a final newline, the empty line that follows it).
    const int end_line = line_no;
    switch (section_) {
    case Section::Start: missing("'algorithm <name>'", end_line, 1);
    case Section::Named: missing("'types <name> ...'", end_line, 1);
    case Section::Typed: missing("'on broadcast:' header", end_line, 1);
    case Section::Broadcast: missing("'on receive:' header", end_line, 1);
    case Section::Receive: break;
    }
    return alg_;
}

}  // namespace

Algorithm parse_algorithm(const std::string& text, const std::string& file_name) {
    return Parser(text, file_name).run();
}

}  // namespace rbsynth
