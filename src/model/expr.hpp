// Threshold expressions over N and F (docs/language.md, "Thresholds"): integers,
// N, F, + - *, ceil(a/b), floor(a/b), parentheses. Evaluated exactly in
// 64-bit integers; the printer writes the canonical form that parses back to
// the same tree.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace rbsynth {

struct Expr {
    enum class Kind { Num, VarN, VarF, Add, Sub, Mul, Neg, Ceil, Floor };
    Kind kind = Kind::Num;
    std::int64_t value = 0;           // Num only
    std::shared_ptr<const Expr> a, b;  // operands; Ceil/Floor: a / b

    static std::shared_ptr<const Expr> num(std::int64_t v);
    static std::shared_ptr<const Expr> var_n();
    static std::shared_ptr<const Expr> var_f();
    static std::shared_ptr<const Expr> binary(Kind k, std::shared_ptr<const Expr> l,
                                              std::shared_ptr<const Expr> r);
    static std::shared_ptr<const Expr> neg(std::shared_ptr<const Expr> x);
};

using ExprPtr = std::shared_ptr<const Expr>;

// The value for one configuration, or nullopt when a division by zero or an
// overflow makes it undefined there.
std::optional<std::int64_t> evaluate(const Expr& e, std::int64_t n, std::int64_t f);

// Canonical text: minimal parentheses, `2F` for a number times a variable.
std::string to_string(const Expr& e);

bool equal(const Expr& x, const Expr& y);

}  // namespace rbsynth
