// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/Error.h>
#include <accueil/scanner/FrameView.h>

#include <string_view>

namespace accueil::scanner {

/// Draws text as a QR code (error correction M, mode chosen by ZXing: alphanumeric for badge
/// tokens) in black on white, modulePixels per module, with a quiet zone of quietModules on
/// each side. Errors: InvalidArgument (empty text, sizes out of range, text too long for a
/// QR code). Any thread.
Result<GreyFrame> RenderQr(std::string_view text, int modulePixels, int quietModules = 4);

/// The number of modules per side of the QR code RenderQr would draw (no quiet zone), i.e.
/// 17 + 4 × version. Errors as RenderQr.
Result<int> QrModules(std::string_view text);

} // namespace accueil::scanner
