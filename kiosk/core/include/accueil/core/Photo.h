// SPDX-License-Identifier: Apache-2.0
#pragma once

// Registrants' photos: read from JPEG or PNG files, scaled to fit kPhotoWidth × kPhotoHeight,
// kept as small JPEGs (docs/store.md, table photo), and decoded again for the kiosk's screens.

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Result.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accueil::core {

/// The box a stored photo fits in (portrait, as an ID photo), and its JPEG quality.
inline constexpr int kPhotoWidth = 240;
inline constexpr int kPhotoHeight = 320;
inline constexpr int kPhotoQuality = 80;
/// What a photo file may be: larger files or images are refused, not read.
inline constexpr std::size_t kMaxPhotoFileBytes = std::size_t{10} * 1024 * 1024;
inline constexpr int kMaxPhotoSide = 10000;

/// Pixels, 8-bit RGB, rows top first, no padding.
struct RgbImage {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;
};

/// One registrant's photo as stored: a JPEG within kPhotoWidth × kPhotoHeight.
struct Photo {
    std::string registrantId;
    std::string jpeg;
    bool operator==(const Photo&) const = default;
};

/// What setting photos did.
struct PhotoSummary {
    int added = 0;
    int replaced = 0;
    int unchanged = 0;
};

/// Decodes a JPEG (with its EXIF orientation applied) or a PNG. Errors (Input, starting with
/// `name`): more than kMaxPhotoFileBytes, more than kMaxPhotoSide pixels a side, not a JPEG or a
/// PNG, or damaged. Pure; any thread.
Result<RgbImage> DecodeImage(std::string_view bytes, const std::string& name);

/// Scales `image` down to fit kPhotoWidth × kPhotoHeight, keeping its proportions (a smaller
/// image is kept as it is). Pure; any thread.
RgbImage FitPhoto(const RgbImage& image);

/// Encodes as JPEG at `quality` (1–100). Errors: Input (an empty image). Pure; any thread.
Result<std::string> EncodeJpeg(const RgbImage& image, int quality = kPhotoQuality);

/// A photo file's bytes made into a stored photo: decoded, fitted, encoded. Errors as
/// DecodeImage. Pure; any thread.
Result<std::string> MakePhoto(std::string_view bytes, const std::string& name);

/// Reads a JPEG or PNG file and makes it a stored photo. Errors: Input naming the file
/// (missing, unreadable, too large, not an image). Any thread.
Result<std::string> LoadPhotoFile(const std::string& path);

/// Decodes a stored photo for display. Errors: Input when it is not a JPEG within
/// kPhotoWidth × kPhotoHeight (a stored photo always is). Pure; any thread.
Result<RgbImage> DecodePhoto(std::string_view jpeg);

/// Whether `jpeg` is a JPEG whose size fits a stored photo (read from its header only): what
/// a kiosk accepts from the central. Pure; any thread.
bool IsStoredPhoto(std::string_view jpeg);

/// The photos of a folder named by registrant ID.
struct PhotoFolder {
    std::vector<Photo> photos;         ///< one per <ID>.jpg, .jpeg or .png, by ID
    std::vector<std::string> warnings; ///< files left aside (not named like a photo)
};

/// Reads every <registrant ID>.jpg, .jpeg or .png file of `dir` (extension in any case). Other
/// files are left aside with a warning. All or nothing: any file that cannot be made a photo,
/// or two files for one ID, fails the whole folder, the error listing each such file and why.
/// Errors: Input. Any thread.
Result<PhotoFolder> ReadPhotoFolder(const std::string& dir);

// --- In a kiosk's store -------------------------------------------------------------------

/// The stored photo of a registrant, if any. Errors: Storage. Thread: the store's.
Result<std::optional<std::string>> LoadPhoto(AttendanceStore& store,
                                             const std::string& registrantId);

/// Sets photos in one transaction. Every ID must be on the list: otherwise nothing is written
/// and the error (Input) names the IDs that are not. Errors: Input, Storage. Thread: the
/// store's.
Result<PhotoSummary> ImportPhotos(AttendanceStore& store, const std::vector<Photo>& photos);

/// How many registrants have a photo. Errors: Storage. Thread: the store's.
Result<int> PhotoCount(AttendanceStore& store);

} // namespace accueil::core
