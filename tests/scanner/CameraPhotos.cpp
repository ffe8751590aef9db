// SPDX-License-Identifier: Apache-2.0
#include "CameraPhotos.h"

#include "ImageDegrade.h"

#include <accueil/scanner/BadgeRender.h>

#define ZX_USE_UTF8
#include <ZXing/DecodeHints.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <string_view>

namespace accueil::scanner::testing {

namespace {

using Corners = std::array<std::array<double, 2>, 4>;

/// An AC1 token's shape: the prefix and base32 upper case, 150–178 characters (a signed
/// badge with short to long names; 178 fills QR version 7 at error correction M).
std::string BadgeLikePayload(std::mt19937& rng) {
    constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    const int length = std::uniform_int_distribution<int>(150, 178)(rng);
    std::string text = "AC1";
    std::uniform_int_distribution<int> pick(0, 31);
    while (static_cast<int>(text.size()) < length) {
        text.push_back(kBase32[static_cast<std::size_t>(pick(rng))]);
    }
    return text;
}

/// Where the corners of a w x h card land: turned by spin in the picture plane, tilted by
/// tilt about an in-plane axis at axisAngle, seen by a pinhole camera whose focal length is
/// focal pixels, centred on (cx, cy). All angles in radians.
Corners ProjectCard(double w, double h, double spin, double tilt, double axisAngle, double focal,
                    double cx, double cy) {
    const std::array<std::array<double, 2>, 4> card = {
        {{-w / 2, -h / 2}, {w / 2, -h / 2}, {w / 2, h / 2}, {-w / 2, h / 2}}};
    const double ax = std::cos(axisAngle);
    const double ay = std::sin(axisAngle);
    const double c = std::cos(tilt);
    const double s = std::sin(tilt);
    Corners out{};
    for (std::size_t i = 0; i < 4; ++i) {
        const double x = card[i][0] * std::cos(spin) - card[i][1] * std::sin(spin);
        const double y = card[i][0] * std::sin(spin) + card[i][1] * std::cos(spin);
        // Rodrigues' rotation of (x, y, 0) about the unit axis (ax, ay, 0).
        const double along = x * ax + y * ay;
        const double rx = x * c + along * ax * (1 - c);
        const double ry = y * c + along * ay * (1 - c);
        const double rz = (ax * y - ay * x) * s;
        const double depth = focal + rz;
        out[i] = {cx + focal * rx / depth, cy + focal * ry / depth};
    }
    return out;
}

/// The badge, scaled close to its size in the photo (box filtered, so the perspective
/// warp that follows does not alias) and drawn in perspective into the scene.
std::string PlaceBadge(GreyFrame& scene, const GreyFrame& badge, std::mt19937& rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double width = scene.width * (0.15 + 0.15 * unit(rng));
    const GreyFrame small = Scale(badge, width / badge.width);
    const double spin = 2 * M_PI * unit(rng);
    const double tilt = 50.0 * M_PI / 180.0 * unit(rng);
    const double axis = 2 * M_PI * unit(rng);
    const double margin = small.height / 2.0 + 4;
    const double cx = margin + (scene.width - 2 * margin) * unit(rng);
    const double cy = std::clamp(margin + (scene.height - 2 * margin) * unit(rng),
                                 scene.height * 0.3, scene.height * 0.7);
    const Corners corners = ProjectCard(small.width, small.height, spin, tilt, axis,
                                        static_cast<double>(scene.width), cx, cy);
    PerspectiveOnto(scene, small, corners);
    return "badge " + std::to_string(std::lround(width)) + " px wide, turned " +
           std::to_string(std::lround(spin * 180 / M_PI)) + ", tilted " +
           std::to_string(std::lround(tilt * 180 / M_PI)) + " deg";
}

/// Motion blur, glare and low light, each with some probability; then JPEG at quality 30.
GreyFrame Degrade(GreyFrame frame, std::mt19937& rng, std::string& how) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    if (unit(rng) < 0.5) {
        const int length = 2 + static_cast<int>(7 * unit(rng));
        frame = MotionBlur(frame, length, 180 * unit(rng));
        how += ", motion blur " + std::to_string(length) + " px";
    }
    if (unit(rng) < 0.4) {
        // One draw per statement: the order of a call's arguments is unspecified.
        const double radius = frame.height * (0.05 + 0.15 * unit(rng));
        const double x = frame.width * unit(rng);
        const double y = frame.height * unit(rng);
        const double strength = 120 + 120 * unit(rng);
        frame = Glare(frame, x, y, radius, strength);
        how += ", glare";
    }
    if (unit(rng) < 0.3) {
        const double gain = 0.3 + 0.3 * unit(rng);
        const double sigma = 4 + 8 * unit(rng);
        frame = AddNoise(Darken(frame, gain, 5), sigma, static_cast<unsigned>(rng()));
        how += ", low light";
    } else {
        const double sigma = 2 + 3 * unit(rng);
        frame = AddNoise(frame, sigma, static_cast<unsigned>(rng()));
    }
    return JpegRoundTrip(frame, 30);
}

} // namespace

