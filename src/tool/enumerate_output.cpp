#include "tool/enumerate_output.hpp"

#include <filesystem>

#include <fmt/core.h>

#include "enumerate/report.hpp"
#include "tool/exit_codes.hpp"
#include "tool/learn_output.hpp"

namespace rbsynth::tool {

EnumerateProgress::EnumerateProgress(const Enumeration& e, bool enabled, bool tty)
    : e_(e), enabled_(enabled), tty_(tty), start_(std::chrono::steady_clock::now()), shown_(start_),
      first_done_(e.done()) {}

void EnumerateProgress::update(bool last) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!last && now - shown_ < std::chrono::milliseconds(tty_ ? 200 : 5000)) return;
    shown_ = now;
    const std::size_t done = e_.done(), total = e_.classes();
    const double spent = std::chrono::duration<double>(now - start_).count();
    const double rate = spent > 0 ? double(done - first_done_) / spent : 0;
    const long eta = rate > 0 ? static_cast<long>(double(total - done) / rate) : 0;
    const std::size_t width = 20, filled = total ? width * done / total : width;
    fmt::print(stderr, "classes {}/{} [{}{}] {} hold | {:.0f} classes/s | ETA {}:{:02}{}", done, total,
               std::string(filled, '#'), std::string(width - filled, '.'), e_.holds(), rate, eta / 60, eta % 60,
               tty_ && !last ? "\x1b[K\r" : "\n");
    std::fflush(stderr);
}

namespace {

// What a class over the bound has: "more than 2 steps", "a cost above 23", or both.
std::string bound_text(const EnumerateOptions& own) {
    std::string out;
    if (own.max_steps > 0) out = fmt::format("more than {} steps", own.max_steps);
    if (own.max_cost > 0) out += fmt::format("{}a cost above {:g}", out.empty() ? "" : " or ", own.max_cost);
    return out;
}

void print_summary(const Enumeration& e, const EnumerationSummary& s, double seconds, int threads, int ranks) {
    const LanguageStats& l = e.language().stats();
    fmt::print("language: {} candidates in {} classes ({})\n", l.candidates, e.classes(), e.settings());
    const EnumerateOptions& own = e.own_options();
    const std::string given =
        own.counterexamples.empty() ? "" : fmt::format(", {} along the given counterexamples", s.given_rejected);
    fmt::print("checked {} classes in {:.1f} s ({} threads x {} ranks): {} hold, {} violated "
               "({} integrity, {} agreement, {} validity, {} threshold not positive; {} by the quick rejection{}), "
               "{} incomplete\n",
               s.checked, seconds, threads, ranks, s.holds, s.violated, s.violated_by.integrity,
               s.violated_by.agreement, s.violated_by.validity, s.violated_by.input_error, s.quick_rejected, given,
               s.incomplete);
    const std::string bound = bound_text(own);
    if (own.bounded())
        fmt::print("BOUND: {} classes whose failure-free run takes {} were not validated (neither correct nor "
                   "violated); everything below is about the {} classes within the bound\n",
                   s.over_bound, bound, s.checked - s.over_bound);
    if (s.incomplete_classes.size() > 20) {
        fmt::print("  {} incomplete classes (never counted as correct): listed in report.json\n", s.incomplete);
    } else {
        for (std::uint32_t i : s.incomplete_classes)
            fmt::print("  incomplete (never counted as correct): class {}: {}\n", i, one_line(e.language().algorithm(i)));
    }
    if (!s.least_cost) {
        fmt::print("no correct algorithm in the language{}; {}\n",
                   own.bounded() ? fmt::format(" within the bound (not: {})", bound) : "",
                   s.incomplete == 0 ? "proven (every class has a verdict)"
                                     : fmt::format("NOT proven: {} incomplete classes", s.incomplete));
        return;
    }
    fmt::print("least cost {:g}: {} correct algorithm(s); {}\n", *s.least_cost, s.least.size(),
               s.optimum_proven() && own.bounded() && own.bound_keeps_optimum()
                   ? "optimal in the whole language (no incomplete class is cheaper; every class left out costs more)"
               : s.optimum_proven() && own.bounded()
                   ? "optimal within the bound (no incomplete class there is cheaper)"
               : s.optimum_proven() ? "optimal in the language (no incomplete class is cheaper)"
                                  : fmt::format("NOT proven optimal: {} incomplete classes could be cheaper",
                                                s.undercutting.size()));
    fmt::print("cost distribution of the {} correct:", s.holds);
    for (const auto& [c, n] : s.cost_distribution) fmt::print(" {:g}:{}", c, n);
    fmt::print("\nsteps distribution:");
    for (const auto& [k, n] : s.steps_distribution) fmt::print(" {}:{}", k, n);
    fmt::print("\nleast steps of a correct algorithm: {}; {}\n", *s.least_steps,
               s.least_steps_proven() ? "no incomplete class could have fewer"
                                      : fmt::format("NOT proven: {} incomplete classes could have fewer",
                                                    s.steps_undercutting.size()));
}

}  // namespace

int finish_enumeration(const Enumeration& e, const std::string& out, double seconds, int threads, int ranks,
                       bool quiet) {
    const EnumerationSummary s = summarize(e);
    std::filesystem::create_directories(out);
    // Least-cost files of an earlier run in the same directory would pass for this run's.
    for (const auto& entry : std::filesystem::directory_iterator(out)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("least-cost-", 0) == 0 && entry.path().extension() == ".alg") std::filesystem::remove(entry.path());
    }
    const nlohmann::json report = enumeration_report(e, s, seconds);
    write_file(out + "/report.json", report.dump(2) + "\n", "--out");
    write_file(out + "/correct.csv", correct_csv(e, s), "--out");
    for (std::size_t k = 0; k < s.least.size(); ++k) {
        Algorithm alg = e.language().algorithm(s.least[k]);
        alg.name = fmt::format("least-cost-{}", k + 1);
        write_file(fmt::format("{}/least-cost-{}.alg", out, k + 1), to_string(alg), "--out");
        if (!quiet) {
            const nlohmann::json& j = report.at("least_cost_algorithms").at(k);
            fmt::print("least-cost-{}.alg (class {}): messages {}, steps {}, delivery threshold {}, cost {:g}\n{}",
                       k + 1, s.least[k], j.at("messages").get<std::int64_t>(), j.at("steps").get<int>(),
                       j.at("threshold").get<std::int64_t>(), j.at("cost").get<double>(), to_string(alg));
        }
    }
    print_summary(e, s, seconds, threads, ranks);
    fmt::print("results in {}/ (report.json, correct.csv{})\n", out, s.least.empty() ? "" : ", least-cost-*.alg");
    // 0: every class decided, or the least cost proven despite incomplete classes.
    return s.checked == e.classes() && s.optimum_proven() ? exit_code::kHolds : exit_code::kIncomplete;
}

}  // namespace rbsynth::tool
