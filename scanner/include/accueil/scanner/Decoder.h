// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/FrameView.h>

#include <cstdint>
#include <string>
#include <vector>

namespace accueil::scanner {

/// How hard Decode tries. The defaults are tuned for a kiosk camera: QR only, one code per
/// frame, large frames read at half size first (see tests/bench/scanner for the figures).
struct DecodeOptions {
    bool qrOnly = true;       ///< false: every format ZXing knows
    bool tryHarder = true;    ///< ZXing's tryHarder in the half-size pass
    bool tryDownscale = true; ///< ZXing's own pyramid in the half-size pass
    int halfSizeAbove = 1000; ///< frames wider than this are first read 2x subsampled…
    /// …and, at DecodeEffort::Quick, again at full size only if that decoded nothing and either
    /// it saw a code it could not decode (fallbackOnlyIfSeen) or always (= false).
    bool fullSizeFallback = true;
    bool fallbackOnlyIfSeen = true; ///< keeps Quick frames without any code at half-size cost
    int maxSymbols = 1;             ///< the half-size pass stops after this many codes
    /// LiveEffort: every fullEffortEvery-th frame of a stream gets DecodeEffort::Full.
    int fullEffortEvery = 5;
};

/// What one Decode call may spend.
enum class DecodeEffort {
    /// Frames wider than halfSizeAbove at half size, at full size only as the options say:
    /// the cost of most live frames, but it misses small codes a full-size read would find.
    Quick,
    /// The half-size pass (when the frame is wide), then, if it read nothing, a full-size
    /// pass with ZXing's own hints but for maxSymbols: reads what plain ZXing with the same
    /// formats reads (tests/scanner/CameraPhotoTest checks it photo by photo). For still
    /// images and every few live frames.
    Full,
};

/// The effort for frame number sequence of a live stream (Frame::sequence): Full on every
/// options.fullEffortEvery-th frame (from frame 0; every frame if it is 1 or less), Quick
/// otherwise. A code held still in view for fullEffortEvery frames gets one Full read.
DecodeEffort LiveEffort(std::uint64_t sequence, const DecodeOptions& options = {});

/// One code found in a frame.
struct DecodedCode {
    std::string text;   ///< UTF-8 as decoded by ZXing
    std::string format; ///< e.g. "QRCode"
    int centerX = 0;    ///< centre of the code, in frame pixels
    int centerY = 0;
};

/// Finds and decodes the codes in a frame, without copying it (YUYV frames are read through
/// their Y samples, RGB/BGR/RGBA through ZXing's own luminance). An empty frame gives an
/// empty list. A live loop passes LiveEffort(frame.sequence, options); a still image the
/// default, Full. Never throws; any thread, concurrently (no shared state).
std::vector<DecodedCode> Decode(const FrameView& frame, const DecodeOptions& options = {},
                                DecodeEffort effort = DecodeEffort::Full);

} // namespace accueil::scanner
