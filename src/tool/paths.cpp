#include "tool/paths.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/core.h>

#include "model/error.hpp"

namespace rbsynth::tool {

namespace fs = std::filesystem;

namespace {

// access(2) answers for the real user, which is who runs rbsynth; a race
// with another process is still caught when the file is written.
void require_access(const fs::path& p, int mode, const std::string& flag, const std::string& path) {
    if (access(p.c_str(), mode) != 0)
        throw Error(fmt::format("{}: cannot {} '{}': {}", flag, mode == R_OK ? "read" : "write", path,
                                std::strerror(errno)));
}

fs::path parent_of(const std::string& path) {
    const fs::path parent = fs::path(path).parent_path();
    return parent.empty() ? fs::path(".") : parent;
}

}  // namespace

void require_input_file(const std::string& path, const std::string& flag) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (!fs::exists(st)) throw Error(fmt::format("{}: cannot read '{}': no such file", flag, path));
    if (fs::is_directory(st)) throw Error(fmt::format("{}: '{}' is a directory, not a file", flag, path));
    require_access(path, R_OK, flag, path);
}

void require_output_file(const std::string& path, const std::string& flag) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (fs::is_directory(st)) throw Error(fmt::format("{}: '{}' is a directory, not a file", flag, path));
    if (fs::exists(st)) return require_access(path, W_OK, flag, path);
    const fs::path dir = parent_of(path);
    if (!fs::is_directory(dir, ec))
        throw Error(fmt::format("{}: cannot write '{}': no directory '{}'", flag, path, dir.string()));
    require_access(dir, W_OK | X_OK, flag, path);
}

void make_output_dir(const std::string& path, const std::string& flag) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (fs::exists(st) && !fs::is_directory(st))
        throw Error(fmt::format("{}: '{}' exists and is not a directory", flag, path));
    if (fs::exists(st)) return require_access(path, W_OK | X_OK, flag, path);
    fs::create_directories(path, ec);
    if (ec) throw Error(fmt::format("{}: cannot create the directory '{}': {}", flag, path, ec.message()));
}

std::string sized_path(const std::string& path, int n) {
    const fs::path p(path);
    fs::path out = p.parent_path() / fmt::format("{}-n{}{}", p.stem().string(), n, p.extension().string());
    return out.string();
}

}  // namespace rbsynth::tool
