#include "tool/sample_output.hpp"

#include <filesystem>

#include <fmt/core.h>

#include "enumerate/report.hpp"
#include "tool/exit_codes.hpp"
#include "tool/learn_output.hpp"

namespace rbsynth::tool {

namespace {

std::string hit_text(const Enumeration& e, const std::optional<SampleHit>& h) {
    if (!h) return "none";
    const ClassResult& r = h->result;
    return fmt::format("draw {} ({:.2f} s), class {}: cost {}, {} messages, {} steps, threshold {}\n    {}", h->draw,
                       h->seconds, h->class_index, r.cost_known ? fmt::format("{:g}", r.cost) : "unknown",
                       r.messages, r.steps, r.threshold, one_line(e.language().algorithm(h->class_index)));
}

void print_summary(const Enumeration& e, const SampleOptions& o, const SampleResult& r, double language_seconds) {
    const LanguageStats& l = e.language().stats();
    fmt::print("language: {} candidates in {} classes, built in {:.1f} s ({})\n", l.candidates, e.classes(),
               language_seconds, e.settings());
    fmt::print("uniform sampling of the classes, seed {}: {} draws of {} in {:.2f} s ({} threads): {} distinct "
               "classes validated ({} hold, {} violated, {} by the quick rejection, {} incomplete), {} cache hits\n",
               o.seed, r.draws, o.draws, r.seconds, o.threads, r.validated, r.holds, r.violated, r.quick_rejected,
               r.incomplete, r.draws - r.validated);
    fmt::print("first correct: {}\n", hit_text(e, r.first_correct));
    fmt::print("first of the least cost met: {}\n", hit_text(e, r.first_least));
    if (o.target_cost)
        fmt::print("target cost {:g}: {}\n", *o.target_cost,
                   r.reached_target ? fmt::format("reached at draw {}", r.draws)
                   : r.interrupted  ? std::string("not reached (interrupted)")
                                    : fmt::format("NOT reached within {} draws", o.draws));
    else if (r.interrupted)
        fmt::print("interrupted after {} draws\n", r.draws);
    fmt::print("the least cost met is no proof of optimality: `rbsynth enumerate` without --sample gives one\n");
}

}  // namespace

int run_sampling(Enumeration& e, const SampleOptions& o, const std::string& out, double language_seconds,
                 const std::atomic<bool>* stop) {
    const SampleResult r = sample(e, o, stop);
    std::filesystem::create_directories(out);
    write_file(out + "/report.json", sample_report(e, o, r, language_seconds).dump(2) + "\n", "--out");
    const std::string best = out + "/sample-best.alg";
    std::filesystem::remove(best);  // an earlier run's would pass for this one's
    if (r.first_least) {
        Algorithm alg = e.language().algorithm(r.first_least->class_index);
        alg.name = "sample-best";
        write_file(best, to_string(alg), "--out");
    }
    print_summary(e, o, r, language_seconds);
    fmt::print("results in {}/ (report.json{})\n", out, r.first_least ? ", sample-best.alg" : "");
    if (r.interrupted || (o.target_cost && !r.reached_target)) return exit_code::kIncomplete;
    return exit_code::kHolds;
}

}  // namespace rbsynth::tool
