// The learning curve as CSV and as an SVG plot. The plot is SVG written
// here: Debian packages no maintained C++ plotting library, and two panels
// of polylines with ticks need none. One episode's reward jumps between
// the bonus of a correct candidate and the penalty of a wrong one, so the
// reward panel draws a trailing moving average prominently and the raw
// values faintly behind it.
#include <algorithm>
#include <cmath>
#include <sstream>

#include <fmt/core.h>

#include "learner/report.hpp"

namespace rbsynth {

std::string curve_csv(const std::vector<CurvePoint>& curve) {
    std::string out = "episode,reward,best_cost\n";
    for (std::size_t i = 0; i < curve.size(); ++i)
        out += fmt::format("{},{:.6g},{}\n", i + 1, curve[i].reward,
                           curve[i].best_cost > 0 ? fmt::format("{:.6g}", curve[i].best_cost) : "");
    return out;
}

std::size_t moving_average_window(std::size_t episodes) {
    return std::clamp<std::size_t>(episodes / 50, 1, 500);
}

namespace {

using Points = std::vector<std::pair<double, double>>;  // (episode, value)

// An axis over [a, b] with "nice" ticks, 1, 2 or 5 times a power of ten,
// about six steps apart. A value axis widens to whole ticks; the episode
// axis (exact) keeps its range and ticks inside it.
struct Axis {
    double lo = 0, hi = 1, step = 1;

    Axis(double a, double b, bool exact) {
        if (!(b > a)) b = a + 1;
        const double raw = (b - a) / 6, mag = std::pow(10.0, std::floor(std::log10(raw)));
        const double f = raw / mag;
        step = (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
        lo = exact ? a : std::floor(a / step) * step;
        hi = exact ? b : std::ceil(b / step) * step;
    }
    double first_tick() const { return std::ceil(lo / step - 1e-9) * step; }
    std::string label(double v) const {
        const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
        std::string s = fmt::format("{:.{}f}", v, decimals);
        return s == "-0" ? "0" : s;
    }
};

Axis value_axis(const std::vector<const Points*>& series) {
    double lo = INFINITY, hi = -INFINITY;
    for (const Points* s : series)
        for (auto [x, y] : *s) lo = std::min(lo, y), hi = std::max(hi, y);
    return lo <= hi ? Axis(lo, hi, false) : Axis(0, 1, false);
}

// One framed panel; elements carry classes (tick-label, axis-label, the
// series' names) so that tests and other tools can read the plot back.
struct Panel {
    std::ostringstream& svg;
    int top;
    Axis x, y;
    static constexpr int kLeft = 80, kWidth = 640, kHeight = 170;

    double px(double v) const { return kLeft + kWidth * (v - x.lo) / (x.hi - x.lo); }
    double py(double v) const { return top + kHeight - kHeight * (v - y.lo) / (y.hi - y.lo); }

    void frame(const std::string& title, const std::string& y_label) const {
        svg << fmt::format("<text x='{}' y='{}' font-size='13'>{}</text>\n", kLeft, top - 8, title);
        svg << fmt::format("<rect x='{}' y='{}' width='{}' height='{}' fill='none' stroke='#777'/>\n", kLeft, top,
                           kWidth, kHeight);
        for (double v = x.first_tick(); v <= x.hi + x.step * 1e-9; v += x.step) {
            svg << fmt::format("<line x1='{0:.1f}' y1='{1}' x2='{0:.1f}' y2='{2}' stroke='#777'/>\n", px(v),
                               top + kHeight, top + kHeight + 5);
            svg << fmt::format("<text class='tick-label x' x='{:.1f}' y='{}' font-size='10' "
                               "text-anchor='middle'>{}</text>\n", px(v), top + kHeight + 17, x.label(v));
        }
        for (double v = y.first_tick(); v <= y.hi + y.step * 1e-9; v += y.step) {
            svg << fmt::format("<line x1='{}' y1='{:.1f}' x2='{}' y2='{:.1f}' stroke='#ddd'/>\n", kLeft, py(v),
                               kLeft + kWidth, py(v));
            svg << fmt::format("<text class='tick-label y' x='{}' y='{:.1f}' font-size='10' "
                               "text-anchor='end'>{}</text>\n", kLeft - 6, py(v) + 3, y.label(v));
        }
        svg << fmt::format("<text class='axis-label' x='{}' y='{}' font-size='11' text-anchor='middle' "
                           "transform='rotate(-90 {} {})'>{}</text>\n", 22, top + kHeight / 2, 22,
                           top + kHeight / 2, y_label);
        svg << fmt::format("<text class='axis-label' x='{}' y='{}' font-size='11' text-anchor='middle'>"
                           "episode</text>\n", kLeft + kWidth / 2, top + kHeight + 32);
    }

