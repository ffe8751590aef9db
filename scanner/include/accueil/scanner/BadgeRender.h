// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/Error.h>
#include <accueil/scanner/FrameView.h>

#include <memory>
#include <string>
#include <vector>

namespace accueil::scanner {

/// What is printed on a badge. All text is UTF-8, in any script: it is shaped by HarfBuzz
/// (through Pango), laid out right to left where the script is, and drawn with Noto Sans and
/// whichever installed font fontconfig finds for a character Noto Sans lacks (Noto Sans Arabic,
/// Noto Sans CJK SC, Noto Sans Devanagari…).
struct BadgePrintData {
    std::string token; ///< the QR code's text (an AC1 token, or any payload)
    std::string givenName;
    std::string familyName;
    std::string delegation;   ///< e.g. "Switzerland", "UNODA", "ICRC"
    std::string category;     ///< e.g. "State Party", "Observer", "Press"
    std::string meetingDates; ///< e.g. "10–14 August 2026"
    std::string eventTitle;
};

/// How big the badge is, in pixels at 300 dpi, and its typeface.
struct BadgeLayout {
    int width = 1240; ///< A6 portrait at 300 dpi (105 × 148 mm)
    int height = 1748;
    /// A Pango family list; characters none of them has fall back through fontconfig.
    std::string fontFamilies =
        "Noto Sans, Noto Sans Arabic, Noto Sans Devanagari, Noto Sans CJK SC";

    /// A badge of widthMm × heightMm at 300 dpi, e.g. 105 × 148 for A6.
    static BadgeLayout FromMillimetres(double widthMm, double heightMm);
};

/// Draws a badge in grey: event title, name (family name first when both names are Chinese
/// characters), delegation, category, the QR code (error correction M, 4-module quiet zone,
/// whole pixels per module, about 60 % of the width) and the meeting dates. Long lines are set
/// smaller to fit. Errors: InvalidArgument (empty token, token too long, layout too small).
/// Any thread.
Result<GreyFrame> RenderBadge(const BadgePrintData& data, const BadgeLayout& layout = {});

/// The characters of the badge's text that no installed font can draw (they would print as
/// empty boxes), each once, in the order met. Any thread.
std::vector<char32_t> MissingGlyphs(const BadgePrintData& data, const BadgeLayout& layout = {});

/// RenderBadge, written as an 8-bit grey PNG at path (stb_image_write). Errors: as
/// RenderBadge, plus Io when the file cannot be written. Any thread.
Result<void> RenderBadgePng(const BadgePrintData& data, const std::string& path,
                            const BadgeLayout& layout = {});

/// A print-ready PDF of badges, one a page (Cairo). The text is vector text, drawn by the same
/// code as RenderBadge's; the QR code is an image marked /Interpolate false, so no viewer or
/// printer smooths its modules. With crop marks, each page is 8 mm larger on every side than
/// the badge and marks its corners, for a guillotine. The file is whole once finish() returns;
/// until then it is written at path + ".part". One thread at a time.
class BadgePdf {
public:
    /// Errors: InvalidArgument (layout out of range), Io (cannot write).
    static Result<BadgePdf> create(const std::string& path, const BadgeLayout& layout = {},
                                   bool cropMarks = false);
    BadgePdf(BadgePdf&& other) noexcept;
    BadgePdf& operator=(BadgePdf&& other) noexcept;
    BadgePdf(const BadgePdf&) = delete;
    BadgePdf& operator=(const BadgePdf&) = delete;
    ~BadgePdf(); ///< without finish(), removes the partial file

    /// One more page. Errors: as RenderBadge; nothing is added then.
    Result<void> add(const BadgePrintData& data);
    /// Writes the file whole and gives it its name. Errors: Io.
    Result<void> finish();
    int pages() const;

private:
    struct State;
    explicit BadgePdf(std::unique_ptr<State> state);
    std::unique_ptr<State> m_state;
};

/// One badge as a one-page PDF: BadgePdf with a single page. Errors: as BadgePdf.
Result<void> RenderBadgePdf(const BadgePrintData& data, const std::string& path,
                            const BadgeLayout& layout = {});

/// Writes a grey frame as PNG. Errors: Io. Any thread.
Result<void> WritePng(const GreyFrame& frame, const std::string& path);

} // namespace accueil::scanner
