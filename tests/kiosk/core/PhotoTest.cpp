// SPDX-License-Identifier: Apache-2.0
// Registrants' photos: made from JPEG and PNG files, read from a list's column and from a
// folder (all or nothing), and gone from the file after a purge.

#include "TestSupport.h"

#include <accueil/core/PersonalDataWipe.h>
#include <accueil/core/Photo.h>

#include <stb_image_write.h>

#include <filesystem>
#include <fstream>
#include <iterator>

using namespace accueil::core;
using accueil::core::test::At;
using accueil::core::test::Person;
using accueil::core::test::TempDir;

namespace {

struct Rgb {
    std::uint8_t r, g, b;
};
constexpr Rgb kRed{220, 20, 20};
constexpr Rgb kBlue{20, 20, 220};

// An image whose top half is `top` and bottom half `bottom`, or left and right when `across`.
RgbImage Halves(int width, int height, Rgb first, Rgb second, bool across = false) {
    RgbImage image{width, height, {}};
    image.pixels.reserve(static_cast<std::size_t>(width) * height * 3);
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const bool isFirst = across ? x < width / 2 : y < height / 2;
            const Rgb c = isFirst ? first : second;
            image.pixels.insert(image.pixels.end(), {c.r, c.g, c.b});
        }
    }
    return image;
}

std::string Jpeg(const RgbImage& image) {
    auto jpeg = EncodeJpeg(image, 95);
    EXPECT_TRUE(jpeg.ok());
    return jpeg.ok() ? *jpeg : std::string();
}

std::string Png(const RgbImage& image) {
    std::string out;
    stbi_write_png_to_func(
        [](void* context, void* data, int size) {
            static_cast<std::string*>(context)->append(static_cast<const char*>(data),
                                                       static_cast<std::size_t>(size));
        },
        &out, image.width, image.height, 3, image.pixels.data(), image.width * 3);
    return out;
}

// The JPEG with an EXIF block saying how to turn it (orientation 1–8), as a phone writes it.
std::string WithOrientation(const std::string& jpeg, int orientation) {
    // "Exif\0\0", then a little-endian TIFF header and one IFD with one entry: tag 0x0112,
    // type SHORT, count 1, the value.
    const std::string tiff{"II*\0\x08\0\0\0" // header, IFD at 8
                           "\x01\0"          // one entry
                           "\x12\x01\x03\0\x01\0\0\0",
                           18};
    std::string value{static_cast<char>(orientation), '\0', '\0', '\0'};
    const std::string body = std::string("Exif\0\0", 6) + tiff + value + std::string(4, '\0');
    const auto length = static_cast<unsigned>(body.size() + 2);
    const std::string segment = std::string("\xFF\xE1") + static_cast<char>(length >> 8U) +
                                static_cast<char>(length & 0xFFU) + body;
    return jpeg.substr(0, 2) + segment + jpeg.substr(2);
}

// The colour at (x, y) of a decoded photo.
Rgb Pixel(const RgbImage& image, int x, int y) {
    const auto k = ((static_cast<std::size_t>(y) * image.width) + x) * 3;
    return {image.pixels[k], image.pixels[k + 1], image.pixels[k + 2]};
}

bool Near(Rgb a, Rgb b) {
    const auto close = [](int p, int q) { return std::abs(p - q) < 40; };
    return close(a.r, b.r) && close(a.g, b.g) && close(a.b, b.b);
}

std::string ReadBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(Photo, ScalesDownToFitThePortraitBoxKeepingProportions) {
    auto stored = MakePhoto(Jpeg(Halves(1200, 900, kRed, kBlue, true)), "wide.jpg");
    ASSERT_TRUE(stored.ok()) << stored.error().message;
    EXPECT_LT(stored->size(), 30'000U);
    auto image = DecodePhoto(*stored);
    ASSERT_TRUE(image.ok()) << image.error().message;
    EXPECT_EQ(image->width, 240);
    EXPECT_EQ(image->height, 180);
    EXPECT_TRUE(Near(Pixel(*image, 40, 90), kRed));
    EXPECT_TRUE(Near(Pixel(*image, 200, 90), kBlue));

    auto tall = DecodePhoto(*MakePhoto(Png(Halves(600, 1600, kRed, kBlue)), "tall.png"));
    ASSERT_TRUE(tall.ok());
    EXPECT_EQ(tall->width, 120);
    EXPECT_EQ(tall->height, 320);
    EXPECT_TRUE(Near(Pixel(*tall, 60, 40), kRed));
    EXPECT_TRUE(Near(Pixel(*tall, 60, 280), kBlue));

    // A small picture is not blown up.
    auto small = DecodePhoto(*MakePhoto(Png(Halves(100, 50, kRed, kBlue)), "small.png"));
    ASSERT_TRUE(small.ok());
    EXPECT_EQ(small->width, 100);
    EXPECT_EQ(small->height, 50);
    EXPECT_TRUE(IsStoredPhoto(*stored));
    EXPECT_FALSE(IsStoredPhoto(Jpeg(Halves(300, 300, kRed, kBlue))));
}

TEST(Photo, TurnsAPictureAsItsExifOrientationSays) {
    // Red on top, stored sideways with "turn 90° clockwise": red ends on the right.
    const std::string sideways = WithOrientation(Jpeg(Halves(400, 200, kRed, kBlue)), 6);
    auto image = DecodePhoto(*MakePhoto(sideways, "phone.jpg"));
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->width, 160);
    EXPECT_EQ(image->height, 320);
    EXPECT_TRUE(Near(Pixel(*image, 120, 160), kRed));
    EXPECT_TRUE(Near(Pixel(*image, 40, 160), kBlue));
    // "Turn 90° anticlockwise": red on the left.
    auto other = DecodePhoto(
        *MakePhoto(WithOrientation(Jpeg(Halves(400, 200, kRed, kBlue)), 8), "phone.jpg"));
    ASSERT_TRUE(other.ok());
    EXPECT_TRUE(Near(Pixel(*other, 40, 160), kRed));
    // Upside down.
    auto flipped = DecodePhoto(
        *MakePhoto(WithOrientation(Jpeg(Halves(200, 200, kRed, kBlue)), 3), "phone.jpg"));
    ASSERT_TRUE(flipped.ok());
    EXPECT_TRUE(Near(Pixel(*flipped, 100, 180), kRed));
}

