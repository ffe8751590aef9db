// SPDX-License-Identifier: Apache-2.0
#include "Fonts.h"

#include <accueil/core/Text.h>
#include <accueil/scanner/BadgeRender.h>

#include <fcntl.h>
#include <imgui.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <filesystem>
#include <map>

namespace accueil::kiosk::app {

namespace {

// Latin-1, Latin Extended-A/B, IPA-free; Greek and Coptic; Cyrillic and its supplement;
// Latin Extended Additional (Vietnamese); punctuation, currency, the ellipsis and dashes.
// Always there, so a name read from a badge not yet on the list still shows.
constexpr std::array<ImWchar, 16> kNameRanges = {
    0x0020, 0x024F, 0x0370, 0x03FF, 0x0400, 0x052F, 0x1E00, 0x1EFF,
    0x2000, 0x206F, 0x20A0, 0x20BF, 0x2190, 0x2193, 0x2212, 0x2212,
};

// Arabic letters and the presentation forms FriBidi shapes them into (Forms-A letters for
// Persian and Urdu, Forms-B for Arabic and the lam-alef ligatures); not the rare ligatures.
constexpr std::array<ImWchar, 6> kArabicRanges = {0x0600, 0x06FF, 0xFB50, 0xFBFF, 0xFE70, 0xFEFE};

// The last code point an ImWchar holds: Debian's ImGui is built with 16-bit ImWchar. Lines
// with characters beyond it are set by Pango instead (ShapedText.h).
constexpr char32_t kLastDrawable = 0xFFFF;

// A font file mapped read-only: stb_truetype reads only the tables and glyphs it needs, so of
// a 20 MB CJK collection only the touched pages count in memory, and they go with the map.
class FontData {
public:
    explicit FontData(const std::string& path) {
        // NOLINTNEXTLINE(cppcoreguidelines-pro-type-vararg): open(2) is variadic
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            return;
        }
        struct stat st {};
        if (::fstat(fd, &st) == 0 && st.st_size > 0) {
            void* mapped = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ,
                                  MAP_PRIVATE, fd, 0);
            if (mapped != MAP_FAILED) {
                m_data = mapped;
                m_size = static_cast<std::size_t>(st.st_size);
            }
        }
        ::close(fd);
    }
    FontData(const FontData&) = delete;
    FontData& operator=(const FontData&) = delete;
    ~FontData() {
        if (m_data != nullptr) {
            ::munmap(m_data, m_size);
        }
    }
    void* data() const { return m_data; }
    std::size_t size() const { return m_size; }

private:
    void* m_data = nullptr;
    std::size_t m_size = 0;
};

// A font file's bytes, mapped once however many sizes use it; empty when it cannot be read.
const FontData& ReadFont(std::map<std::string, FontData>& cache, const std::string& path) {
    return cache.try_emplace(path, path).first->second;
}

// ImGui's range list (pairs, then 0) for `glyphs` and the fixed ranges.
ImVector<ImWchar> RangesFor(const GlyphSet& glyphs, bool withFixedRanges) {
    GlyphSet all = glyphs;
    if (withFixedRanges) {
        for (std::size_t i = 0; i < kNameRanges.size(); i += 2) {
            for (char32_t c = kNameRanges[i]; c <= kNameRanges[i + 1]; ++c) {
                all.add(c);
            }
        }
        for (std::size_t i = 0; i < kArabicRanges.size(); i += 2) {
            for (char32_t c = kArabicRanges[i]; c <= kArabicRanges[i + 1]; ++c) {
                all.add(c);
            }
        }
    }
    ImVector<ImWchar> ranges;
    for (char32_t c : all.codePoints()) {
        if (c > kLastDrawable) {
            break; // ascending: the rest is beyond what ImWchar holds
        }
        const auto w = static_cast<ImWchar>(c);
        if (!ranges.empty() && ranges.back() + 1 == static_cast<int>(w)) {
            ranges.back() = w;
        } else {
            ranges.push_back(w);
            ranges.push_back(w);
        }
    }
    ranges.push_back(0);
    return ranges;
}

// Arabic drawn at the same visual size as Latin: at the same pixel size Noto Sans Arabic's
// alef is 338/1000 high where Noto Sans's capital H is 524 and its "l" 558 (stb_truetype's
// metrics, both fonts scaled to the same ascent + descent), so Arabic looked a third smaller.
// Its glyphs are made at 1.5 times the size; ImGui keeps every merged glyph on the Latin
// baseline.
constexpr float kArabicScale = 1.5f;

// One size: Noto Sans, then each other font merged into the same ImFont. ImGui gives a code
// point to the first font that has it and skips it in the others.
struct SizeBuilder {
    ImFontAtlas& atlas;
    std::map<std::string, FontData>& files;
    const FontFiles& paths;
    float scale;

