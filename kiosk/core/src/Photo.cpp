// SPDX-License-Identifier: Apache-2.0
// Photo files in, small JPEGs out (Photo.h): libjpeg-turbo for JPEG, stb_image for PNG,
// stb_image_resize to scale.

#include <accueil/core/Photo.h>
#include <accueil/scanner/BadgeClaim.h>

#include <stb_image.h>
#include <stb_image_resize.h>
#include <turbojpeg.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <utility>

namespace accueil::core {

namespace {

struct TjDestroy {
    void operator()(void* handle) const { tjDestroy(handle); }
};
using TjHandle = std::unique_ptr<void, TjDestroy>;

struct StbFree {
    void operator()(unsigned char* p) const { stbi_image_free(p); }
};

const auto* Bytes(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

bool IsJpeg(std::string_view b) {
    return b.size() > 3 && b.substr(0, 3) == "\xFF\xD8\xFF";
}

bool IsPng(std::string_view b) {
    return b.substr(0, 8) == "\x89PNG\r\n\x1A\n";
}

Error TooLarge(const std::string& name, int width, int height) {
    return MakeError(ErrorKind::Input, name + ": " + std::to_string(width) + "×" +
                                           std::to_string(height) +
                                           " pixels is larger than a photo may be (" +
                                           std::to_string(kMaxPhotoSide) + " a side)");
}

// The EXIF orientation (1–8) of a JPEG, 1 when it has none: the APP1 "Exif" segment's first
// IFD, tag 0x0112. Cameras and phones store a portrait shot sideways and say so there.
int ExifOrientation(std::string_view b) {
    std::size_t at = 2;
    while (at + 4 <= b.size() && static_cast<unsigned char>(b[at]) == 0xFF) {
        const auto marker = static_cast<unsigned char>(b[at + 1]);
        const std::size_t length =
            (static_cast<unsigned char>(b[at + 2]) << 8U) | static_cast<unsigned char>(b[at + 3]);
        if (marker == 0xDA || length < 2) {
            break; // the image data: no more metadata
        }
        const std::string_view body = b.substr(at + 4, length - 2);
        if (marker == 0xE1 && body.size() > 14 &&
            body.substr(0, 6) == std::string_view("Exif\0\0", 6)) {
            const std::string_view tiff = body.substr(6);
            const bool little = tiff.substr(0, 2) == "II";
            const auto u16 = [&](std::size_t p) -> unsigned {
                if (p + 2 > tiff.size()) {
                    return 0;
                }
                const auto lo = static_cast<unsigned char>(tiff[p + (little ? 0 : 1)]);
                const auto hi = static_cast<unsigned char>(tiff[p + (little ? 1 : 0)]);
                return lo | (hi << 8U);
            };
            const std::size_t ifd = u16(4) | (static_cast<std::size_t>(u16(6)) << 16U);
            const unsigned entries = u16(ifd);
            for (unsigned k = 0; k < entries; ++k) {
                const std::size_t entry = ifd + 2 + (std::size_t{12} * k);
                if (u16(entry) == 0x0112) {
                    const unsigned value = u16(entry + 8);
                    return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
                }
            }
            return 1;
        }
        at += 2 + length;
    }
    return 1;
}

// Where the displayed pixel (x, y) comes from in the stored image `in`, for an EXIF
// orientation: 2–4 mirror or turn it half round, 5–8 also swap its sides.
std::pair<int, int> OrientedSource(const RgbImage& in, int orientation, int x, int y) {
    const int right = in.width - 1;
    const int bottom = in.height - 1;
    switch (orientation) {
    case 2:
        return {right - x, y};
    case 3:
        return {right - x, bottom - y};
    case 4:
        return {x, bottom - y};
    case 5:
        return {y, x};
    case 6:
        return {y, bottom - x};
    case 7:
        return {right - y, bottom - x};
    case 8:
        return {right - y, x};
    default:
        return {x, y};
    }
}

// The image as it should be seen, for an EXIF orientation (2–8: mirrored and/or turned).
RgbImage Orient(const RgbImage& in, int orientation) {
    if (orientation <= 1 || orientation > 8) {
        return in;
    }
    const bool swap = orientation >= 5;
    RgbImage out;
    out.width = swap ? in.height : in.width;
    out.height = swap ? in.width : in.height;
    out.pixels.resize(in.pixels.size());
    for (int y = 0; y < out.height; ++y) {
        for (int x = 0; x < out.width; ++x) {
            const auto [sx, sy] = OrientedSource(in, orientation, x, y);
            const auto src = ((static_cast<std::size_t>(sy) * in.width) + sx) * 3;
            const auto dst = ((static_cast<std::size_t>(y) * out.width) + x) * 3;
            std::copy_n(in.pixels.begin() + static_cast<std::ptrdiff_t>(src), 3,
                        out.pixels.begin() + static_cast<std::ptrdiff_t>(dst));
        }
    }
    return out;
}

// Decodes a JPEG no larger than maxWidth × maxHeight to RGB.
Result<RgbImage> DecodeJpeg(std::string_view b, const std::string& name, int maxWidth,
                            int maxHeight) {
    const TjHandle tj(tjInitDecompress());
    int width = 0;
    int height = 0;
    int subsampling = 0;
    int colorspace = 0;
    if (!tj || tjDecompressHeader3(tj.get(), Bytes(b), static_cast<unsigned long>(b.size()), &width,
                                   &height, &subsampling, &colorspace) != 0) {
        return MakeError(ErrorKind::Input, name + ": a damaged JPEG file");
    }
    if (width > maxWidth || height > maxHeight) {
        return TooLarge(name, width, height);
    }
    RgbImage image{width, height, {}};
    image.pixels.resize(static_cast<std::size_t>(width) * height * 3);
    if (tjDecompress2(tj.get(), Bytes(b), static_cast<unsigned long>(b.size()), image.pixels.data(),
                      width, 0, height, TJPF_RGB, 0) != 0 &&
        tjGetErrorCode(tj.get()) == TJERR_FATAL) {
        return MakeError(ErrorKind::Input,
                         name + ": a damaged JPEG file (" + tjGetErrorStr2(tj.get()) + ")");
    }
    return image;
}

Result<RgbImage> DecodePng(std::string_view b, const std::string& name) {
    int width = 0;
    int height = 0;
    int channels = 0;
    const auto size = static_cast<int>(b.size());
    if (stbi_info_from_memory(Bytes(b), size, &width, &height, &channels) == 0) {
        return MakeError(ErrorKind::Input, name + ": a damaged PNG file");
    }
    if (width > kMaxPhotoSide || height > kMaxPhotoSide) {
        return TooLarge(name, width, height);
    }
    const std::unique_ptr<unsigned char, StbFree> pixels(
        stbi_load_from_memory(Bytes(b), size, &width, &height, &channels, 3));
    if (!pixels) {
        return MakeError(ErrorKind::Input,
                         name + ": a damaged PNG file (" + stbi_failure_reason() + ")");
    }
    RgbImage image{width, height, {}};
    image.pixels.assign(pixels.get(),
                        pixels.get() + (static_cast<std::size_t>(width) * height * 3));
    return image;
}

// Reads a photo file; errors name it `name` (the path, or a file name within a folder).
Result<std::string> LoadPhotoAs(const std::string& path, const std::string& name);

} // namespace

Result<RgbImage> DecodeImage(std::string_view bytes, const std::string& name) {
    if (bytes.size() > kMaxPhotoFileBytes) {
        return MakeError(ErrorKind::Input, name + ": " + std::to_string(bytes.size()) +
                                               " bytes is more than a photo file may be (" +
                                               std::to_string(kMaxPhotoFileBytes) + ")");
    }
    if (IsJpeg(bytes)) {
        auto image = DecodeJpeg(bytes, name, kMaxPhotoSide, kMaxPhotoSide);
        if (!image) {
            return image;
        }
        return Orient(*image, ExifOrientation(bytes));
    }
    if (IsPng(bytes)) {
        return DecodePng(bytes, name);
    }
    return MakeError(ErrorKind::Input, name + ": not a JPEG or PNG image");
}

RgbImage FitPhoto(const RgbImage& image) {
    const double scale = std::min({1.0, static_cast<double>(kPhotoWidth) / image.width,
                                   static_cast<double>(kPhotoHeight) / image.height});
    if (scale >= 1.0) {
        return image;
    }
    RgbImage out;
    out.width = std::max(1, static_cast<int>(std::lround(image.width * scale)));
    out.height = std::max(1, static_cast<int>(std::lround(image.height * scale)));
    out.pixels.resize(static_cast<std::size_t>(out.width) * out.height * 3);
    stbir_resize_uint8(image.pixels.data(), image.width, image.height, 0, out.pixels.data(),
                       out.width, out.height, 0, 3);
    return out;
}

Result<std::string> EncodeJpeg(const RgbImage& image, int quality) {
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != static_cast<std::size_t>(image.width) * image.height * 3) {
        return MakeError(ErrorKind::Input, "no image to encode");
    }
    const TjHandle tj(tjInitCompress());
    unsigned char* out = nullptr;
    unsigned long size = 0;
    if (!tj || tjCompress2(tj.get(), image.pixels.data(), image.width, 0, image.height, TJPF_RGB,
                           &out, &size, TJSAMP_420, quality, 0) != 0) {
        tjFree(out);
        return MakeError(ErrorKind::Input, "cannot encode the photo as JPEG");
    }
    std::string jpeg(reinterpret_cast<const char*>(out), size);
    tjFree(out);
    return jpeg;
}

Result<std::string> MakePhoto(std::string_view bytes, const std::string& name) {
    auto image = DecodeImage(bytes, name);
    if (!image) {
        return std::move(image).error();
    }
    return EncodeJpeg(FitPhoto(*image));
}

namespace {

Result<std::string> LoadPhotoAs(const std::string& path, const std::string& name) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path, ec);
    if (ec) {
        return MakeError(ErrorKind::Input, name + ": cannot read the file (" + ec.message() + ")");
    }
    if (size > kMaxPhotoFileBytes) {
        return MakeError(ErrorKind::Input, name + ": " + std::to_string(size) +
                                               " bytes is more than a photo file may be (" +
                                               std::to_string(kMaxPhotoFileBytes) + ")");
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (!in) {
        return MakeError(ErrorKind::Input, name + ": cannot read the file");
    }
    return MakePhoto(buffer.str(), name);
}

} // namespace