TEST(Photo, RefusesWhatIsNotAPhotoSayingWhy) {
    const auto why = [](const std::string& bytes) {
        auto made = MakePhoto(bytes, "x.jpg");
        EXPECT_FALSE(made.ok());
        return made.ok() ? std::string() : made.error().message;
    };
    EXPECT_EQ(why("id,given_name\n"), "x.jpg: not a JPEG or PNG image");
    EXPECT_EQ(why(Png(Halves(10001, 2, kRed, kBlue))),
              "x.jpg: 10001×2 pixels is larger than a photo may be (10000 a side)");
    EXPECT_EQ(
        why(Jpeg(Halves(40, 40, kRed, kBlue)).substr(0, 100)).rfind("x.jpg: a damaged JPEG", 0),
        0U);
    std::string huge = Jpeg(Halves(40, 40, kRed, kBlue));
    huge.resize(kMaxPhotoFileBytes + 1, '\0');
    EXPECT_EQ(why(huge), "x.jpg: 10485761 bytes is more than a photo file may be (10485760)");
}

class PhotoImportTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_config = test::MakeKiosk(m_dir);
        auto store = AttendanceStore::Open(m_dir.file("kiosk.db"), m_config.event, "door-1");
        ASSERT_TRUE(store.ok()) << store.error().message;
        m_store.emplace(std::move(store).value());
        ASSERT_TRUE(m_store
                        ->upsertRegistrants(
                            {Person("REG-1", "Zoë", "Müller"), Person("REG-2", "Yao", "Kouassi")})
                        .ok());
    }

    void writeBytes(const std::string& name, const std::string& bytes) const {
        std::filesystem::create_directories(std::filesystem::path(m_dir.file(name)).parent_path());
        std::ofstream(m_dir.file(name), std::ios::binary) << bytes;
    }

    TempDir m_dir;
    KioskConfig m_config;
    std::optional<AttendanceStore> m_store;
};

TEST_F(PhotoImportTest, TheListsPhotoColumnNamesFilesBesideIt) {
    writeBytes("pictures/zoe.jpg", Jpeg(Halves(480, 640, kRed, kBlue)));
    writeBytes("yao.png", Png(Halves(30, 40, kBlue, kRed)));
    const std::string csv = m_dir.write("list.csv", "id,given_name,family_name,photo\n"
                                                    "REG-1,Zoë,Müller,pictures/zoe.jpg\n"
                                                    "REG-2,Yao,Kouassi,yao.png\n"
                                                    "REG-3,Ana,Silva,\n");
    auto list = ReadRegistrantCsv(csv, m_config.import, *m_config.event.calendar);
    ASSERT_TRUE(list.ok()) << list.error().message;
    ASSERT_EQ(list->photos.size(), 2U);
    EXPECT_EQ(list->photos[0].registrantId, "REG-1");
    EXPECT_EQ(DecodePhoto(list->photos[0].jpeg)->width, 240);
    EXPECT_EQ(list->photos[1].registrantId, "REG-2");

    // Another header, through [import.columns]; a file that is missing fails the list, naming
    // the line, the column and the file.
    ImportSettings settings = m_config.import;
    settings.columns["photo"] = "Picture";
    const std::string bad = m_dir.write("bad.csv", "id,given_name,family_name,Picture\n"
                                                   "REG-1,Zoë,Müller,pictures/zoe.jpg\n"
                                                   "REG-2,Yao,Kouassi,nobody.jpg\n");
    auto refused = ReadRegistrantCsv(bad, settings, *m_config.event.calendar);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().kind, ErrorKind::Input);
    EXPECT_EQ(refused.error().message.rfind(bad + ":3: column \"Picture\": " +
                                                m_dir.file("nobody.jpg") + ": cannot read the file",
                                            0),
              0U)
        << refused.error().message;
}

