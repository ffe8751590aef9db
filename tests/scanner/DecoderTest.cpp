// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/Decoder.h>
#include <accueil/scanner/FrameView.h>
#include <accueil/scanner/QrRender.h>

#include <gtest/gtest.h>
#include <turbojpeg.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace accueil::scanner;
namespace fs = std::filesystem;

namespace {

std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

/// A grey canvas with a QR code of text drawn at (x, y).
GreyFrame Scene(int width, int height, const std::string& text, int x, int y, int module = 4) {
    GreyFrame frame;
    frame.width = width;
    frame.height = height;
    frame.pixels.assign(static_cast<std::size_t>(width) * height, 180);
    const GreyFrame qr = *RenderQr(text, module);
    for (int j = 0; j < qr.height; ++j) {
        for (int i = 0; i < qr.width; ++i) {
            frame.at(x + i, y + j) = qr.at(i, j);
        }
    }
    return frame;
}

} // namespace

TEST(Decoder, ReadsTheZXingCorpusUpright) {
    const fs::path root = fs::path(ACCUEIL_TESTDATA_DIR) / "qr-zxing-cpp-1.4.0";
    ASSERT_TRUE(fs::is_directory(root)) << root;
    int total = 0;
    int read = 0;
    int wrong = 0;
    for (int d = 1; d <= 6; ++d) { // qrcode-7 is one structured-append code over 4 images
        for (const auto& entry : fs::directory_iterator(root / ("qrcode-" + std::to_string(d)))) {
            const fs::path& path = entry.path();
            if (path.extension() != ".png" && path.extension() != ".jpg") {
                continue;
            }
            fs::path expectedPath = path;
            expectedPath.replace_extension(".txt");
            if (!fs::exists(expectedPath)) {
                continue;
            }
            auto image = LoadImageFile(path.string());
            ASSERT_TRUE(image) << image.error().message;
            ++total;
            const auto codes = Decode(image->view());
            if (codes.empty()) {
                continue;
            }
            if (codes.front().text == ReadFile(expectedPath)) {
                ++read;
            } else {
                ++wrong;
                ADD_FAILURE() << "wrong text for " << path;
            }
        }
    }
    std::printf("corpus qrcode-1..6: %d of %d read, %d wrong\n", read, total, wrong);
    EXPECT_EQ(total, 162);
    EXPECT_GE(read, 145);
    EXPECT_EQ(wrong, 0);
}

TEST(Decoder, ReadsYuyvThroughTheYSamplesInPlace) {
    const GreyFrame grey = Scene(640, 480, "REG-00042", 200, 100);
    std::vector<std::uint8_t> yuyv(static_cast<std::size_t>(640) * 480 * 2);
    for (int y = 0; y < 480; ++y) {
        for (int x = 0; x < 640; ++x) {
            const std::size_t i = (static_cast<std::size_t>(y) * 640 + x) * 2;
            yuyv[i] = grey.at(x, y);
            yuyv[i + 1] = static_cast<std::uint8_t>((x * 7 + y * 13) & 0xFF); // chroma noise
        }
    }
    const FrameView view(yuyv.data(), 640, 480, PixelFormat::YUYV);
    EXPECT_EQ(view.pixStride(), 2);
    EXPECT_EQ(view.rowStride(), 1280);
    const auto codes = Decode(view);
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0].text, "REG-00042");
    const int halfCode = RenderQr("REG-00042", 4)->width / 2;
    EXPECT_NEAR(codes[0].centerX, 200 + halfCode, 8);
}

TEST(Decoder, ReadsColourFormatsAndLargeFrames) {
    const GreyFrame grey = Scene(1920, 1080, "AC1TEST", 900, 500, 6);
    std::vector<std::uint8_t> bgra(grey.pixels.size() * 4);
    for (std::size_t i = 0; i < grey.pixels.size(); ++i) {
        bgra[i * 4] = bgra[i * 4 + 1] = bgra[i * 4 + 2] = grey.pixels[i];
        bgra[i * 4 + 3] = 255;
    }
    const auto codes = Decode(FrameView(bgra.data(), 1920, 1080, PixelFormat::BGRA));
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0].text, "AC1TEST");
    EXPECT_TRUE(Decode(FrameView()).empty());
    std::vector<std::uint8_t> blank(std::size_t{640} * 480, 128);
    EXPECT_TRUE(Decode(FrameView(blank.data(), 640, 480, PixelFormat::Lum)).empty());
}