Result<std::string> LoadPhotoFile(const std::string& path) {
    return LoadPhotoAs(path, path);
}

Result<RgbImage> DecodePhoto(std::string_view jpeg) {
    if (!IsJpeg(jpeg)) {
        return MakeError(ErrorKind::Input, "the stored photo is not a JPEG");
    }
    return DecodeJpeg(jpeg, "the stored photo", kPhotoWidth, kPhotoHeight);
}

bool IsStoredPhoto(std::string_view jpeg) {
    if (!IsJpeg(jpeg)) {
        return false;
    }
    const TjHandle tj(tjInitDecompress());
    int width = 0;
    int height = 0;
    int subsampling = 0;
    int colorspace = 0;
    return tj &&
           tjDecompressHeader3(tj.get(), Bytes(jpeg), static_cast<unsigned long>(jpeg.size()),
                               &width, &height, &subsampling, &colorspace) == 0 &&
           width > 0 && height > 0 && width <= kPhotoWidth && height <= kPhotoHeight;
}

} // namespace accueil::core

namespace accueil::core {

namespace {

// A photo file's extension, lower case, when it is one we read.
bool IsPhotoExtension(std::string extension) {
    std::transform(extension.begin(), extension.end(), extension.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return extension == ".jpg" || extension == ".jpeg" || extension == ".png";
}

// Every problem of a folder in one message, so one run tells the secretariat all there is to
// fix; a long list is cut short.
Error FolderError(const std::string& dir, const std::vector<std::string>& problems) {
    constexpr std::size_t kShown = 20;
    std::string message = dir + ": " + std::to_string(problems.size()) +
                          (problems.size() == 1 ? " file" : " files") +
                          " cannot be imported, so none was:";
    for (std::size_t k = 0; k < problems.size() && k < kShown; ++k) {
        message += "\n  " + problems[k];
    }
    if (problems.size() > kShown) {
        message += "\n  … and " + std::to_string(problems.size() - kShown) + " more";
    }
    return MakeError(ErrorKind::Input, message);
}

} // namespace

Result<PhotoFolder> ReadPhotoFolder(const std::string& dir) {
    std::error_code ec;
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        files.push_back(entry.path());
    }
    if (ec) {
        return MakeError(ErrorKind::Input, dir + ": cannot read the folder (" + ec.message() + ")");
    }
    std::sort(files.begin(), files.end());
    PhotoFolder folder;
    std::vector<std::string> problems;
    std::map<std::string, std::string> fileOfId;
    for (const auto& file : files) {
        const std::string name = file.filename().string();
        if (!std::filesystem::is_regular_file(file, ec) ||
            !IsPhotoExtension(file.extension().string())) {
            folder.warnings.push_back(std::string(dir).append(": ").append(name).append(
                " left aside (not a <registrant ID>.jpg, .jpeg or .png)"));
            continue;
        }
        const std::string id = file.stem().string();
        if (scanner::ParsePlainId(id).format != scanner::ClaimFormat::PlainId) {
            problems.push_back(
                std::string(name).append(": \"").append(id).append("\" is not a registrant ID"));
            continue;
        }
        if (const auto [it, inserted] = fileOfId.emplace(id, name); !inserted) {
            problems.push_back(std::string(name)
                                   .append(": a second photo for ")
                                   .append(id)
                                   .append(" (")
                                   .append(it->second)
                                   .append(")"));
            continue;
        }
        auto jpeg = LoadPhotoAs(file.string(), name);
        if (!jpeg) {
            problems.push_back(jpeg.error().message);
            continue;
        }
        folder.photos.push_back(Photo{id, std::move(jpeg).value()});
    }
    if (!problems.empty()) {
        return FolderError(dir, problems);
    }
    return folder;
}

} // namespace accueil::core
