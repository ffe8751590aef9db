// SPDX-License-Identifier: Apache-2.0
#pragma once

// Shared set-up for the kiosk app tests: the example event, an in-memory store with a few
// registrants and one staff member, and the real catalogs.

#include "Catalog.h"
#include "KioskController.h"
#include "MainQueue.h"
#include "StoreWorker.h"
#include "UiState.h"

#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>

#include <gtest/gtest.h>

#include <memory>
#include <optional>

namespace accueil::kiosk::app::test {

inline KioskConfig ExampleConfig() {
    auto event = core::LoadEventConfig(std::string(ACCUEIL_SOURCE_DIR) + "/config/event.toml");
    EXPECT_TRUE(event.ok());
    KioskConfig config;
    config.id = "door-1";
    config.languages = {"en", "fr", "es"};
    config.event = *event;
    config.staff.autoLockSeconds = 60;
    config.staff.maxFailures = 3;
    return config;
}

inline Catalog RealCatalog() {
    auto catalog = Catalog::Load(std::string(ACCUEIL_SOURCE_DIR) + "/assets",
                                 {"en", "fr", "es", "ar", "zh", "ru"});
    EXPECT_TRUE(catalog.ok()) << (catalog.ok() ? "" : catalog.error().message);
    return *catalog;
}

inline std::vector<Registrant> SampleRegistrants() {
    Registrant a;
    a.id = "REG-1";
    a.givenName = "Agnieszka";
    a.familyName = "Łukasiewicz-Müller";
    a.delegation = "Poland";
    a.category = "State Party";
    a.gender = "female";
    Registrant b;
    b.id = "REG-2";
    b.givenName = "Ελένη";
    b.familyName = "Ελευθερίου";
    b.delegation = "Greece";
    b.category = "State Party";
    b.gender = "female";
    b.language = "fr";
    Registrant c;
    c.id = "REG-3";
    c.givenName = "Мария";
    c.familyName = "Добрынина";
    c.delegation = "ICRC";
    c.category = "International organisation";
    c.gender = "female";
    c.days = {"2025-06-20"};
    Registrant d;
    d.id = "REG-4";
    d.givenName = "Jean";
    d.familyName = "Dupont";
    d.delegation = "France";
    d.category = "State Party";
    d.gender = "male";
    d.status = RegistrantStatus::Cancelled;
    return {a, b, c, d};
}

/// A controller over an in-memory store, with jobs run inline and updates drained by hand.
struct ControllerFixture {
    KioskConfig config = ExampleConfig();
    Catalog catalog = RealCatalog();
    UiState state;
    MainQueue queue;
    std::optional<AttendanceStore> store;
    std::unique_ptr<InlineExecutor> executor;
    std::unique_ptr<KioskController> controller;
    UtcMillis t0 = 0;

    explicit ControllerFixture(ControllerSettings settings = {}) {
        auto opened = AttendanceStore::Open(":memory:", config.event, config.id);
        EXPECT_TRUE(opened.ok());
        store.emplace(std::move(*opened));
        EXPECT_TRUE(store->upsertRegistrants(SampleRegistrants()).ok());
        EXPECT_TRUE(store->addStaff("amina", "Amina Diallo", "staff", "2468").ok());
        executor = std::make_unique<InlineExecutor>(*store, queue);
        auto reader = scanner::BadgeReader::create(core::BadgeReaderOptionsFor(config.event));
        EXPECT_TRUE(reader.ok());
        controller = std::make_unique<KioskController>(state, *executor, config, catalog, *reader,
                                                       std::move(settings));
        t0 = *config.event.calendar->parseTime("2025-06-17T09:00:00");
    }

    /// Applies a command at t0 + `offsetMs` and runs the store's answers.
    void apply(const UiCommand& command, UtcMillis offsetMs = 0) {
        controller->apply(command, t0 + offsetMs);
        while (queue.drain(state) > 0) {
        }
    }
    /// Opens the staff panel as amina with the right PIN.
    void signIn() {
        apply(OpenStaffLogin{});
        state.login.staffId = "amina";
        state.login.pin = "2468";
        apply(PinSubmit{});
    }
};

} // namespace accueil::kiosk::app::test
