// SPDX-License-Identifier: Apache-2.0
#include "ImageDegrade.h"

#include <turbojpeg.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace accueil::scanner::testing {

namespace {

GreyFrame Blank(int width, int height, std::uint8_t fill) {
    GreyFrame f;
    f.width = width;
    f.height = height;
    f.pixels.assign(static_cast<std::size_t>(width) * height, fill);
    return f;
}

std::uint8_t Clamp(double v) {
    return static_cast<std::uint8_t>(std::clamp(v + 0.5, 0.0, 255.0));
}

/// Bilinear sample; outside the image gives fill.
double Sample(const GreyFrame& in, double x, double y, std::uint8_t fill) {
    const double fx = std::floor(x);
    const double fy = std::floor(y);
    const int x0 = static_cast<int>(fx);
    const int y0 = static_cast<int>(fy);
    if (x0 < -1 || y0 < -1 || x0 >= in.width || y0 >= in.height) {
        return fill;
    }
    const auto px = [&](int xx, int yy) -> double {
        if (xx < 0 || yy < 0 || xx >= in.width || yy >= in.height) {
            return fill;
        }
        return in.at(xx, yy);
    };
    const double ax = x - fx;
    const double ay = y - fy;
    return (px(x0, y0) * (1 - ax) + px(x0 + 1, y0) * ax) * (1 - ay) +
           (px(x0, y0 + 1) * (1 - ax) + px(x0 + 1, y0 + 1) * ax) * ay;
}

} // namespace

GreyFrame Rotate(const GreyFrame& in, double degrees, std::uint8_t fill) {
    const double a = degrees * M_PI / 180.0;
    const double c = std::cos(a);
    const double s = std::sin(a);
    const int w = static_cast<int>(std::ceil(std::abs(in.width * c) + std::abs(in.height * s)));
    const int h = static_cast<int>(std::ceil(std::abs(in.width * s) + std::abs(in.height * c)));
    GreyFrame out = Blank(w, h, fill);
    const double icx = in.width / 2.0;
    const double icy = in.height / 2.0;
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            const double dx = x + 0.5 - w / 2.0;
            const double dy = y + 0.5 - h / 2.0;
            // Inverse rotation: where in the source does this output pixel come from?
            const double sx = c * dx + s * dy + icx - 0.5;
            const double sy = -s * dx + c * dy + icy - 0.5;
            out.at(x, y) = Clamp(Sample(in, sx, sy, fill));
        }
    }
    return out;
}

GreyFrame Scale(const GreyFrame& in, double factor) {
    const int w = std::max(1, static_cast<int>(in.width * factor));
    const int h = std::max(1, static_cast<int>(in.height * factor));
    GreyFrame out = Blank(w, h, 255);
    for (int y = 0; y < h; ++y) {
        for (int x = 0; x < w; ++x) {
            if (factor >= 1) {
                out.at(x, y) =
                    Clamp(Sample(in, (x + 0.5) / factor - 0.5, (y + 0.5) / factor - 0.5, 255));
                continue;
            }
            const int x0 = static_cast<int>(x / factor);
            const int y0 = static_cast<int>(y / factor);
            const int x1 = std::min(in.width, std::max(x0 + 1, static_cast<int>((x + 1) / factor)));
            const int y1 =
                std::min(in.height, std::max(y0 + 1, static_cast<int>((y + 1) / factor)));
            long sum = 0;
            for (int yy = y0; yy < y1; ++yy) {
                for (int xx = x0; xx < x1; ++xx) {
                    sum += in.at(xx, yy);
                }
            }
            out.at(x, y) =
                static_cast<std::uint8_t>(sum / (static_cast<long>(x1 - x0) * (y1 - y0)));
        }
    }
    return out;
}

GreyFrame Blur(const GreyFrame& in, int radius, int passes) {
    GreyFrame cur = in;
    GreyFrame tmp = in;
    const int n = 2 * radius + 1;
    for (int p = 0; p < passes; ++p) {
        for (int y = 0; y < cur.height; ++y) {
            for (int x = 0; x < cur.width; ++x) {
                int sum = 0;
                for (int k = -radius; k <= radius; ++k) {
                    sum += cur.at(std::clamp(x + k, 0, cur.width - 1), y);
                }
                tmp.at(x, y) = static_cast<std::uint8_t>(sum / n);
            }
        }
        for (int y = 0; y < cur.height; ++y) {
            for (int x = 0; x < cur.width; ++x) {
                int sum = 0;
                for (int k = -radius; k <= radius; ++k) {
                    sum += tmp.at(x, std::clamp(y + k, 0, cur.height - 1));
                }
                cur.at(x, y) = static_cast<std::uint8_t>(sum / n);
            }
        }
    }
    return cur;
}

GreyFrame AddNoise(const GreyFrame& in, double sigma, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> noise(0.0, sigma);
    GreyFrame out = in;
    for (auto& p : out.pixels) {
        p = Clamp(p + noise(rng));
    }
    return out;
}

GreyFrame Darken(const GreyFrame& in, double gain, double offset) {
    GreyFrame out = in;
    for (auto& p : out.pixels) {
        p = Clamp(p * gain + offset);
    }
    return out;
}

