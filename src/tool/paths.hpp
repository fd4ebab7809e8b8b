// The files a command reads and writes, checked before any work starts: a
// typo in an output path should cost a message (exit 64, naming the flag),
// not the result of an hour's search that then cannot be written.
#pragma once

#include <string>

namespace rbsynth::tool {

// An input file: it exists, is not a directory, and can be opened. `flag`
// names it in the message ("--resume", or the positional argument's role).
void require_input_file(const std::string& path, const std::string& flag);

// An output file: not a directory; either writable, or absent in a writable
// directory.
void require_output_file(const std::string& path, const std::string& flag);

// An output directory: a writable directory, or creatable (its nearest
// existing ancestor is a writable directory); created here.
void make_output_dir(const std::string& path, const std::string& flag);

// FILE for one size of a table, with the size before the extension:
// trace.json -> trace-n5.json, trace -> trace-n5.
std::string sized_path(const std::string& path, int n);

}  // namespace rbsynth::tool
