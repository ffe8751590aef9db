// SPDX-License-Identifier: Apache-2.0
#pragma once

// Camera-like photos of a badge for tests and benchmarks, generated from a seed: the same
// seed gives the same photo on every machine (no files, no downloads).

#include <accueil/scanner/Decoder.h>
#include <accueil/scanner/FrameView.h>

#include <string>
#include <vector>

namespace accueil::scanner::testing {

/// A cluttered frame without a code: gradients, rectangles, text-like strokes, sensor noise.
GreyFrame ClutteredScene(int width, int height, unsigned seed);

/// A photo and the text of the badge's code in it.
struct CameraPhoto {
    GreyFrame frame;
    std::string text;
    std::string how; ///< the degradations drawn, for failure messages
};

/// A width x height photo of a badge (BadgeRender, with a random badge-length AC1-like
/// payload) on a cluttered scene: the badge is 15–30 % of the frame width, turned any
/// way in the picture plane, tilted away from the camera by up to 50°, and then, each
/// with some probability, motion-blurred, lit by a glare blob, darkened with noise; always
/// JPEG-compressed at quality 30. Empty frame if the fonts are missing.
CameraPhoto MakeCameraPhoto(int width, int height, unsigned seed);

/// The texts of the codes, in order.
std::vector<std::string> Texts(const std::vector<DecodedCode>& codes);

/// The fair baseline: plain ZXing::ReadBarcodes with DecodeHints().setFormats(QRCode), the
/// texts of the valid results.
std::vector<std::string> ReadWithPlainZXing(const GreyFrame& frame);

} // namespace accueil::scanner::testing
