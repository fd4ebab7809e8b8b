#include "model/expr.hpp"

#include <algorithm>
#include <cassert>
#include <limits>

#include <fmt/core.h>

namespace rbsynth {

ExprPtr Expr::num(std::int64_t v) {
    auto e = std::make_shared<Expr>();
    e->kind = Kind::Num;
    e->value = v;
    return e;
}

ExprPtr Expr::var_n() {
    auto e = std::make_shared<Expr>();
    e->kind = Kind::VarN;
    return e;
}

ExprPtr Expr::var_f() {
    auto e = std::make_shared<Expr>();
    e->kind = Kind::VarF;
    return e;
}

ExprPtr Expr::binary(Kind k, ExprPtr l, ExprPtr r) {
    auto e = std::make_shared<Expr>();
    e->kind = k;
    e->height = 1 + std::max(l->height, r->height);
    e->a = std::move(l);
    e->b = std::move(r);
    return e;
}

ExprPtr Expr::neg(ExprPtr x) {
    auto e = std::make_shared<Expr>();
    e->kind = Kind::Neg;
    e->height = 1 + x->height;
    e->a = std::move(x);
    return e;
}

namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// Floor and ceiling of n / d from the truncated quotient: no intermediate
// overflows. Undefined for d == 0 and for the one overflowing quotient,
// INT64_MIN / -1.
std::optional<std::int64_t> rounded_div(std::int64_t n, std::int64_t d, bool ceiling) {
    if (d == 0 || (n == kMin && d == -1)) return std::nullopt;
    std::int64_t q = n / d;
    if (n % d != 0) {
        const bool positive = (n < 0) == (d < 0);
        if (ceiling && positive) ++q;
        if (!ceiling && !positive) --q;
    }
    return q;
}

}  // namespace

std::optional<std::int64_t> evaluate(const Expr& e, std::int64_t n, std::int64_t f) {
    using K = Expr::Kind;
    switch (e.kind) {
    case K::Num: return e.value;
    case K::VarN: return n;
    case K::VarF: return f;
    case K::Neg: {
        auto x = evaluate(*e.a, n, f);
        if (!x || *x == kMin) return std::nullopt;
        return -*x;
    }
    default: break;
    }
    auto l = evaluate(*e.a, n, f);
    auto r = evaluate(*e.b, n, f);
    if (!l || !r) return std::nullopt;
    std::int64_t out = 0;
    switch (e.kind) {
    case K::Add:
        if (__builtin_add_overflow(*l, *r, &out)) return std::nullopt;
        return out;
    case K::Sub:
        if (__builtin_sub_overflow(*l, *r, &out)) return std::nullopt;
        return out;
    case K::Mul:
        if (__builtin_mul_overflow(*l, *r, &out)) return std::nullopt;
        return out;
    case K::Ceil: return rounded_div(*l, *r, true);
    case K::Floor: return rounded_div(*l, *r, false);
    default: assert(false); return std::nullopt;
    }
}

namespace {

// Binding strength for the printer: sums 1, products 2, unary minus 3, atoms 4.
int precedence(const Expr& e) {
    switch (e.kind) {
    case Expr::Kind::Add:
    case Expr::Kind::Sub: return 1;
    case Expr::Kind::Mul: return 2;
    case Expr::Kind::Neg: return 3;
    default: return 4;
    }
}

std::string wrap(const Expr& e, int min_prec) {
    std::string s = to_string(e);
    return precedence(e) < min_prec ? fmt::format("({})", s) : s;
}

bool is_var(const Expr& e) { return e.kind == Expr::Kind::VarN || e.kind == Expr::Kind::VarF; }

}  // namespace

std::string to_string(const Expr& e) {
    using K = Expr::Kind;
    switch (e.kind) {
    case K::Num: return std::to_string(e.value);
    case K::VarN: return "N";
    case K::VarF: return "F";
    case K::Neg: return fmt::format("-{}", wrap(*e.a, 4));
    case K::Add: return fmt::format("{}+{}", wrap(*e.a, 1), wrap(*e.b, 2));
    case K::Sub: return fmt::format("{}-{}", wrap(*e.a, 1), wrap(*e.b, 2));
    case K::Mul:
        // `2F` is the paper's notation; it parses back to the same product.
        if (e.a->kind == K::Num && is_var(*e.b)) return fmt::format("{}{}", to_string(*e.a), to_string(*e.b));
        return fmt::format("{}*{}", wrap(*e.a, 2), wrap(*e.b, 3));
    // A compound numerator or denominator keeps its parentheses, so that
    // ceil((N+F+1)/2) does not read as N+F+1/2.
    case K::Ceil: return fmt::format("ceil({}/{})", wrap(*e.a, 4), wrap(*e.b, 4));
    case K::Floor: return fmt::format("floor({}/{})", wrap(*e.a, 4), wrap(*e.b, 4));
    }
    return {};
}

bool equal(const Expr& x, const Expr& y) {
    if (x.kind != y.kind) return false;
    if (x.kind == Expr::Kind::Num) return x.value == y.value;
    if (x.a && !(y.a && equal(*x.a, *y.a))) return false;
    if (x.b && !(y.b && equal(*x.b, *y.b))) return false;
    return true;
}

}  // namespace rbsynth
