// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/Decoder.h>

#define ZX_USE_UTF8
#include <ZXing/BarcodeFormat.h>
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cstdint>

namespace accueil::scanner {

namespace {

ZXing::ImageView ToZXing(const FrameView& f) {
    ZXing::ImageFormat format = ZXing::ImageFormat::Lum;
    switch (f.format()) {
    case PixelFormat::Lum:
    case PixelFormat::YUYV: // Y0 U Y1 V: the Y samples are every second byte
        format = ZXing::ImageFormat::Lum;
        break;
    case PixelFormat::RGB:
        format = ZXing::ImageFormat::RGB;
        break;
    case PixelFormat::BGR:
        format = ZXing::ImageFormat::BGR;
        break;
    case PixelFormat::RGBA:
        format = ZXing::ImageFormat::RGBX;
        break;
    case PixelFormat::BGRA:
        format = ZXing::ImageFormat::BGRX;
        break;
    }
    return {f.data(), f.width(), f.height(), format, f.rowStride(), f.pixStride()};
}

std::vector<DecodedCode> Read(const ZXing::ImageView& image, const ZXing::DecodeHints& hints,
                              int scale, bool* sawUndecodable = nullptr) {
    std::vector<DecodedCode> codes;
    try {
        for (const ZXing::Result& r : ZXing::ReadBarcodes(image, hints)) {
            if (!r.isValid()) {
                if (sawUndecodable != nullptr && r.format() != ZXing::BarcodeFormat::None) {
                    *sawUndecodable = true;
                }
                continue;
            }
            DecodedCode code;
            code.text = r.text();
            code.format = ZXing::ToString(r.format());
            const auto& pos = r.position();
            code.centerX = (pos[0].x + pos[1].x + pos[2].x + pos[3].x) * scale / 4;
            code.centerY = (pos[0].y + pos[1].y + pos[2].y + pos[3].y) * scale / 4;
            codes.push_back(std::move(code));
        }
    } catch (...) {
        // ZXing may throw on pathological input (e.g. allocation failure); a frame that
        // cannot be read is a frame without a code.
        codes.clear();
    }
    return codes;
}

} // namespace

DecodeEffort LiveEffort(std::uint64_t sequence, const DecodeOptions& options) {
    if (options.fullEffortEvery <= 1) {
        return DecodeEffort::Full;
    }
    return sequence % static_cast<std::uint64_t>(options.fullEffortEvery) == 0
               ? DecodeEffort::Full
               : DecodeEffort::Quick;
}

std::vector<DecodedCode> Decode(const FrameView& frame, const DecodeOptions& options,
                                DecodeEffort effort) {
    if (frame.empty()) {
        return {};
    }
    // The full-size pass reads with ZXing's own hints but for the formats and maxSymbols, so
    // that it reads what plain ZXing with those formats reads (tests/scanner/CameraPhotoTest
    // checks it photo by photo). The half-size pass adds its tuned hints to these.
    ZXing::DecodeHints fullHints;
    fullHints.setFormats(options.qrOnly ? ZXing::BarcodeFormat::QRCode : ZXing::BarcodeFormats{});
    fullHints.setMaxNumberOfSymbols(
        static_cast<std::uint8_t>(std::clamp(options.maxSymbols, 1, 255)));
    const ZXing::ImageView image = ToZXing(frame);
    if (options.halfSizeAbove > 0 && frame.width() > options.halfSizeAbove) {
        // A 2x subsampled view reads the large modules of a badge held to the camera in a
        // quarter of the time, and ZXing's finder search copes better at that scale.
        // returnErrors makes ZXing report codes it located but could not decode: the sign
        // that the full-size pass is worth its 4x cost.
        ZXing::DecodeHints halfHints = fullHints;
        halfHints.setTryHarder(options.tryHarder);
        halfHints.setTryRotate(false); // QR finder patterns are rotation invariant
        halfHints.setTryDownscale(options.tryDownscale);
        halfHints.setReturnErrors(options.fallbackOnlyIfSeen);
        bool sawUndecodable = false;
        auto codes = Read(image.subsampled(2), halfHints, 2, &sawUndecodable);
        const bool quickStops =
            !options.fullSizeFallback || (options.fallbackOnlyIfSeen && !sawUndecodable);
        if (!codes.empty() || (effort == DecodeEffort::Quick && quickStops)) {
            return codes;
        }
    }
    return Read(image, fullHints, 1);
}

} // namespace accueil::scanner