    void line(const Points& pts, const char* cls, const char* colour, double width, double opacity) const {
        if (pts.empty()) return;
        svg << fmt::format("<polyline class='{}' fill='none' stroke='{}' stroke-width='{}' stroke-opacity='{}' "
                           "points='", cls, colour, width, opacity);
        for (auto [ex, ey] : pts) svg << fmt::format("{:.1f},{:.1f} ", px(ex), py(ey));
        svg << "'/>\n";
    }

    void legend(int row, const char* colour, double width, double opacity, const std::string& text) const {
        const int lx = kLeft + kWidth - 250, ly = top + 14 + 14 * row;
        if (row == 0)  // a backing for the legend rows, over the series
            svg << fmt::format("<rect x='{}' y='{}' width='244' height='34' fill='white' fill-opacity='0.85'/>\n",
                               lx - 4, top + 3);
        svg << fmt::format("<line x1='{}' y1='{}' x2='{}' y2='{}' stroke='{}' stroke-width='{}' "
                           "stroke-opacity='{}'/>\n", lx, ly - 4, lx + 20, ly - 4, colour, width, opacity);
        svg << fmt::format("<text x='{}' y='{}' font-size='10'>{}</text>\n", lx + 26, ly, text);
    }
};

// At most `width` points: every k-th point of a smooth series (the last
// one always), or the mean of each run of k raw values.
Points sample(const std::vector<double>& v, std::size_t width, bool mean) {
    Points out;
    const std::size_t k = std::max<std::size_t>(1, (v.size() + width - 1) / width);
    for (std::size_t i = 0; i < v.size(); i += k) {
        const std::size_t end = std::min(v.size(), i + k);
        double y = v[end - 1];
        if (mean) {
            y = 0;
            for (std::size_t j = i; j < end; ++j) y += v[j];
            y /= double(end - i);
        }
        out.emplace_back(double(mean ? i + 1 : end), y);
    }
    return out;
}

}  // namespace

std::string curve_svg(const std::vector<CurvePoint>& curve, const std::string& title) {
    const std::size_t n = curve.size(), window = moving_average_window(n);
    std::vector<double> reward, average;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        reward.push_back(curve[i].reward);
        sum += curve[i].reward - (i >= window ? curve[i - window].reward : 0.0);
        average.push_back(sum / double(std::min(i + 1, window)));
    }
    Points best;  // a step line from the first correct algorithm on
    for (std::size_t i = 0; i < n; ++i) {
        const double c = curve[i].best_cost, x = double(i + 1);
        if (c <= 0) continue;
        if (!best.empty() && c != best.back().second) best.emplace_back(x, best.back().second);
        if (best.empty() || c != best.back().second || i + 1 == n) best.emplace_back(x, c);
    }
    const Points raw = sample(reward, 600, true), smooth = sample(average, 600, false);

    std::ostringstream svg;
    svg << "<svg xmlns='http://www.w3.org/2000/svg' width='760' height='540' font-family='sans-serif'>\n";
    svg << "<rect width='100%' height='100%' fill='white'/>\n";
    svg << fmt::format("<text x='20' y='22' font-size='12'>{}</text>\n", title);
    const Axis episodes(0, std::max<double>(1, double(n)), true);
    const Panel cost_panel{svg, 60, episodes, value_axis({&best})};
    cost_panel.frame("best cost of a correct algorithm so far (lower is better)", "cost");
    cost_panel.line(best, "best-cost", "#c0392b", 2, 1);
    const Panel reward_panel{svg, 320, episodes, value_axis({&raw, &smooth})};
    reward_panel.frame("episode reward", "reward");
    reward_panel.line(raw, "raw-reward", "#2c6fbb", 1, 0.25);
    reward_panel.line(smooth, "moving-average", "#1a3f73", 2.5, 1);
    reward_panel.legend(0, "#1a3f73", 2.5, 1, fmt::format("moving average of {} episodes", window));
    reward_panel.legend(1, "#2c6fbb", 1, 0.25,
                        fmt::format("per episode{}", raw.size() < n ? " (mean per plotted point)" : ""));
    svg << "</svg>\n";
    return svg.str();
}

}  // namespace rbsynth
