// SPDX-License-Identifier: Apache-2.0
// The photos' delta (GET /v1/photos): pages bounded in bytes, answers cut short or lost that
// leave a kiosk with whole photos or none, and photo items the kiosk refuses.

#include "FaultProxy.h"
#include "SyncTestEnv.h"

#include <accueil/core/Photo.h>
#include <accueil/core/SyncStore.h>
#include <accueil/sync/Protocol.h>

#include <map>
#include <random>
#include <set>

namespace accueil::sync::test {
namespace {

using nlohmann::json;

// A photo of noise (so it compresses badly: tens of kilobytes), the same for the same seed.
std::string NoisePhoto(std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    core::RgbImage image{core::kPhotoWidth, core::kPhotoHeight, {}};
    image.pixels.resize(static_cast<std::size_t>(image.width) * image.height * 3);
    for (auto& p : image.pixels) {
        p = static_cast<std::uint8_t>(rng());
    }
    return *core::EncodeJpeg(image);
}

TEST(PhotoSync, APageStopsAtItsByteBudgetAndTheNextOneGoesOn) {
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = People(12);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    std::vector<core::Photo> photos;
    for (std::size_t k = 0; k < people.size(); ++k) {
        photos.push_back(core::Photo{people[k].id, NoisePhoto(k)});
    }
    ASSERT_GT(photos[0].jpeg.size(), 20'000U);
    ASSERT_EQ(central.store->importPhotos(photos)->added, 12);

    // 100 kB a page: a few photos each, then `more`, until every one came once.
    std::set<std::string> seen;
    CursorCheck cursor;
    int pages = 0;
    for (bool more = true; more && pages < 20; ++pages) {
        auto page = central.store->photosSince(cursor, 1000, 100'000);
        ASSERT_TRUE(page) << page.error().message;
        ASSERT_FALSE(page->items.empty());
        EXPECT_LT(page->items.size(), 12U);
        for (const auto& change : page->items) {
            EXPECT_TRUE(seen.insert(change.registrantId).second) << change.registrantId;
        }
        cursor = CursorCheck{page->next, page->check};
        more = page->more;
    }
    EXPECT_GT(pages, 2);
    EXPECT_EQ(seen.size(), 12U);
    EXPECT_EQ(cursor.seq, central.store->photosSince(cursor, 1000, 100'000)->highWater);

    // A kiosk takes them all over the route, with the central's own budget.
    Kiosk kiosk(dir, event, "door-1", central.url(), central.addKiosk("door-1"));
    const RoundReport r = kiosk.sync();
    EXPECT_TRUE(r.ok());
    EXPECT_EQ(r.pulledPhotos, 12);
    EXPECT_EQ(**core::LoadPhoto(kiosk.store, people[5].id), photos[5].jpeg);
}

// Through a proxy that loses, cuts and garbles answers, every round leaves the kiosk with each
// photo whole (the central's bytes) or not yet there, never half; then all arrive, and a
// removal does too.
TEST(PhotoSync, AnswersCutShortOrLostLeaveWholePhotosOrNone) {
    constexpr std::uint64_t kSeed = 2026;
    TempDir dir;
    const auto event = TestEvent();
    Central central(dir, event);
    const auto people = People(8);
    ASSERT_TRUE(central.store->importRegistrants(people, {}));
    std::map<std::string, std::string> sent; ///< what the central held, by ID, at any time
    std::vector<core::Photo> photos;
    for (std::size_t k = 0; k < people.size(); ++k) {
        photos.push_back(core::Photo{people[k].id, NoisePhoto(100 + k)});
        sent[people[k].id] = photos.back().jpeg;
    }
    ASSERT_TRUE(central.store->importPhotos(photos));
    FaultProxy proxy(central.port, kSeed);
    const std::string url = "http://127.0.0.1:" + std::to_string(proxy.port());
    Kiosk kiosk(dir, event, "door-1", url, "", 600);
    kiosk.client =
        SyncClient(SyncOptions{url, central.addKiosk("door-1"), 3, 25, 600, 600, "", nullptr});
    proxy.setFaultRate(0.5);

    const auto checkWholeOrNone = [&] {
        int whole = 0;
        for (const auto& [id, jpeg] : sent) {
            auto here = core::LoadPhoto(kiosk.store, id);
            ASSERT_TRUE(here);
            if (*here) {
                EXPECT_EQ(**here, jpeg) << id;
                ++whole;
            }
        }
        EXPECT_EQ(*core::PhotoCount(kiosk.store), whole);
    };
    int rounds = 0;
    for (; rounds < 60 && *core::PhotoCount(kiosk.store) < 8; ++rounds) {
        (void)kiosk.sync();
        checkWholeOrNone();
    }
    EXPECT_EQ(*core::PhotoCount(kiosk.store), 8) << "after " << rounds << " rounds";
    int injected = 0;
    for (const auto& [fault, n] : proxy.injected()) {
        injected += n;
    }
    EXPECT_GT(injected, 0);

    ASSERT_TRUE(*central.store->removePhoto(people[2].id));
    for (rounds = 0; rounds < 60 && *core::PhotoCount(kiosk.store) > 7; ++rounds) {
        (void)kiosk.sync();
        checkWholeOrNone();
    }
    EXPECT_FALSE(*core::LoadPhoto(kiosk.store, people[2].id));
    EXPECT_EQ(*core::PhotoCount(kiosk.store), 7);
}

// What a kiosk refuses in a photo page (the whole page is then not applied).
TEST(PhotoSync, APhotoItemIsCheckedBeforeItIsTaken) {
    const std::string jpeg = NoisePhoto(1);
    const core::rows::PhotoChange sent{7, "REG-1", jpeg};
    auto back = PhotoFromJson(ToJson(sent));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(back->registrantId, "REG-1");
    EXPECT_EQ(back->jpeg, jpeg);
    auto removed = PhotoFromJson(json{{"id", "REG-1"}, {"jpeg", nullptr}});
    ASSERT_TRUE(removed);
    EXPECT_FALSE(removed->jpeg);

    const auto why = [](const json& j) {
        auto parsed = PhotoFromJson(j);
        EXPECT_FALSE(parsed);
        return parsed ? std::string() : parsed.error().message;
    };
    EXPECT_EQ(why(json{{"jpeg", nullptr}}), "photo without an \"id\"");
    EXPECT_EQ(why(json{{"id", "../etc"}, {"jpeg", nullptr}}),
              "photo \"id\" is not a registrant ID");
    EXPECT_EQ(why(json{{"id", "REG-1"}, {"jpeg", "not base64!"}}),
              "photo REG-1: \"jpeg\" is not base64");
    EXPECT_EQ(why(json{{"id", "REG-1"}, {"jpeg", 7}}),
              "photo REG-1: \"jpeg\" is neither base64 nor null");
    // Base64 of a JPEG larger than a stored photo, and of text.
    core::RgbImage big{400, 400, std::vector<std::uint8_t>(std::size_t{400} * 400 * 3, 90)};
    const json tooBig = ToJson(core::rows::PhotoChange{1, "REG-1", *core::EncodeJpeg(big)});
    EXPECT_EQ(why(tooBig), "photo REG-1: not a JPEG of at most 240×320 pixels");
    const json text = ToJson(core::rows::PhotoChange{1, "REG-1", std::string("hello")});
    EXPECT_EQ(why(text), "photo REG-1: not a JPEG of at most 240×320 pixels");
}

} // namespace
} // namespace accueil::sync::test
