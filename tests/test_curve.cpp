// The learning curve's SVG, read back: both panels have tick labels on both
// axes, and the reward panel's moving average is the trailing mean of the
// episode rewards (checked through the plot's own tick labels) and is
// smoother than the raw series drawn behind it.
#include <algorithm>
#include <regex>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "learner/report.hpp"

namespace rbsynth {
namespace {

struct Tick {
    double at;     // the pixel coordinate the label sits at
    double value;  // the number it shows
};

// The tick labels of one axis ('x' or 'y'), in document order.
std::vector<Tick> ticks(const std::string& svg, char axis) {
    const std::regex re(std::string("<text class='tick-label ") + axis +
                        "' x='([-0-9.]+)' y='([-0-9.]+)'[^>]*>([-0-9.]+)</text>");
    std::vector<Tick> out;
    for (std::sregex_iterator it(svg.begin(), svg.end(), re), end; it != end; ++it)
        out.push_back({std::stod((*it)[axis == 'x' ? 1 : 2]), std::stod((*it)[3])});
    return out;
}

// The points of the polyline with this class.
std::vector<std::pair<double, double>> polyline(const std::string& svg, const std::string& cls) {
    const std::regex re("<polyline class='" + cls + "'[^>]* points='([^']*)'");
    std::smatch m;
    REQUIRE_MESSAGE(std::regex_search(svg, m, re), "no polyline of class " << cls);
    std::vector<std::pair<double, double>> out;
    const std::string pts = m[1];
    const std::regex pair_re("([-0-9.]+),([-0-9.]+)");
    for (std::sregex_iterator it(pts.begin(), pts.end(), pair_re), end; it != end; ++it)
        out.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
    return out;
}

// A noisy reward: a deterministic pseudo-random jump of +-6 around a slow
// rise, and a best cost that improves twice.
std::vector<CurvePoint> noisy_curve(int episodes) {
    std::vector<CurvePoint> c;
    for (int i = 0; i < episodes; ++i) {
        CurvePoint p;
        p.reward = static_cast<float>((i * 7919 % 13) - 6 + i / 500);
        p.best_cost = i < 100 ? 0.0f : i < 600 ? 40.0f : 27.0f;
        c.push_back(p);
    }
    return c;
}

double spread(const std::vector<std::pair<double, double>>& pts) {
    auto [lo, hi] = std::minmax_element(pts.begin(), pts.end(), [](auto& a, auto& b) { return a.second < b.second; });
    return hi->second - lo->second;
}

}  // namespace

TEST_CASE("curve.svg: tick labels on both axes of both panels") {
    const std::string svg = curve_svg(noisy_curve(1000), "test");
    const auto xs = ticks(svg, 'x'), ys = ticks(svg, 'y');
    // Two panels, each with the episode axis 0 .. 1000 and at least three
    // labelled values, evenly spaced and increasing.
    REQUIRE(xs.size() >= 6);
    CHECK(xs.front().value == 0);
    CHECK(std::count_if(xs.begin(), xs.end(), [](const Tick& t) { return t.value == 1000; }) == 2);
    REQUIRE(ys.size() >= 6);
    for (std::size_t i = 1; i < xs.size(); ++i)
        if (xs[i].value > xs[i - 1].value) CHECK(xs[i].at > xs[i - 1].at);
    CHECK(svg.find(">episode</text>") != std::string::npos);
    CHECK(svg.find(">reward</text>") != std::string::npos);
    CHECK(svg.find(">cost</text>") != std::string::npos);
}

TEST_CASE("curve.svg: the moving average is the trailing mean of the rewards, smoother than the raw series") {
    const auto curve = noisy_curve(1000);
    const std::string svg = curve_svg(curve, "test");
    const std::size_t window = moving_average_window(curve.size());
    CHECK(window == 20);
    CHECK(svg.find("moving average of 20 episodes") != std::string::npos);
    const auto average = polyline(svg, "moving-average"), raw = polyline(svg, "raw-reward");
    REQUIRE(average.size() >= 100);
    // Past its first windows (where it averages fewer episodes).
    const std::vector<std::pair<double, double>> settled(average.begin() + average.size() / 10, average.end());
    CHECK(spread(settled) < spread(raw) / 2);

    // Pixel to value through the reward panel's y tick labels (the last
    // ones in the document; each label sits 3 px below its grid line).
    const auto ys = ticks(svg, 'y');
    std::vector<Tick> panel;
    for (std::size_t i = ys.size(); i-- > 0 && (panel.empty() || ys[i].value < panel.back().value);)
        panel.push_back(ys[i]);
    REQUIRE(panel.size() >= 3);
    const Tick hi = panel.front(), lo = panel.back();
    auto value_at = [&](double y) {
        return lo.value + (hi.value - lo.value) * ((y + 3) - lo.at) / (hi.at - lo.at);
    };
    double mean = 0;
    for (std::size_t i = curve.size() - window; i < curve.size(); ++i) mean += curve[i].reward;
    mean /= double(window);
    CHECK(value_at(average.back().second) == doctest::Approx(mean).epsilon(0.02));
}

TEST_CASE("curve.svg: an empty run still draws both framed panels") {
    const std::string svg = curve_svg({}, "empty");
    CHECK(svg.rfind("<svg", 0) == 0);
    CHECK(ticks(svg, 'x').size() >= 4);
    CHECK(svg.find("class='moving-average'") == std::string::npos);
}

}  // namespace rbsynth
