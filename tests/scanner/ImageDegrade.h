// SPDX-License-Identifier: Apache-2.0
#pragma once

// Image degradations for tests and benchmarks: what a printed badge goes through between
// the printer and a kiosk camera. Simple and deterministic (seeded noise).

#include <accueil/scanner/FrameView.h>

#include <array>
#include <cstdint>

namespace accueil::scanner::testing {

/// Rotates by degrees about the centre (bilinear) onto a canvas that holds the whole image.
GreyFrame Rotate(const GreyFrame& in, double degrees, std::uint8_t fill = 255);
/// Scales by factor (< 1 averages source pixels per output pixel, > 1 is bilinear).
GreyFrame Scale(const GreyFrame& in, double factor);
/// Box blur of the given radius, repeated passes times (3 passes ≈ Gaussian).
GreyFrame Blur(const GreyFrame& in, int radius, int passes = 3);
/// Adds zero-mean noise of about sigma grey levels, seeded.
GreyFrame AddNoise(const GreyFrame& in, double sigma, unsigned seed = 42);
/// out = in * gain + offset, clamped (gain < 1 darkens and lowers contrast).
GreyFrame Darken(const GreyFrame& in, double gain, double offset = 0);
/// Maps the image's four corners (TL, TR, BR, BL) to the given points on a canvas of
/// width x height filled with fill (inverse homography, bilinear).
GreyFrame Perspective(const GreyFrame& in, const std::array<std::array<double, 2>, 4>& corners,
                      int width, int height, std::uint8_t fill = 128);
/// Perspective, drawn over dst instead of a blank canvas: only the pixels the image covers
/// change.
void PerspectiveOnto(GreyFrame& dst, const GreyFrame& in,
                     const std::array<std::array<double, 2>, 4>& corners);
/// Motion blur: the mean of length samples along a line at degrees (0 = horizontal).
GreyFrame MotionBlur(const GreyFrame& in, int length, double degrees);
/// Glare: adds up to strength grey levels in a Gaussian blob of the given radius at (x, y).
GreyFrame Glare(const GreyFrame& in, double x, double y, double radius, double strength);
/// Compresses as a grey JPEG of the given quality and decodes it back (libturbojpeg).
GreyFrame JpegRoundTrip(const GreyFrame& in, int quality);
/// Copies src into dst with its top-left corner at (x, y), clipped.
void Composite(GreyFrame& dst, const GreyFrame& src, int x, int y);

} // namespace accueil::scanner::testing
