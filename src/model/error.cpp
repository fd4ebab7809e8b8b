#include "model/error.hpp"

#include <fmt/core.h>

namespace rbsynth {

Error::Error(const SourceLoc& where, const std::string& message)
    : std::runtime_error(fmt::format("{}: {}", where.str(), message)) {}

std::string SourceLoc::str() const {
    if (line == 0) return file;
    return fmt::format("{}:{}:{}", file, line, column);
}

}  // namespace rbsynth
