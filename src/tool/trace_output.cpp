#include "tool/trace_output.hpp"

#include <cstdio>
#include <fstream>

#include <fmt/core.h>

#include "explorer/trace_svg.hpp"
#include "model/error.hpp"
#include "tool/paths.hpp"

namespace rbsynth::tool {

namespace {

void write_file(const std::string& flag, const std::string& path, const std::string& text) {
    std::ofstream out(path);
    out << text;
    if (!out) throw Error(fmt::format("{}: cannot write '{}'", flag, path));
}

}  // namespace

void add_trace_output_flags(CLI::App* cmd, TraceOutputFlags& flags, bool sizes) {
    auto per_size = [sizes](const char* ext) {
        return sizes ? fmt::format("; with several sizes, one file per violated size: t.{0} -> t-n5.{0}", ext)
                     : std::string();
    };
    cmd->add_flag("--verbose", flags.verbose,
                  "With the counterexample, the state of every process after each step (received, sent, delivered)");
    cmd->add_option("--trace-svg", flags.svg,
                    "Draw the counterexample as a message sequence chart in this SVG file (built in: needs no "
                    "other program" + per_size("svg") + ")")
        ->type_name("FILE");
    cmd->add_option("--trace-msc", flags.msc,
                    "Write the same chart as mscgen input (render it with `mscgen -T svg -i FILE -o OUT.svg`, "
                    "which needs the Debian package mscgen" + per_size("msc") + ")")
        ->type_name("FILE");
}

void write_trace_drawings(const TraceOutputFlags& flags, const Model& model, const TraceView& view, bool per_size) {
    const int n = model.config().n;
    if (!flags.svg.empty())
        write_file("--trace-svg", per_size ? sized_path(flags.svg, n) : flags.svg, trace_svg(model, view));
    if (!flags.msc.empty())
        write_file("--trace-msc", per_size ? sized_path(flags.msc, n) : flags.msc, trace_msc(model, view));
}

void remove_trace_drawings(const TraceOutputFlags& flags) {
    if (!flags.svg.empty()) std::remove(flags.svg.c_str());
    if (!flags.msc.empty()) std::remove(flags.msc.c_str());
}

}  // namespace rbsynth::tool
