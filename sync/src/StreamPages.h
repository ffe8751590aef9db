// SPDX-License-Identifier: Apache-2.0
#pragma once

// The rules of a stream page (docs/sync-protocol.md, "Epochs and cursor checks"), apart from
// any database, so that every central backend answers a cursor the same way.

#include <accueil/core/Result.h>
#include <accueil/sync/CentralStore.h>

#include <cstdint>
#include <functional>
#include <string>

namespace accueil::sync {

/// What stands at a number of a stream ("" when nothing does).
using MarkLookup = std::function<std::string(std::int64_t)>;

/// Refuses a cursor the central never issued (ahead of `highWater`: a kiosk restored against a
/// reset central), or one whose check names another change than the one `markAt` finds at its
/// number (the central was restored from a backup and handed the number out again).
/// Errors: Conflict, NotFound. Any thread.
core::Result<void> CheckCursor(const CursorCheck& cursor, std::int64_t highWater,
                               const MarkLookup& markAt);

/// Closes a page whose items and `next` are filled: a full page may have another behind it, as
/// may one its fetch cut short (and marked `more`: the photos' byte budget); otherwise the
/// asker is up to date, and `next` jumps to the high water so what it skipped is never asked
/// for again. Pure; any thread.
template <class Item> void ClosePage(Page<Item>& page, int limit) {
    page.more =
        (page.more || static_cast<int>(page.items.size()) == limit) && page.next < page.highWater;
    if (!page.more) {
        page.next = page.highWater;
    }
}

} // namespace accueil::sync
