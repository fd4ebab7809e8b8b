// Parsing of the flag values CLI11 cannot check by itself. Errors name the
// flag: `--n: expected ...`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "model/config.hpp"

namespace rbsynth::tool {

// "4", "3..8" or "4,5,6,7" (each 1..12).
std::vector<int> parse_sizes(const std::string& text, const std::string& flag);
// "1048576", "512M", "4G", "1.5GiB": binary units.
std::uint64_t parse_memory(const std::string& text, const std::string& flag);

// A JSON file, or (by its first byte) a MessagePack one; errors name the flag.
nlohmann::json read_json_file(const std::string& path, const std::string& flag);

// CLI11 check: a positive number (integer or real), with a plain message.
CLI::Validator positive_number();
// CLI11 check: a worker thread count, 1..kMaxThreads.
CLI::Validator thread_count();

// The configurations a command names: one per size, F and V defaulted.
struct ConfigFlags {
    std::string faults = to_string(Config::kDefaultFaults);
    std::string sizes = "4";
    std::optional<int> f;
    std::optional<int> values;

    std::vector<Config> configs() const;
};

}  // namespace rbsynth::tool
