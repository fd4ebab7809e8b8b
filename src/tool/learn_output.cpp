#include "tool/learn_output.hpp"

#include <fstream>

#include <fmt/core.h>

#include "learner/report.hpp"
#include "model/error.hpp"
#include "tool/exit_codes.hpp"

namespace rbsynth::tool {

Progress::Progress(const Learner& learner, bool enabled, bool tty)
    : learner_(learner), enabled_(enabled), tty_(tty), start_(std::chrono::steady_clock::now()),
      shown_(start_), first_episode_(learner.stats().episodes) {}

void Progress::update(bool last) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (!last && now - shown_ < std::chrono::milliseconds(tty_ ? 200 : 5000)) return;
    shown_ = now;
    const int done = learner_.stats().episodes, total = learner_.options().episodes;
    const double spent = std::chrono::duration<double>(now - start_).count();
    const double rate = spent > 0 ? (done - first_episode_) / spent : 0;
    const int eta = rate > 0 ? static_cast<int>((total - done) / rate) : 0;
    const int width = 20, filled = total ? width * done / total : width;
    const ValidationStats& v = learner_.validation();
    fmt::print(stderr, "episode {}/{} [{}{}] best {} | cache {:.0f}% | rejected by replay/cache/search "
               "{}/{}/{} | {:.0f} checks/s | ETA {}:{:02}{}", done,
               total, std::string(filled, '#'), std::string(width - filled, '.'),
               learner_.best() ? fmt::format("{:.4g}", learner_.best()->cost.value) : "-", 100 * v.hit_rate(),
               v.rejected_replay, v.rejected_cache, v.rejected_search,
               spent > 0 ? v.checks / spent : 0.0, eta / 60, eta % 60, tty_ && !last ? "\x1b[K\r" : "\n");
    std::fflush(stderr);
}

void write_file(const std::string& path, const std::string& text, const std::string& flag) {
    std::ofstream out(path);
    out << text;
    if (!out) throw Error(fmt::format("{}: cannot write '{}'", flag, path));
}

namespace {

void print_found(const char* what, const FoundAlgorithm& f) {
    fmt::print("{} (first found in episode {}):\n{}", what, f.episode, to_string(f.alg));
    fmt::print("  messages {}, steps {}, delivery threshold {}, cost {:.4g}\n", f.cost.messages, f.cost.steps,
               f.cost.threshold, f.cost.value);
}

void print_table(const std::vector<ResilienceRow>& table) {
    fmt::print("resilience of the best algorithm:\n");
    for (const ResilienceRow& r : table)
        fmt::print("  {:<28} {}{}\n", r.config.str(), to_string(r.result.verdict),
                   r.result.verdict == Verdict::Violated && r.result.property != Property::None
                       ? " (" + to_string(r.result.property) + ")"
                       : r.result.verdict == Verdict::Incomplete ? " (" + to_string(r.result.limit) + ")" : "");
}

}  // namespace

std::string learn_headline(const LearnerOptions& o) {
    std::vector<int> sizes = o.validate;
    sizes.insert(sizes.end(), o.final_validate.begin(), o.final_validate.end());
    std::string fs;
    for (int n : sizes) fs += fmt::format("{}{}", fs.empty() ? "" : ",", Config::default_f(o.faults, n));
    std::string ns;
    for (int n : sizes) ns += fmt::format("{}{}", ns.empty() ? "" : ",", n);
    return fmt::format("learn under {} V={}, validated at N={} (F={}), {} episodes, seed {}",
                       faults_phrase(o.faults), o.values, ns, fs, o.episodes, o.seed);
}

int finish_run(Learner& learner, const std::string& out, double table_time, bool quiet) {
    fmt::print("{}\n", learn_headline(learner.options()));
    const std::optional<FoundAlgorithm> greedy = learner.greedy();
    std::vector<ResilienceRow> table;
    if (learner.best()) {
        ExplorerOptions e;
        e.threads = learner.options().threads;
        e.time_limit = table_time;
        e.counterexample = false;
        table = resilience(learner.best()->alg, learner.options(), {3, 4, 5, 6, 7, 8}, e);
        write_file(out + "/best.alg", to_string(learner.best()->alg), "--out");
    }
    write_file(out + "/report.json", learner_report(learner, greedy, table).dump(2) + "\n", "--out");
    write_file(out + "/curve.csv", curve_csv(learner.curve()), "--out");
    write_file(out + "/curve.svg",
               curve_svg(learner.curve(), fmt::format("rbsynth {}", learn_headline(learner.options()))),
               "--out");
    const ValidationStats& v = learner.validation();
    if (!quiet)
        fmt::print("{} episodes in {:.1f} s: {} candidates, {} distinct ({} hold, {} violated, {} incomplete), "
                   "cache hit rate {:.0f}%, {} explorer runs at {:.3g} states/s; rejected by replay {}, cache {}, "
                   "search {} ({} counterexamples kept)\n",
                   learner.stats().episodes, learner.stats().seconds, v.candidates, v.holds + v.violated + v.incomplete,
                   v.holds, v.violated, v.incomplete, 100 * v.hit_rate(), v.checks, v.states_per_second(),
                   v.rejected_replay, v.rejected_cache, v.rejected_search, learner.counterexamples().size());
    if (!learner.best()) {
        fmt::print("no correct algorithm found; results in {}/\n", out);
        return exit_code::kIncomplete;
    }
    print_found("best algorithm", *learner.best());
    if (greedy && to_string(greedy->alg) != to_string(learner.best()->alg)) print_found("greedy policy's algorithm", *greedy);
    print_table(table);
    fmt::print("results in {}/ (best.alg, report.json, curve.csv, curve.svg)\n", out);
    return exit_code::kHolds;
}

}  // namespace rbsynth::tool