TEST(Decoder, SmallCodeInLargeFrameNeedsTheFullSizePass) {
    // Modules of 1 px lose every other row and column in a 2x subsampled view. A Quick read
    // runs the full-size pass only when the half-size pass located a code, so it misses this
    // one (the price of idle frames at half-size cost); a Full read finds it.
    const GreyFrame grey = Scene(1920, 1080, "REG-00042", 700, 400, 1);
    const DecodeOptions options;
    EXPECT_TRUE(Decode(grey.view(), options, DecodeEffort::Quick).empty());
    const auto codes = Decode(grey.view());
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0].text, "REG-00042");
    DecodeOptions always;
    always.fallbackOnlyIfSeen = false;
    EXPECT_EQ(Decode(grey.view(), always, DecodeEffort::Quick).size(), 1u);
    DecodeOptions never;
    never.fullSizeFallback = false;
    never.fallbackOnlyIfSeen = false;
    EXPECT_TRUE(Decode(grey.view(), never, DecodeEffort::Quick).empty());
    // Frames up to 1000 px wide are read at full size directly, whatever the effort.
    const GreyFrame vga = Scene(640, 480, "REG-00042", 200, 150, 1);
    ASSERT_EQ(Decode(vga.view(), options, DecodeEffort::Quick).size(), 1u);
}

TEST(Decoder, LiveStreamsGetAFullReadEveryFewFrames) {
    const GreyFrame grey = Scene(1920, 1080, "REG-00042", 700, 400, 1);
    DecodeOptions options;
    options.fullEffortEvery = 4;
    int read = 0;
    for (std::uint64_t sequence = 0; sequence < 12; ++sequence) {
        const DecodeEffort effort = LiveEffort(sequence, options);
        EXPECT_EQ(effort == DecodeEffort::Full, sequence % 4 == 0) << sequence;
        read += Decode(grey.view(), options, effort).empty() ? 0 : 1;
    }
    EXPECT_EQ(read, 3);
    options.fullEffortEvery = 1;
    EXPECT_EQ(LiveEffort(5, options), DecodeEffort::Full);
    options.fullEffortEvery = 0;
    EXPECT_EQ(LiveEffort(5, options), DecodeEffort::Full);
}

TEST(FrameIo, MjpegDecodesToGrey) {
    const GreyFrame grey = Scene(1280, 720, "REG-00042", 500, 200, 5);
    tjhandle compressor = tjInitCompress();
    unsigned char* jpeg = nullptr;
    unsigned long jpegSize = 0;
    ASSERT_EQ(tjCompress2(compressor, grey.pixels.data(), grey.width, grey.width, grey.height,
                          TJPF_GRAY, &jpeg, &jpegSize, TJSAMP_GRAY, 85, 0),
              0);
    GreyFrame decoded;
    ASSERT_TRUE(DecodeMjpegToGrey(jpeg, jpegSize, decoded));
    EXPECT_EQ(decoded.width, 1280);
    EXPECT_EQ(decoded.height, 720);
    const auto codes = Decode(decoded.view());
    ASSERT_EQ(codes.size(), 1u);
    EXPECT_EQ(codes[0].text, "REG-00042");
    GreyFrame broken;
    const Result<void> cut = DecodeMjpegToGrey(jpeg, 100, broken);
    const std::vector<std::uint8_t> garbage(500, 0x42);
    EXPECT_FALSE(DecodeMjpegToGrey(garbage.data(), garbage.size(), broken));
    tjFree(jpeg);
    tjDestroy(compressor);
    (void)cut; // a cut JPEG may decode partially (libjpeg-turbo warns); it must not crash
}

TEST(FrameIo, LoadImageFileErrors) {
    EXPECT_EQ(LoadImageFile("/nonexistent/x.png").error().kind, ErrorKind::NotFound);
    const fs::path path = fs::temp_directory_path() / "accueil-not-an-image.png";
    { std::ofstream(path) << "not a png"; }
    auto bad = LoadImageFile(path.string());
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().kind, ErrorKind::BadData);
    fs::remove(path);
}