TEST_F(PhotoImportTest, AFolderWithABadFileImportsNothing) {
    writeBytes("photos/REG-1.jpg", Jpeg(Halves(480, 640, kRed, kBlue)));
    writeBytes("photos/REG-2.PNG", Png(Halves(30, 40, kBlue, kRed)));
    writeBytes("photos/REG-3.jpeg", "not a picture at all");
    writeBytes("photos/notes.txt", "taken on 12 May");
    const std::string folder = m_dir.file("photos");
    auto refused = ReadPhotoFolder(folder);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().message, folder + ": 1 file cannot be imported, so none was:\n"
                                                "  REG-3.jpeg: not a JPEG or PNG image");
    EXPECT_EQ(*PhotoCount(*m_store), 0);

    // Without it, the folder reads; an ID not on the list refuses every photo.
    std::filesystem::remove(m_dir.file("photos/REG-3.jpeg"));
    writeBytes("photos/REG-9.jpg", Jpeg(Halves(48, 64, kRed, kBlue)));
    auto folderRead = ReadPhotoFolder(folder);
    ASSERT_TRUE(folderRead.ok()) << folderRead.error().message;
    ASSERT_EQ(folderRead->photos.size(), 3U);
    EXPECT_EQ(folderRead->warnings,
              std::vector<std::string>{folder + ": notes.txt left aside (not a <registrant "
                                                "ID>.jpg, .jpeg or .png)"});
    auto unlisted = ImportPhotos(*m_store, folderRead->photos);
    ASSERT_FALSE(unlisted.ok());
    EXPECT_EQ(unlisted.error().kind, ErrorKind::Input);
    EXPECT_NE(unlisted.error().message.find("no registrant REG-9 on the list"), std::string::npos);
    EXPECT_EQ(*PhotoCount(*m_store), 0);

    folderRead->photos.pop_back(); // REG-9, sorted last
    auto imported = ImportPhotos(*m_store, folderRead->photos);
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    EXPECT_EQ(imported->added, 2);
    EXPECT_EQ(*PhotoCount(*m_store), 2);
    EXPECT_EQ(**LoadPhoto(*m_store, "REG-2"), folderRead->photos[1].jpeg);
    // The same again changes nothing; another picture replaces the one stored.
    EXPECT_EQ(ImportPhotos(*m_store, folderRead->photos)->unchanged, 2);
    auto other = MakePhoto(Png(Halves(40, 30, kRed, kRed)), "REG-2.png");
    EXPECT_EQ(ImportPhotos(*m_store, {Photo{"REG-2", *other}})->replaced, 1);
    EXPECT_EQ(**LoadPhoto(*m_store, "REG-2"), *other);
    EXPECT_FALSE(*LoadPhoto(*m_store, "REG-3"));
}

// Some bytes every stored photo begins with: the JPEG start-of-image and its JFIF header.
constexpr std::string_view kJpegStart("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10);

TEST_F(PhotoImportTest, APurgeLeavesNoJpegBytesInTheFile) {
    auto photo = MakePhoto(Jpeg(Halves(480, 640, kRed, kBlue)), "zoe.jpg");
    ASSERT_TRUE(ImportPhotos(*m_store, {Photo{"REG-1", *photo}, Photo{"REG-2", *photo}}).ok());
    const std::string db = m_dir.file("kiosk.db");
    const auto holdsJpeg = [&] {
        return (ReadBytes(db) + ReadBytes(db + "-wal")).find(kJpegStart) != std::string::npos;
    };
    ASSERT_TRUE(holdsJpeg()); // or the check below would prove nothing
    auto purged = PurgeAfterEvent(*m_store, At(m_config.event, "2025-06-21T00:00:00Z"), true);
    ASSERT_TRUE(purged.ok()) << purged.error().message;
    EXPECT_EQ(purged->erased.photos, 2);
    EXPECT_FALSE(holdsJpeg());
    EXPECT_EQ(*PhotoCount(*m_store), 0);
}

TEST_F(PhotoImportTest, ARevokedKiosksWipeLeavesNoJpegBytesInTheFile) {
    auto photo = MakePhoto(Png(Halves(90, 120, kRed, kBlue)), "yao.png");
    ASSERT_TRUE(ImportPhotos(*m_store, {Photo{"REG-2", *photo}}).ok());
    const std::string db = m_dir.file("kiosk.db");
    ASSERT_NE(ReadBytes(db + "-wal").find(kJpegStart), std::string::npos);
    auto wiped = WipePersonalData(*m_store, NowUtcMillis());
    ASSERT_TRUE(wiped.ok()) << wiped.error().message;
    EXPECT_EQ(wiped->photos, 1);
    EXPECT_EQ((ReadBytes(db) + ReadBytes(db + "-wal")).find(kJpegStart), std::string::npos);
}

} // namespace
