// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/QrRender.h>

#define ZX_USE_UTF8
#include <ZXing/BarcodeFormat.h>
#include <ZXing/BitMatrix.h>
#include <ZXing/MultiFormatWriter.h>

#include <string>

namespace accueil::scanner {

namespace {

// ZXing-cpp 1.4's writer maps eccLevel 0-2 to L and 3-4 to M (checked against the
// capacity table in tests/scanner/BadgeTokenTest.cpp).
constexpr int kEccLevelM = 4;

Result<ZXing::BitMatrix> Encode(std::string_view text) {
    if (text.empty() || text.size() > 2000) {
        return Error{ErrorKind::InvalidArgument, "QR text must be 1-2000 bytes"};
    }
    try {
        ZXing::MultiFormatWriter writer(ZXing::BarcodeFormat::QRCode);
        writer.setEccLevel(kEccLevelM);
        writer.setMargin(0);
        return writer.encode(std::string(text), 0, 0);
    } catch (const std::exception& e) {
        return Error{ErrorKind::InvalidArgument, std::string("cannot encode QR code: ") + e.what()};
    }
}

} // namespace

Result<int> QrModules(std::string_view text) {
    auto matrix = Encode(text);
    if (!matrix) {
        return matrix.error();
    }
    return matrix->width();
}

Result<GreyFrame> RenderQr(std::string_view text, int modulePixels, int quietModules) {
    if (modulePixels < 1 || modulePixels > 100 || quietModules < 0 || quietModules > 40) {
        return Error{ErrorKind::InvalidArgument, "QR module size 1-100 px, quiet zone 0-40"};
    }
    auto matrix = Encode(text);
    if (!matrix) {
        return matrix.error();
    }
    const int modules = matrix->width();
    GreyFrame out;
    out.width = out.height = (modules + 2 * quietModules) * modulePixels;
    out.pixels.assign(static_cast<std::size_t>(out.width) * out.height, 255);
    for (int my = 0; my < modules; ++my) {
        for (int mx = 0; mx < modules; ++mx) {
            if (!matrix->get(mx, my)) {
                continue;
            }
            const int x0 = (mx + quietModules) * modulePixels;
            const int y0 = (my + quietModules) * modulePixels;
            for (int y = y0; y < y0 + modulePixels; ++y) {
                for (int x = x0; x < x0 + modulePixels; ++x) {
                    out.at(x, y) = 0;
                }
            }
        }
    }
    return out;
}

} // namespace accueil::scanner
