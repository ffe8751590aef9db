// SPDX-License-Identifier: Apache-2.0
#include "Fonts.h"

#include <imgui.h>

#include <array>
#include <filesystem>

namespace accueil::kiosk::app {

namespace {

// Latin-1, Latin Extended-A/B, IPA-free; Greek and Coptic; Cyrillic and its supplement;
// Latin Extended Additional (Vietnamese); punctuation, currency, the ellipsis and dashes.
constexpr std::array<ImWchar, 17> kNameRanges = {
    0x0020, 0x024F, 0x0370, 0x03FF, 0x0400, 0x052F, 0x1E00, 0x1EFF, 0x2000,
    0x206F, 0x20A0, 0x20BF, 0x2190, 0x2193, 0x2212, 0x2212, 0,
};

// Arabic letters and the presentation forms FriBidi shapes them into (Forms-A letters for
// Persian and Urdu, Forms-B for Arabic and the lam-alef ligatures); not the rare ligatures.
constexpr std::array<ImWchar, 7> kArabicRanges = {0x0600, 0x06FF, 0xFB50, 0xFBFF,
                                                  0xFE70, 0xFEFE, 0};

} // namespace

Result<Fonts> LoadFonts(ImFontAtlas& atlas, const std::string& catalogText, float scale,
                        const FontFiles& files) {
    for (const std::string& path : {files.regular, files.bold}) {
        if (!std::filesystem::exists(path)) {
            return MakeError(ErrorKind::Config,
                             "font " + path + " is missing (install the fonts-noto-core package)");
        }
    }
    // The atlas is the kiosk's biggest allocation (CPU while building, then the GPU texture):
    // no rounding of its height up to a power of two.
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    ImFontConfig config;
    config.OversampleH = 1; // large sizes need no horizontal oversampling; saves atlas memory
    config.OversampleV = 1;
    config.PixelSnapH = true;

    const bool arabic =
        std::filesystem::exists(files.arabicRegular) && std::filesystem::exists(files.arabicBold);
    // Each size: the Latin/Greek/Cyrillic font, with Arabic merged into the same ImFont.
    auto add = [&](bool bold, float px) {
        ImFont* font = atlas.AddFontFromFileTTF((bold ? files.bold : files.regular).c_str(),
                                                px * scale, &config, kNameRanges.data());
        if (font != nullptr && arabic) {
            ImFontConfig merge = config;
            merge.MergeMode = true;
            atlas.AddFontFromFileTTF((bold ? files.arabicBold : files.arabicRegular).c_str(),
                                     px * scale, &merge, kArabicRanges.data());
        }
        return font;
    };
    Fonts fonts;
    fonts.body = add(false, 34.0f); // first = ImGui's default font
    fonts.small = add(false, 26.0f);
    fonts.large = add(true, 52.0f);
    fonts.name = add(true, 76.0f);

    // The headline only ever shows catalog words: build its glyph list from them.
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas.GetGlyphRangesDefault());
    builder.AddText(catalogText.c_str(), catalogText.c_str() + catalogText.size());
    auto ranges = std::make_shared<ImVector<ImWchar>>();
    builder.BuildRanges(ranges.get());
    fonts.headlineRanges = ranges;
    fonts.headline =
        atlas.AddFontFromFileTTF(files.bold.c_str(), 128.0f * scale, &config, ranges->Data);
    if (fonts.body == nullptr || fonts.small == nullptr || fonts.large == nullptr ||
        fonts.name == nullptr || fonts.headline == nullptr) {
        return MakeError(ErrorKind::Config, "a Noto font could not be read");
    }
    if (!atlas.Build()) {
        return MakeError(ErrorKind::Config, "the font atlas could not be built");
    }
    return fonts;
}

} // namespace accueil::kiosk::app