    ImFont* add(bool bold, float px, const ImVector<ImWchar>& ranges) {
        ImFontConfig config;
        config.OversampleH = 1; // large sizes need no horizontal oversampling; saves memory
        config.OversampleV = 1;
        config.PixelSnapH = true;
        ImFont* font = addOne(bold ? paths.bold : paths.regular, 0, px, config, ranges);
        if (font == nullptr) {
            return nullptr;
        }
        config.MergeMode = true;
        addOne(bold ? paths.arabicBold : paths.arabicRegular, 0, px * kArabicScale, config, ranges);
        addOne(bold ? paths.devanagariBold : paths.devanagariRegular, 0, px, config, ranges);
        addOne(bold ? paths.cjkBold : paths.cjkRegular, paths.cjkFace, px, config, ranges);
        return font;
    }

    ImFont* addOne(const std::string& path, int face, float px, ImFontConfig config,
                   const ImVector<ImWchar>& ranges) {
        const FontData& data = ReadFont(files, path);
        if (data.data() == nullptr) {
            return nullptr;
        }
        config.FontNo = face;
        // ImGui 1.86 copies font bytes it does not own (20 MB a size for the CJK collection),
        // so it is handed the mapped file as its own, then told it is not, so that it neither
        // copies nor frees it. It only reads the bytes.
        config.FontDataOwnedByAtlas = true;
        ImFont* font = atlas.AddFontFromMemoryTTF(data.data(), static_cast<int>(data.size()),
                                                  px * scale, &config, ranges.Data);
        atlas.ConfigData.back().FontDataOwnedByAtlas = false;
        return font;
    }
};

} // namespace

Result<FontAtlas> BuildFontAtlas(const GlyphNeeds& needs, float scale, const FontFiles& files) {
    const auto started = std::chrono::steady_clock::now();
    for (const std::string& path : {files.regular, files.bold}) {
        if (!std::filesystem::exists(path)) {
            return MakeError(ErrorKind::Config,
                             "font " + path + " is missing (install the fonts-noto-core package)");
        }
    }
    FontAtlas out;
    out.atlas = std::make_unique<ImFontAtlas>();
    ImFontAtlas& atlas = *out.atlas;
    // The atlas is the kiosk's biggest allocation (CPU while building, then the GPU texture):
    // no rounding of its height up to a power of two, and no mouse cursors (a touch kiosk).
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight | ImFontAtlasFlags_NoMouseCursors;

    GlyphSet catalog;
    for (const std::string& text : needs.catalogTexts) {
        catalog.addDrawnText(text);
    }
    out.asked = needs.names;
    out.asked.merge(catalog);
    const ImVector<ImWchar> textRanges = RangesFor(out.asked, true);
    GlyphSet headline;
    for (const std::string& text : needs.headlineTexts) {
        headline.addDrawnText(text);
    }
    for (char32_t c = 0x20; c < 0x7F; ++c) {
        headline.add(c);
    }
    const ImVector<ImWchar> headlineRanges = RangesFor(headline, false);

    std::map<std::string, FontData> data; // every font file, mapped until the build is done
    SizeBuilder sizes{atlas, data, files, scale};
    Fonts& fonts = out.fonts;
    fonts.body = sizes.add(false, 34.0f, textRanges); // first = ImGui's default font
    fonts.small = sizes.add(false, 26.0f, textRanges);
    fonts.large = sizes.add(true, 52.0f, textRanges);
    fonts.name = sizes.add(true, 76.0f, textRanges);
    fonts.headline = sizes.add(true, 128.0f, headlineRanges);
    if (fonts.body == nullptr || fonts.small == nullptr || fonts.large == nullptr ||
        fonts.name == nullptr || fonts.headline == nullptr) {
        return MakeError(ErrorKind::Config, "the Noto Sans fonts " + files.regular + " and " +
                                                files.bold + " could not be read");
    }
    if (!atlas.Build()) {
        return MakeError(ErrorKind::Config, "the font atlas could not be built");
    }
    // The fonts' bytes (tens of MB with CJK) are no longer needed once rasterised.
    atlas.ClearInputData();
    // Beyond U+FFFF the screens set the text with Pango (ShapedText), which draws whatever an
    // installed font has: those are missing only if no font has them.
    scanner::BadgePrintData beyond;
    for (char32_t c : out.asked.codePoints()) {
        if (c > kLastDrawable) {
            core::AppendUtf8(beyond.givenName, c);
        } else if (fonts.body->FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) {
            out.missing.push_back(c);
        }
    }
    if (!beyond.givenName.empty()) {
        for (char32_t c : scanner::MissingGlyphs(beyond)) {
            out.missing.push_back(c);
        }
    }
    for (const ImFont* font : atlas.Fonts) {
        out.glyphs += font->Glyphs.Size;
    }
    out.buildMillis =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return out;
}

std::size_t TextureBytes(const ImFontAtlas& atlas) {
    return static_cast<std::size_t>(atlas.TexWidth) * static_cast<std::size_t>(atlas.TexHeight);
}

} // namespace accueil::kiosk::app
