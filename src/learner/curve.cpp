// The learning curve as CSV and as an SVG plot. The plot is a few lines of
// SVG written here: Debian packages no maintained C++ plotting library, and
// two polylines need none.
#include <algorithm>
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

namespace {

// Bucket means, so that the plot has at most `width` points.
std::vector<std::pair<double, double>> buckets(const std::vector<CurvePoint>& c, bool cost, std::size_t width) {
    std::vector<std::pair<double, double>> out;
    const std::size_t step = std::max<std::size_t>(1, (c.size() + width - 1) / width);
    for (std::size_t i = 0; i < c.size(); i += step) {
        double sum = 0;
        std::size_t n = 0;
        for (std::size_t j = i; j < std::min(c.size(), i + step); ++j) {
            const double y = cost ? c[j].best_cost : c[j].reward;
            if (cost && y <= 0) continue;
            sum += y, ++n;
        }
        if (n) out.emplace_back(double(i + 1), sum / double(n));
    }
    return out;
}

void panel(std::ostringstream& svg, const std::vector<std::pair<double, double>>& pts, double episodes, int top,
           const std::string& label, const char* colour) {
    const int left = 70, w = 620, h = 160;
    svg << fmt::format("<rect x='{}' y='{}' width='{}' height='{}' fill='none' stroke='#999'/>\n", left, top, w, h);
    svg << fmt::format("<text x='{}' y='{}' font-size='12'>{}</text>\n", left, top - 6, label);
    if (pts.empty()) return;
    auto [lo, hi] = std::minmax_element(pts.begin(), pts.end(), [](auto& a, auto& b) { return a.second < b.second; });
    const double y0 = lo->second, y1 = hi->second > y0 ? hi->second : y0 + 1;
    svg << fmt::format("<text x='{}' y='{}' font-size='10' text-anchor='end'>{:.4g}</text>\n", left - 4, top + 10, y1);
    svg << fmt::format("<text x='{}' y='{}' font-size='10' text-anchor='end'>{:.4g}</text>\n", left - 4, top + h, y0);
    svg << fmt::format("<polyline fill='none' stroke='{}' stroke-width='1.5' points='", colour);
    for (auto [x, y] : pts)
        svg << fmt::format("{:.1f},{:.1f} ", left + w * (x - 1) / std::max(1.0, episodes - 1),
                           top + h - h * (y - y0) / (y1 - y0));
    svg << "'/>\n";
}

}  // namespace

std::string curve_svg(const std::vector<CurvePoint>& curve, const std::string& title) {
    std::ostringstream svg;
    svg << "<svg xmlns='http://www.w3.org/2000/svg' width='720' height='460' font-family='sans-serif'>\n";
    svg << "<rect width='100%' height='100%' fill='white'/>\n";
    svg << fmt::format("<text x='70' y='20' font-size='14'>{}</text>\n", title);
    const double episodes = double(curve.size());
    panel(svg, buckets(curve, true, 600), episodes, 50, "best cost of a correct algorithm so far", "#c0392b");
    panel(svg, buckets(curve, false, 600), episodes, 250, "episode reward (bucket mean)", "#2c6fbb");
    svg << fmt::format("<text x='380' y='440' font-size='12' text-anchor='middle'>episode (1 .. {})</text>\n",
                       curve.size());
    svg << "</svg>\n";
    return svg.str();
}

}  // namespace rbsynth