void PerspectiveOnto(GreyFrame& dst, const GreyFrame& in,
                     const std::array<std::array<double, 2>, 4>& corners) {
    // Solve the homography H mapping destination points to source corners (8 unknowns).
    const auto inWidth = static_cast<double>(in.width);
    const auto inHeight = static_cast<double>(in.height);
    const std::array<std::array<double, 2>, 4> src = {
        {{0, 0}, {inWidth, 0}, {inWidth, inHeight}, {0, inHeight}}};
    std::array<std::array<double, 9>, 8> m{};
    for (std::size_t i = 0; i < 4; ++i) {
        const double X = corners[i][0];
        const double Y = corners[i][1];
        const double u = src[i][0];
        const double v = src[i][1];
        m[2 * i] = {X, Y, 1, 0, 0, 0, -u * X, -u * Y, u};
        m[2 * i + 1] = {0, 0, 0, X, Y, 1, -v * X, -v * Y, v};
    }
    for (int col = 0; col < 8; ++col) {
        int pivot = col;
        for (int r = col + 1; r < 8; ++r) {
            if (std::abs(m[r][col]) > std::abs(m[pivot][col])) {
                pivot = r;
            }
        }
        std::swap(m[col], m[pivot]);
        for (int r = 0; r < 8; ++r) {
            if (r != col) {
                const double f = m[r][col] / m[col][col];
                for (int k = col; k < 9; ++k) {
                    m[r][k] -= f * m[col][k];
                }
            }
        }
    }
    std::array<double, 9> h{};
    for (int i = 0; i < 8; ++i) {
        h[i] = m[i][8] / m[i][i];
    }
    h[8] = 1;
    for (int y = 0; y < dst.height; ++y) {
        for (int x = 0; x < dst.width; ++x) {
            const double w = h[6] * x + h[7] * y + h[8];
            const double sx = (h[0] * x + h[1] * y + h[2]) / w;
            const double sy = (h[3] * x + h[4] * y + h[5]) / w;
            if (w > 0 && sx >= 0 && sy >= 0 && sx < in.width && sy < in.height) {
                // At the edge the image blends with what is already there.
                const std::uint8_t under = dst.at(x, y);
                dst.at(x, y) = Clamp(Sample(in, sx - 0.5, sy - 0.5, under));
            }
        }
    }
}

GreyFrame Perspective(const GreyFrame& in, const std::array<std::array<double, 2>, 4>& corners,
                      int width, int height, std::uint8_t fill) {
    GreyFrame out = Blank(width, height, fill);
    PerspectiveOnto(out, in, corners);
    return out;
}

void Composite(GreyFrame& dst, const GreyFrame& src, int x, int y) {
    for (int j = 0; j < src.height; ++j) {
        const int dy = y + j;
        if (dy < 0 || dy >= dst.height) {
            continue;
        }
        for (int i = 0; i < src.width; ++i) {
            const int dx = x + i;
            if (dx >= 0 && dx < dst.width) {
                dst.at(dx, dy) = src.at(i, j);
            }
        }
    }
}

GreyFrame MotionBlur(const GreyFrame& in, int length, double degrees) {
    if (length <= 1) {
        return in;
    }
    const double a = degrees * M_PI / 180.0;
    std::vector<std::array<int, 2>> offsets;
    for (int k = 0; k < length; ++k) {
        const double t = k - (length - 1) / 2.0;
        offsets.push_back({static_cast<int>(std::lround(t * std::cos(a))),
                           static_cast<int>(std::lround(t * std::sin(a)))});
    }
    GreyFrame out = in;
    for (int y = 0; y < in.height; ++y) {
        for (int x = 0; x < in.width; ++x) {
            int sum = 0;
            for (const auto& o : offsets) {
                sum += in.at(std::clamp(x + o[0], 0, in.width - 1),
                             std::clamp(y + o[1], 0, in.height - 1));
            }
            out.at(x, y) = static_cast<std::uint8_t>(sum / length);
        }
    }
    return out;
}

GreyFrame Glare(const GreyFrame& in, double x, double y, double radius, double strength) {
    GreyFrame out = in;
    const double r2 = 2 * radius * radius;
    for (int j = 0; j < in.height; ++j) {
        for (int i = 0; i < in.width; ++i) {
            const double d2 = (i - x) * (i - x) + (j - y) * (j - y);
            if (d2 < 9 * r2) {
                out.at(i, j) = Clamp(in.at(i, j) + strength * std::exp(-d2 / r2));
            }
        }
    }
    return out;
}

GreyFrame JpegRoundTrip(const GreyFrame& in, int quality) {
    tjhandle compressor = tjInitCompress();
    unsigned char* jpeg = nullptr;
    unsigned long size = 0;
    GreyFrame out = in;
    if (tjCompress2(compressor, in.pixels.data(), in.width, in.width, in.height, TJPF_GRAY, &jpeg,
                    &size, TJSAMP_GRAY, quality, 0) == 0) {
        tjhandle decompressor = tjInitDecompress();
        (void)tjDecompress2(decompressor, jpeg, size, out.pixels.data(), out.width, out.width,
                            out.height, TJPF_GRAY, 0);
        tjDestroy(decompressor);
    }
    tjFree(jpeg);
    tjDestroy(compressor);
    return out;
}

} // namespace accueil::scanner::testing
