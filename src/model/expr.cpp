#include "model/expr.hpp"

#include <cassert>

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
    e->a = std::move(l);
    e->b = std::move(r);
    return e;
}

ExprPtr Expr::neg(ExprPtr x) {
    auto e = std::make_shared<Expr>();
    e->kind = Kind::Neg;
    e->a = std::move(x);
    return e;
}

namespace {

// Floor division on integers; the caller has excluded d == 0.
std::int64_t floor_div(std::int64_t n, std::int64_t d) {
    std::int64_t q = n / d;
    if ((n % d != 0) && ((n < 0) != (d < 0))) --q;
    return q;
}

std::int64_t ceil_div(std::int64_t n, std::int64_t d) { return -floor_div(-n, d); }

}  // namespace

std::optional<std::int64_t> evaluate(const Expr& e, std::int64_t n, std::int64_t f) {
    using K = Expr::Kind;
    switch (e.kind) {
    case K::Num: return e.value;
    case K::VarN: return n;
    case K::VarF: return f;
    case K::Neg: {
        auto x = evaluate(*e.a, n, f);
        if (!x) return std::nullopt;
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
    case K::Ceil:
    case K::Floor:
        if (*r == 0) return std::nullopt;
        return e.kind == K::Ceil ? ceil_div(*l, *r) : floor_div(*l, *r);
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
    return precedence(e) < min_prec ? "(" + s + ")" : s;
}

bool is_var(const Expr& e) { return e.kind == Expr::Kind::VarN || e.kind == Expr::Kind::VarF; }

}  // namespace

std::string to_string(const Expr& e) {
    using K = Expr::Kind;
    switch (e.kind) {
    case K::Num: return std::to_string(e.value);
    case K::VarN: return "N";
    case K::VarF: return "F";
    case K::Neg: return "-" + wrap(*e.a, 4);
    case K::Add: return wrap(*e.a, 1) + "+" + wrap(*e.b, 2);
    case K::Sub: return wrap(*e.a, 1) + "-" + wrap(*e.b, 2);
    case K::Mul:
        // `2F` is the paper's notation; it parses back to the same product.
        if (e.a->kind == K::Num && is_var(*e.b)) return to_string(*e.a) + to_string(*e.b);
        return wrap(*e.a, 2) + "*" + wrap(*e.b, 3);
    case K::Ceil: return "ceil(" + to_string(*e.a) + "/" + to_string(*e.b) + ")";
    case K::Floor: return "floor(" + to_string(*e.a) + "/" + to_string(*e.b) + ")";
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
