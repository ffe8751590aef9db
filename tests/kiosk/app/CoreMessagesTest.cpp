// SPDX-License-Identifier: Apache-2.0
// The core's errors as staff read them: each error a real store gives at the kiosk maps to a
// catalog sentence in the staff's language, never the core's English.

#include "CoreMessages.h"

#include "TestKiosk.h"

namespace accueil::kiosk::app::test {

namespace {

// The catalog sentence for `error`, in `language`.
std::string Shown(const Catalog& catalog, const char* language, const core::Error& error) {
    return Translate(catalog, language, MessageForError(error));
}

} // namespace

TEST(CoreMessages, PinErrorsAreSaidInTheStaffLanguage) {
    ControllerFixture f;
    core::StaffSettings settings;
    settings.maxFailures = 2;
    settings.lockoutSeconds = 300;
    auto wrong = f.store->verifyPin("amina", "1111", settings, f.t0);
    ASSERT_FALSE(wrong.ok());
    EXPECT_EQ(MessageForError(wrong.error()).key, "error.wrong_pin");
    EXPECT_EQ(Shown(f.catalog, "es", wrong.error()), "ID de personal desconocido o PIN incorrecto");
    // The second wrong PIN locks the account: the minutes are counted in the language's forms.
    auto locking = f.store->verifyPin("amina", "1111", settings, f.t0 + 1000);
    ASSERT_FALSE(locking.ok());
    const CatalogText lockedNow = MessageForError(locking.error());
    EXPECT_EQ(lockedNow.key, "error.wrong_pin_locked");
    EXPECT_EQ(lockedNow.count, 5);
    EXPECT_NE(Translate(f.catalog, "ru", lockedNow).find("5 минут"), std::string::npos);
    // Locked: even the right PIN is refused, with the time left.
    auto locked = f.store->verifyPin("amina", "2468", settings, f.t0 + 2000);
    ASSERT_FALSE(locked.ok());
    const CatalogText left = MessageForError(locked.error());
    EXPECT_EQ(left.key, "error.locked");
    EXPECT_EQ(left.count, 5);
    EXPECT_EQ(Translate(f.catalog, "zh", left), "PIN 码错误次数过多：还需锁定 5 分钟");
}

TEST(CoreMessages, StaffActionErrorsNameWhatIsWrong) {
    ControllerFixture f;
    auto nobody = f.store->manualCheckIn("REG-404", "amina", "speaker", f.t0);
    ASSERT_FALSE(nobody.ok());
    EXPECT_EQ(Shown(f.catalog, "fr", nobody.error()),
              "Personne sur la liste n'a l'identifiant REG-404");
    auto noReason = f.store->manualCheckIn("REG-1", "amina", "  ", f.t0);
    ASSERT_FALSE(noReason.ok());
    EXPECT_EQ(MessageForError(noReason.error()).key, "panel.need_reason");

    auto entry = f.store->manualCheckIn("REG-1", "amina", "speaker", f.t0);
    ASSERT_TRUE(entry.ok());
    auto undone = f.store->undo(entry->eventUuid, "amina", "wrong person", f.t0 + 1000);
    ASSERT_TRUE(undone.ok());
    auto again = f.store->undo(entry->eventUuid, "amina", "wrong person", f.t0 + 2000);
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(MessageForError(again.error()).key, "error.already_undone");
    auto ofUndo = f.store->undo(undone->uuid, "amina", "oops", f.t0 + 3000);
    ASSERT_FALSE(ofUndo.ok());
    EXPECT_EQ(MessageForError(ofUndo.error()).key, "error.undo_of_undo");

    Registrant nameless;
    nameless.gender = "undisclosed";
    auto walkIn = f.store->admitWalkIn(nameless, "amina", "no badge", f.t0);
    ASSERT_FALSE(walkIn.ok());
    EXPECT_EQ(MessageForError(walkIn.error()).key, "panel.need_name");

    auto longNote = f.store->setHold("REG-1", std::string(300, 'x'), "amina", f.t0);
    ASSERT_FALSE(longNote.ok());
    EXPECT_EQ(MessageForError(longNote.error()).key, "error.text_field");

    const auto outside = *f.config.event.calendar->parseTime("2025-07-01T09:00:00");
    auto notADay = f.store->manualCheckIn("REG-1", "amina", "speaker", outside);
    ASSERT_FALSE(notADay.ok());
    EXPECT_EQ(Shown(f.catalog, "en", notADay.error()), "2025-07-01 is not a meeting day");
}

TEST(CoreMessages, AnUnknownErrorBecomesAGeneralSentenceOfItsKind) {
    const Catalog catalog = RealCatalog();
    EXPECT_EQ(MessageForError({core::ErrorKind::Storage, "disk I/O error"}).key, "error.storage");
    EXPECT_EQ(MessageForError({core::ErrorKind::Conflict, "something new"}).key, "error.other");
    EXPECT_EQ(MessageForError({core::ErrorKind::Auth, "something new"}).key, "error.wrong_pin");
    EXPECT_EQ(Translate(catalog, "ar", {}), "");
    // No English leaks through: the Arabic sentence has no Latin letter.
    const std::string arabic =
        Shown(catalog, "ar", {core::ErrorKind::Conflict, "an undo cannot itself be undone"});
    EXPECT_FALSE(arabic.empty());
    EXPECT_EQ(arabic.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << arabic;
}

} // namespace accueil::kiosk::app::test
