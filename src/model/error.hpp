// The one user-facing error type. Library code throws it for bad input
// (files, options, configurations); the tool catches it in main and prints
// `rbsynth: <message>`. Internal invariants use assert instead.
#pragma once

#include <stdexcept>
#include <string>

namespace rbsynth {

// A place in an input file, 1-based; line 0 means "no position".
struct SourceLoc {
    std::string file;
    int line = 0;
    int column = 0;

    std::string str() const;
};

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    Error(const SourceLoc& where, const std::string& message);
};

}  // namespace rbsynth
