#include "model/algorithm.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rbsynth {

int Algorithm::type_index(const std::string& type_name) const {
    for (std::size_t i = 0; i < types.size(); ++i)
        if (types[i] == type_name) return static_cast<int>(i);
    return -1;
}

namespace {

bool equal(const Rule& x, const Rule& y) {
    if (x.kind != y.kind || x.guard.has_value() != y.guard.has_value()) return false;
    if (x.kind == Rule::Kind::Send && (x.type != y.type || x.target != y.target)) return false;
    if (!x.guard) return true;
    return x.guard->type == y.guard->type && equal(*x.guard->threshold, *y.guard->threshold);
}

bool equal(const std::vector<Rule>& x, const std::vector<Rule>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (!equal(x[i], y[i])) return false;
    return true;
}

}  // namespace

bool equal(const Algorithm& x, const Algorithm& y) {
    return x.name == y.name && x.types == y.types && equal(x.on_broadcast, y.on_broadcast) &&
           equal(x.on_receive, y.on_receive);
}

std::string to_string(const Algorithm& alg, const Rule& rule) {
    std::string s;
    if (rule.kind == Rule::Kind::Send)
        s = "send " + alg.types.at(rule.type) +
            (rule.target == Target::All ? " to all" : " to others");
    else
        s = "deliver";
    if (rule.guard)
        s += " if received " + alg.types.at(rule.guard->type) + " from " +
             to_string(*rule.guard->threshold);
    return s;
}

std::string to_string(const Algorithm& alg) {
    std::ostringstream out;
    out << "algorithm " << alg.name << "\n";
    out << "types";
    for (const auto& t : alg.types) out << ' ' << t;
    out << "\non broadcast:\n";
    for (const auto& r : alg.on_broadcast) out << "  " << to_string(alg, r) << "\n";
    out << "on receive:\n";
    for (const auto& r : alg.on_receive) out << "  " << to_string(alg, r) << "\n";
    return out.str();
}

Algorithm load_algorithm(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw Error(path + ": is a directory, not an algorithm file");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open the algorithm file");
    // Read at most a bound: /dev/zero or a runaway pipe must end in a
    // message, not in exhausted memory. Real algorithms are under 1 KiB.
    constexpr std::size_t kMaxBytes = std::size_t{16} << 20;
    std::string text;
    char chunk[1 << 16];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (text.size() > kMaxBytes) throw Error(path + ": larger than 16 MiB; not an algorithm file");
    }
    if (in.bad()) throw Error(path + ": cannot read the algorithm file");
    return parse_algorithm(text, path);
}

}  // namespace rbsynth
