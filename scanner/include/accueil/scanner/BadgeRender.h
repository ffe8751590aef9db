// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/Error.h>
#include <accueil/scanner/FrameView.h>

#include <string>

namespace accueil::scanner {

/// What is printed on a badge. All text is UTF-8; Latin, Greek and Cyrillic are drawn with
/// Noto Sans (characters the font lacks come out as empty boxes).
struct BadgePrintData {
    std::string token; ///< the QR code's text (an AC1 token, or any payload)
    std::string givenName;
    std::string familyName;
    std::string delegation;   ///< e.g. "Switzerland", "UNODA", "ICRC"
    std::string category;     ///< e.g. "State Party", "Observer", "Press"
    std::string meetingDates; ///< e.g. "10–14 August 2026"
    std::string eventTitle;
};

/// Where to find the fonts and how big the badge is.
struct BadgeLayout {
    int width = 1240; ///< A6 portrait at 300 dpi
    int height = 1748;
    std::string regularFont = "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf";
    std::string boldFont = "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf";
};

/// Draws a badge in grey: event title, name, delegation, category, the QR code (error
/// correction M, 4-module quiet zone, about 60 % of the width) and the meeting dates. Long
/// lines are set smaller to fit. Errors: NotFound (font missing), BadData (font unreadable),
/// InvalidArgument (empty token, token too long, layout too small). Any thread.
Result<GreyFrame> RenderBadge(const BadgePrintData& data, const BadgeLayout& layout = {});

/// RenderBadge, written as an 8-bit grey PNG at path (stb_image_write). Errors: as
/// RenderBadge, plus Io when the file cannot be written. Any thread.
Result<void> RenderBadgePng(const BadgePrintData& data, const std::string& path,
                            const BadgeLayout& layout = {});

/// RenderBadge as a one-page PDF (Cairo) ready to print: the page is the badge's size at
/// 300 dpi (A6 by default) and carries the badge's pixels as they are, drawn without
/// smoothing, so the QR code's modules keep sharp edges at any printer resolution. Errors: as
/// RenderBadge, plus Io when the file cannot be written. Any thread.
Result<void> RenderBadgePdf(const BadgePrintData& data, const std::string& path,
                            const BadgeLayout& layout = {});

/// Writes a grey frame as PNG. Errors: Io. Any thread.
Result<void> WritePng(const GreyFrame& frame, const std::string& path);

} // namespace accueil::scanner