GreyFrame ClutteredScene(int width, int height, unsigned seed) {
    std::mt19937 rng(seed);
    GreyFrame f;
    f.width = width;
    f.height = height;
    f.pixels.resize(static_cast<std::size_t>(width) * height);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            f.at(x, y) = static_cast<std::uint8_t>(60 + (x * 90) / width + (y * 50) / height);
        }
    }
    std::uniform_int_distribution<int> px(0, width - 1);
    std::uniform_int_distribution<int> py(0, height - 1);
    std::uniform_int_distribution<int> grey(20, 235);
    for (int i = 0; i < 40; ++i) {
        const int x0 = px(rng);
        const int y0 = py(rng);
        const int w = std::max(4, width / 4 * grey(rng) / 255);
        const int h = std::max(4, height / 4 * grey(rng) / 255);
        const auto g = static_cast<std::uint8_t>(grey(rng));
        for (int y = y0; y < std::min(height, y0 + h); ++y) {
            for (int x = x0; x < std::min(width, x0 + w); ++x) {
                f.at(x, y) = g;
            }
        }
    }
    for (int i = 0; i < 300; ++i) { // short dark strokes, like print in the background
        const int x0 = px(rng);
        const int y0 = py(rng);
        const int len = 3 + grey(rng) / 10;
        for (int k = 0; k < len && x0 + k < width; ++k) {
            f.at(x0 + k, y0) = 15;
        }
    }
    return AddNoise(f, 6.0, seed + 1);
}

CameraPhoto MakeCameraPhoto(int width, int height, unsigned seed) {
    std::mt19937 rng(seed);
    CameraPhoto photo;
    BadgePrintData print;
    print.token = BadgeLikePayload(rng);
    print.givenName = "Aminata";
    print.familyName = "Diallo";
    print.delegation = "Senegal";
    print.category = "State Party";
    print.meetingDates = "10–14 August 2026";
    print.eventTitle = "Meeting of the States Parties";
    auto badge = RenderBadge(print);
    if (!badge) {
        return photo;
    }
    GreyFrame scene = ClutteredScene(width, height, static_cast<unsigned>(rng()));
    photo.how = PlaceBadge(scene, *badge, rng);
    photo.frame = Degrade(std::move(scene), rng, photo.how);
    photo.text = print.token;
    return photo;
}

std::vector<std::string> Texts(const std::vector<DecodedCode>& codes) {
    std::vector<std::string> texts;
    texts.reserve(codes.size());
    for (const auto& code : codes) {
        texts.push_back(code.text);
    }
    return texts;
}

std::vector<std::string> ReadWithPlainZXing(const GreyFrame& frame) {
    const ZXing::ImageView view(frame.pixels.data(), frame.width, frame.height,
                                ZXing::ImageFormat::Lum);
    std::vector<std::string> texts;
    for (const auto& r :
         ZXing::ReadBarcodes(view, ZXing::DecodeHints().setFormats(ZXing::BarcodeFormat::QRCode))) {
        if (r.isValid()) {
            texts.push_back(r.text());
        }
    }
    return texts;
}

} // namespace accueil::scanner::testing
