// Running the real rbsynth binary from the command-line tests: its exit code
// and everything it printed.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#ifndef RBSYNTH_EXE
#define RBSYNTH_EXE "build/src/tool/rbsynth"
#endif

namespace cli {

struct Result {
    int code = -1;
    std::string out;  // stdout and stderr, interleaved
};

inline std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
}

// A signal shows as 128 + its number, as a shell would report it, so that a
// crash never passes for an ordinary exit code.
inline int exit_code(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return -1;
}

// `env`: a shell prefix such as "PATH=/nonexistent".
inline Result rbsynth(const std::vector<std::string>& args, const std::string& env = "") {
    std::string cmd = env.empty() ? "" : env + " ";
    cmd += shell_quote(RBSYNTH_EXE);
    for (const auto& a : args) {
        cmd += ' ';
        cmd += shell_quote(a);
    }
    cmd += " 2>&1";
    Result r;
    FILE* pipe = popen(cmd.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buf[4096];
    for (std::size_t got; (got = std::fread(buf, 1, sizeof buf, pipe)) > 0;) r.out.append(buf, got);
    r.code = exit_code(pclose(pipe));
    return r;
}

inline std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// A path under the temporary directory, unique to this test process and
// `name`, with nothing there (a run's --out creates it).
inline std::filesystem::path fresh_dir(const std::string& name) {
    const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("rbsynth-" + std::to_string(getpid()) + "-" + name);
    std::filesystem::remove_all(dir);
    return dir;
}

// A fresh directory per test, removed with everything in it.
class TempDir {
public:
    TempDir() {
        char tmpl[] = "/tmp/rbsynth-cli-XXXXXX";
        REQUIRE(mkdtemp(tmpl) != nullptr);
        dir_ = tmpl;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() { CHECK(std::system(("rm -rf " + shell_quote(dir_)).c_str()) == 0); }
    std::string operator/(const std::string& name) const { return dir_ + "/" + name; }

private:
    std::string dir_;
};

}  // namespace cli
