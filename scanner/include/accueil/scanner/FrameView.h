// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <accueil/scanner/Error.h>

#include <cstdint>
#include <string>
#include <vector>

namespace accueil::scanner {

/// Pixel layouts a frame may come in. YUYV (4:2:2, Y0 U Y1 V) is read through its Y samples.
enum class PixelFormat { Lum, RGB, BGR, RGBA, BGRA, YUYV };

/// Bytes per pixel of a packed format (YUYV: 2, i.e. one Y sample every 2 bytes).
constexpr int BytesPerPixel(PixelFormat format) {
    switch (format) {
    case PixelFormat::Lum:
        return 1;
    case PixelFormat::RGB:
    case PixelFormat::BGR:
        return 3;
    case PixelFormat::RGBA:
    case PixelFormat::BGRA:
        return 4;
    case PixelFormat::YUYV:
        return 2;
    }
    return 1;
}

/// A non-owning view of a frame's pixels with row and pixel strides, shaped like ZXing's
/// ImageView. The pixels must outlive every use of the view. Cheap to copy.
class FrameView {
public:
    FrameView() = default;
    /// rowStride 0 = width * pixStride; pixStride 0 = BytesPerPixel(format).
    FrameView(const std::uint8_t* data, int width, int height, PixelFormat format,
              int rowStride = 0, int pixStride = 0)
        : m_data(data), m_width(width), m_height(height), m_format(format),
          m_pixStride(pixStride != 0 ? pixStride : BytesPerPixel(format)),
          m_rowStride(rowStride != 0 ? rowStride : width * m_pixStride) {}

    const std::uint8_t* data() const { return m_data; }
    int width() const { return m_width; }
    int height() const { return m_height; }
    PixelFormat format() const { return m_format; }
    int rowStride() const { return m_rowStride; }
    int pixStride() const { return m_pixStride; }
    bool empty() const { return m_data == nullptr || m_width <= 0 || m_height <= 0; }

    /// The first byte of pixel (x, y).
    const std::uint8_t* pixel(int x, int y) const {
        return m_data + static_cast<std::ptrdiff_t>(y) * m_rowStride +
               static_cast<std::ptrdiff_t>(x) * m_pixStride;
    }

private:
    const std::uint8_t* m_data = nullptr;
    int m_width = 0;
    int m_height = 0;
    PixelFormat m_format = PixelFormat::Lum;
    int m_pixStride = 1;
    int m_rowStride = 0;
};

/// An owned 8-bit grey image (row stride = width).
struct GreyFrame {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    FrameView view() const { return {pixels.data(), width, height, PixelFormat::Lum}; }
    std::uint8_t& at(int x, int y) { return pixels[static_cast<std::size_t>(y) * width + x]; }
    std::uint8_t at(int x, int y) const { return pixels[static_cast<std::size_t>(y) * width + x]; }
};

/// Loads a PNG, JPEG, BMP, PGM… file (stb_image) as grey. Errors: NotFound, BadData (not an
/// image or unsupported). Any thread.
Result<GreyFrame> LoadImageFile(const std::string& path);

/// Decodes an image file's bytes in memory (stb_image) as grey. Errors: BadData.
Result<GreyFrame> LoadImageMemory(const std::uint8_t* data, std::size_t size);

/// Decodes a JPEG (an MJPEG camera frame) straight to grey with libjpeg-turbo, skipping the
/// colour conversion. Reuses out's buffer when it is large enough. Errors: BadData. Any
/// thread (each call uses its own decompressor handle).
Result<void> DecodeMjpegToGrey(const std::uint8_t* data, std::size_t size, GreyFrame& out);

/// Copies any frame into an owned grey image (for tests and tools, not the hot path).
GreyFrame ToGrey(const FrameView& frame);

} // namespace accueil::scanner
