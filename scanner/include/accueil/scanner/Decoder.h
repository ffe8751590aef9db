// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/FrameView.h>

#include <string>
#include <vector>

namespace accueil::scanner {

/// How hard Decode tries. The defaults are tuned for a kiosk camera: QR only, one code per
/// frame, large frames read at half size first (see tests/bench/scanner for the figures).
struct DecodeOptions {
    bool qrOnly = true;       ///< false: every format ZXing knows
    bool tryHarder = true;    ///< ZXing's tryHarder (denser finder pattern search)
    bool tryDownscale = true; ///< ZXing's own pyramid when nothing is found at full size
    int halfSizeAbove = 1000; ///< frames wider than this are first read 2x subsampled…
    /// …and again at full size if that decoded nothing and either it saw a code it could not
    /// decode (fallbackOnlyIfSeen) or always (fallbackOnlyIfSeen = false).
    bool fullSizeFallback = true;
    bool fallbackOnlyIfSeen = true; ///< keeps frames without any code at half-size cost
    int maxSymbols = 1;             ///< stop after this many codes (1 enables tryDownscale)
};

/// One code found in a frame.
struct DecodedCode {
    std::string text;   ///< UTF-8 as decoded by ZXing
    std::string format; ///< e.g. "QRCode"
    int centerX = 0;    ///< centre of the code, in frame pixels
    int centerY = 0;
};

/// Finds and decodes the codes in a frame, without copying it (YUYV frames are read through
/// their Y samples, RGB/BGR/RGBA through ZXing's own luminance). An empty frame gives an
/// empty list. Never throws; any thread, concurrently (no shared state).
std::vector<DecodedCode> Decode(const FrameView& frame, const DecodeOptions& options = {});

} // namespace accueil::scanner
