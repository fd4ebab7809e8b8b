#include "tool/flags.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <iterator>

#include <fmt/core.h>

#include "explorer/options.hpp"
#include "model/error.hpp"

namespace rbsynth::tool {

namespace {

int parse_size(const std::string& s, const std::string& flag, const std::string& whole) {
    if (s.empty() || s.size() > 3 || !std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
        throw Error(fmt::format("{}: expected a size like 4, 3..8 or 4,5,6, found '{}'", flag, whole));
    int n = std::stoi(s);
    if (n < 1 || n > Config::kMaxN)
        throw Error(fmt::format("{}: N = {} is out of range 1..{}", flag, n, Config::kMaxN));
    return n;
}

}  // namespace

std::vector<int> parse_sizes(const std::string& text, const std::string& flag) {
    std::vector<int> out;
    if (auto dots = text.find(".."); dots != std::string::npos) {
        int lo = parse_size(text.substr(0, dots), flag, text);
        int hi = parse_size(text.substr(dots + 2), flag, text);
        if (lo > hi) throw Error(fmt::format("{}: empty range '{}'", flag, text));
        for (int n = lo; n <= hi; ++n) out.push_back(n);
        return out;
    }
    std::size_t start = 0;
    for (;;) {
        std::size_t comma = text.find(',', start);
        out.push_back(parse_size(text.substr(start, comma - start), flag, text));
        if (comma == std::string::npos) break;
        start = comma + 1;
    }
    return out;
}

std::uint64_t parse_memory(const std::string& text, const std::string& flag) {
    std::size_t i = 0;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    std::string number = text.substr(0, i), unit = text.substr(i);
    for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    double scale = 0;
    if (unit.empty() || unit == "B") scale = 1;
    else if (unit == "K" || unit == "KB" || unit == "KIB") scale = 1024.0;
    else if (unit == "M" || unit == "MB" || unit == "MIB") scale = 1024.0 * 1024;
    else if (unit == "G" || unit == "GB" || unit == "GIB") scale = 1024.0 * 1024 * 1024;
    else if (unit == "T" || unit == "TB" || unit == "TIB") scale = 1024.0 * 1024 * 1024 * 1024;
    double value = 0;
    try {
        std::size_t used = 0;
        value = number.empty() ? -1 : std::stod(number, &used);
        if (used != number.size()) value = -1;
    } catch (const std::exception&) {
        value = -1;
    }
    if (scale == 0 || value <= 0 || !std::isfinite(value * scale) || value * scale < 1 || value * scale > 1e18)
        throw Error(fmt::format("{}: expected a positive size like 512M or 4G, found '{}'", flag, text));
    return static_cast<std::uint64_t>(value * scale);
}

nlohmann::json read_json_file(const std::string& path, const std::string& flag) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(fmt::format("{}: cannot read '{}'", flag, path));
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    try {
        // A JSON document starts with '{' (after blanks); a MessagePack map with 0x80..0x8f or 0xde..0xdf.
        const auto first = bytes.find_first_not_of(" \t\r\n");
        if (first != std::string::npos && bytes[first] == '{') return nlohmann::json::parse(bytes);
        return nlohmann::json::from_msgpack(bytes);
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: '{}' is neither JSON nor MessagePack ({})", flag, path, e.what()));
    }
}

CLI::Validator positive_number() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            try {
                std::size_t used = 0;
                const double v = std::stod(text, &used);
                if (used == text.size() && std::isfinite(v) && v > 0) return {};
            } catch (const std::exception&) {
            }
            return "expected a positive number, found '" + text + "'";
        },
        "POSITIVE");
}

CLI::Validator thread_count() {
    return CLI::Validator(
        [](std::string& text) -> std::string {
            const bool digits = !text.empty() && text.size() <= 5 &&
                                std::all_of(text.begin(), text.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
            if (digits && std::stoi(text) >= 1 && std::stoi(text) <= kMaxThreads) return {};
            return fmt::format("expected 1..{} threads, found '{}'", kMaxThreads, text);
        },
        "THREADS");
}

std::vector<Config> ConfigFlags::configs() const {
    std::vector<Config> out;
    const FaultModel fm = parse_fault_model(faults);
    for (int n : parse_sizes(sizes, "--n")) {
        Config c;
        c.faults = fm;
        c.n = n;
        c.f = f.value_or(Config::default_f(fm, n));
        c.values = values.value_or(Config::default_values(fm));
        if (f && (*f < 0 || *f >= n))
            throw Error(fmt::format("--f: F = {} is out of range for N = {} (0 <= F < N: one process at least is correct)",
                                    *f, n));
        if (values && *values != 1 && *values != 2)
            throw Error(fmt::format("--values: expected 1 or 2, found {}", *values));
        c.validate();
        out.push_back(c);
    }
    return out;
}

}  // namespace rbsynth::tool
