#include "tool/report.hpp"

#include <fmt/core.h>

#include "explorer/trace_json.hpp"
#include "explorer/trace_text.hpp"
#include "tool/exit_codes.hpp"

namespace rbsynth::tool {

using nlohmann::json;

std::string si(double x) {
    if (x >= 1e9) return fmt::format("{:.2f}G", x / 1e9);
    if (x >= 1e6) return fmt::format("{:.2f}M", x / 1e6);
    if (x >= 1e3) return fmt::format("{:.1f}k", x / 1e3);
    return fmt::format("{:.0f}", x);
}

std::string bytes(double x) {
    if (x >= 1024.0 * 1024 * 1024) return fmt::format("{:.2f} GiB", x / (1024.0 * 1024 * 1024));
    if (x >= 1024.0 * 1024) return fmt::format("{:.1f} MiB", x / (1024.0 * 1024));
    if (x >= 1024.0) return fmt::format("{:.1f} KiB", x / 1024.0);
    return fmt::format("{:.0f} B", x);
}

int exit_code_of(Verdict v) {
    switch (v) {
    case Verdict::Holds: return exit_code::kHolds;
    case Verdict::Violated: return exit_code::kViolated;
    case Verdict::Incomplete: return exit_code::kIncomplete;
    }
    return exit_code::kInternal;
}

json to_json(const Model& model, const CheckResult& r) {
    const SearchStats& s = r.stats;
    const Config& c = model.config();
    json j = {
        {"algorithm", model.algorithm().name},
        {"faults", to_string(c.faults)},
        {"n", c.n},
        {"f", c.f},
        {"values", c.values},
        {"threads", s.threads},
        {"verdict", to_string(r.verdict)},
        {"property", r.verdict == Verdict::Violated ? json(to_string(r.property)) : json(nullptr)},
        {"limit", r.verdict == Verdict::Incomplete && r.limit != Limit::None ? json(to_string(r.limit)) : json(nullptr)},
        {"states", s.states},
        {"states_complete", r.count_complete},
        {"reduction", r.reduction.str()},
        {"initial_states", s.initial_states},
        {"transitions", s.transitions},
        {"fair_terminal_states", s.fair_terminal},
        {"resumed_states", s.resumed},
        {"seconds", s.seconds},
        {"states_per_second", s.states_per_second()},
        {"transitions_per_second", s.transitions_per_second()},
        {"vector_bits", s.vector_bits},
        {"vector_bytes", s.vector_bytes},
        {"store_bytes", s.store_bytes},
        {"bytes_per_state", s.bytes_per_state()},
        {"peak_memory_bytes", s.peak_memory_bytes},
        {"trace", r.trace ? steps_to_json(model, *r.trace) : json(nullptr)},
    };
    if (!r.note.empty()) j["note"] = r.note;
    return j;
}

std::string progress_line(const SearchStats& s) {
    return fmt::format("{:6.1f}s  {} states  {} transitions  {}/s  store {}", s.seconds, si(double(s.states)),
                       si(double(s.transitions)), si(s.states_per_second()), bytes(double(s.store_bytes)));
}

std::string human_report(const Model& model, const CheckResult& r, bool verbose) {
    const SearchStats& s = r.stats;
    std::string verdict = to_string(r.verdict);
    if (r.verdict == Verdict::Violated) verdict += " (" + to_string(r.property) + ")";
    if (r.verdict == Verdict::Incomplete) verdict += " (limit: " + to_string(r.limit) + ")";
    std::string out;
    out += model.config().headline(model.algorithm().name) + "\n";
    out += fmt::format("verdict        {}\n", verdict);
    out += fmt::format("states         {}{}{}\n", s.states,
                       r.reduction.any() ? " stored under reduction '" + r.reduction.str() + "'" : "",
                       r.count_complete ? "" : " (partial: the search stopped early)");
    out += fmt::format("transitions    {}\n", s.transitions);
    out += fmt::format("fair-terminal  {}\n", s.fair_terminal);
    out += fmt::format("time           {:.3f} s, {} states/s, {} transitions/s, {} thread{}\n", s.seconds,
                       si(s.states_per_second()), si(s.transitions_per_second()), s.threads,
                       s.threads == 1 ? "" : "s");
    out += fmt::format("memory         store {} ({:.1f} bytes/state, vector {} bits = {} bytes), peak {}\n",
                       bytes(double(s.store_bytes)), s.bytes_per_state(), s.vector_bits, s.vector_bytes,
                       bytes(double(s.peak_memory_bytes)));
    if (!r.note.empty()) out += fmt::format("note           {}\n", r.note);
    if (r.trace) {
        out += fmt::format("counterexample ({} steps, {} violated at the end):\n", r.trace->steps.size(),
                           to_string(r.trace->property));
        out += trace_text(model, view_trace(model, *r.trace), verbose);
    }
    return out;
}

std::string sizes_text(const std::vector<Config>& configs) {
    // As the user would write them: 3..7 when consecutive, else 4,6.
    std::string sizes;
    bool consecutive = true;
    for (std::size_t i = 0; i < configs.size(); ++i) {
        sizes += fmt::format("{}{}", i ? "," : "", configs[i].n);
        consecutive &= i == 0 || configs[i].n == configs[i - 1].n + 1;
    }
    if (consecutive && configs.size() > 1) return fmt::format("{}..{}", configs.front().n, configs.back().n);
    return sizes;
}

std::string f_text(const std::vector<Config>& configs) {
    for (const Config& c : configs)
        if (c.f != configs.front().f) return "per row";
    return std::to_string(configs.front().f);
}

std::string table_title(const std::string& algorithm, const std::vector<Config>& configs) {
    const Config& c = configs.front();
    return fmt::format("{} under {} N={} F={} V={}", algorithm, faults_phrase(c.faults), sizes_text(configs),
                       f_text(configs), c.values);
}

std::string table_header() {
    return fmt::format("{:>2} {:>2} {:>2}  {:<10} {:<10} {:>12} {:>13} {:>9}\n", "N", "F", "V", "verdict",
                       "property", "states", "transitions", "seconds");
}

std::string table_row(const Model& model, const CheckResult& r) {
    const Config& c = model.config();
    std::string prop = r.verdict == Verdict::Violated     ? to_string(r.property)
                       : r.verdict == Verdict::Incomplete ? to_string(r.limit)
                                                          : "-";
    return fmt::format("{:>2} {:>2} {:>2}  {:<10} {:<10} {:>12}{} {:>13} {:>9.3f}\n", c.n, c.f, c.values,
                       to_string(r.verdict), prop, r.stats.states, r.count_complete ? " " : "+",
                       r.stats.transitions, r.stats.seconds);
}

}  // namespace rbsynth::tool
