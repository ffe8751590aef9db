// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "Fonts.h"
#include "GlyphSet.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace accueil::kiosk::app {

/// What the kiosk's atlas is made of, apart from the list in the database.
struct FontSources {
    std::string databasePath;
    std::vector<std::string> catalogTexts;  ///< the catalogs in use
    std::vector<std::string> headlineTexts; ///< their headlines
    GlyphSet configGlyphs;                  ///< the event's and zones' names
    float scale = 1.0f;
    FontFiles files;
};

/// Builds the atlas for `sources`: the list's characters read from the database in one pass,
/// the catalogs, the configuration's names. Errors: Storage (the database), Config (fonts).
/// Any thread (touches no ImGui context).
Result<FontAtlas> BuildKioskFonts(const FontSources& sources);

/// Says, once per code point over the kiosk's life, which characters no font has: "no font
/// has U+xxxx … (drawn as ?)". Remembers what it said in `warned`. Any thread.
void WarnMissingGlyphs(const std::vector<char32_t>& missing, std::set<char32_t>& warned,
                       const std::function<void(const std::string&)>& log);

/// Keeps the kiosk's font atlas in step with the registrant list. check() (after a sync round)
/// asks its thread to look at the list; when it holds characters the atlas was not built
/// for, the thread builds a fresh atlas, wakes the main thread, and take() hands it over to
/// be swapped in whole between frames. The frame path never waits on it.
class FontRebuilder {
public:
    /// `current`: what the atlas in use was built for. `wake`: called (on the rebuilder's
    /// thread) when an atlas is ready. `log`: warnings and errors, any thread.
    FontRebuilder(FontSources sources, GlyphSet current, std::set<char32_t> warned,
                  std::function<void()> wake, std::function<void(const std::string&)> log);
    FontRebuilder(const FontRebuilder&) = delete;
    FontRebuilder& operator=(const FontRebuilder&) = delete;
    ~FontRebuilder(); ///< stops the thread (after a build under way)

    /// Asks for a look at the list; several before it starts count once. Any thread.
    void check();
    /// The atlas built since the last call, if any. Main thread.
    std::optional<FontAtlas> take();
    /// How many atlases the thread has built (tests wait on it). Any thread.
    int builds() const;
    /// How many looks at the list it has finished. Any thread.
    int checks() const;

private:
    void run();
    // Reads the list; builds an atlas when it has characters the current one lacks.
    std::optional<FontAtlas> rebuildIfNew();
    // A cheap mark of the list's state (rows and their update times): unchanged, no pass.
    std::optional<std::string> fingerprint() const;

    FontSources m_sources;
    GlyphSet m_current; ///< the rebuilder's thread only
    std::set<char32_t> m_warned;
    std::string m_lastFingerprint;
    std::function<void()> m_wake;
    std::function<void(const std::string&)> m_log;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_asked = false;
    bool m_stop = false;
    int m_builds = 0;
    int m_checks = 0;
    std::optional<FontAtlas> m_ready;
    std::thread m_thread; ///< last: starts once everything above is set
};

} // namespace accueil::kiosk::app
