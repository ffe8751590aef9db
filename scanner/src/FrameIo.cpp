// SPDX-License-Identifier: Apache-2.0
#include <accueil/scanner/FrameView.h>

#include <stb_image.h>
#include <turbojpeg.h>

#include <filesystem>
#include <memory>

namespace accueil::scanner {

namespace {

struct StbFree {
    void operator()(unsigned char* p) const { stbi_image_free(p); }
};

struct TjDestroy {
    void operator()(void* handle) const { tjDestroy(handle); }
};

GreyFrame Adopt(unsigned char* pixels, int width, int height) {
    const std::unique_ptr<unsigned char, StbFree> owned(pixels);
    GreyFrame frame;
    frame.width = width;
    frame.height = height;
    frame.pixels.assign(pixels, pixels + static_cast<std::size_t>(width) * height);
    return frame;
}

} // namespace

Result<GreyFrame> LoadImageFile(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return Error{ErrorKind::NotFound, "no image file " + path};
    }
    int width = 0;
    int height = 0;
    int channels = 0;
    unsigned char* pixels = stbi_load(path.c_str(), &width, &height, &channels, 1);
    if (pixels == nullptr) {
        return Error{ErrorKind::BadData,
                     "cannot read image " + path + ": " + stbi_failure_reason()};
    }
    return Adopt(pixels, width, height);
}

Result<GreyFrame> LoadImageMemory(const std::uint8_t* data, std::size_t size) {
    if (size > static_cast<std::size_t>(INT32_MAX)) {
        return Error{ErrorKind::BadData, "image too large"};
    }
    int width = 0;
    int height = 0;
    int channels = 0;
    unsigned char* pixels =
        stbi_load_from_memory(data, static_cast<int>(size), &width, &height, &channels, 1);
    if (pixels == nullptr) {
        return Error{ErrorKind::BadData,
                     std::string("cannot read image: ") + stbi_failure_reason()};
    }
    return Adopt(pixels, width, height);
}

Result<void> DecodeMjpegToGrey(const std::uint8_t* data, std::size_t size, GreyFrame& out) {
    const std::unique_ptr<void, TjDestroy> handle(tjInitDecompress());
    if (!handle) {
        return Error{ErrorKind::Io, "cannot start the JPEG decoder"};
    }
    int width = 0;
    int height = 0;
    int subsampling = 0;
    int colorspace = 0;
    if (tjDecompressHeader3(handle.get(), data, static_cast<unsigned long>(size), &width, &height,
                            &subsampling, &colorspace) != 0 ||
        width <= 0 || height <= 0 || width > 16384 || height > 16384) {
        return Error{ErrorKind::BadData,
                     std::string("not a JPEG frame: ") + tjGetErrorStr2(handle.get())};
    }
    out.width = width;
    out.height = height;
    out.pixels.resize(static_cast<std::size_t>(width) * height);
    if (tjDecompress2(handle.get(), data, static_cast<unsigned long>(size), out.pixels.data(),
                      width, width, height, TJPF_GRAY, TJFLAG_FASTDCT) != 0 &&
        tjGetErrorCode(handle.get()) == TJERR_FATAL) {
        return Error{ErrorKind::BadData,
                     std::string("broken JPEG frame: ") + tjGetErrorStr2(handle.get())};
    }
    return {};
}

GreyFrame ToGrey(const FrameView& frame) {
    GreyFrame out;
    out.width = frame.width();
    out.height = frame.height();
    out.pixels.resize(static_cast<std::size_t>(out.width) * out.height);
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            const std::uint8_t* p = frame.pixel(x, y);
            std::uint8_t v = p[0];
            switch (frame.format()) {
            case PixelFormat::Lum:
            case PixelFormat::YUYV:
                break;
            case PixelFormat::RGB:
            case PixelFormat::RGBA:
                v = static_cast<std::uint8_t>((306 * p[0] + 601 * p[1] + 117 * p[2] + 512) >> 10);
                break;
            case PixelFormat::BGR:
            case PixelFormat::BGRA:
                v = static_cast<std::uint8_t>((306 * p[2] + 601 * p[1] + 117 * p[0] + 512) >> 10);
                break;
            }
            out.at(x, y) = v;
        }
    }
    return out;
}

} // namespace accueil::scanner
