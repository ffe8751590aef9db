// SPDX-License-Identifier: Apache-2.0
#include "FontRebuilder.h"

#include <accueil/core/Sqlite.h>

#include <imgui.h>

#include <chrono>

namespace accueil::kiosk::app {

namespace {

constexpr std::size_t kNamedInOneWarning = 20; // the rest is counted

double MillisSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

} // namespace

namespace {

// What to build for: the catalogs, and the list's characters with the configuration's.
GlyphNeeds NeedsFor(const FontSources& sources, GlyphSet list) {
    GlyphNeeds needs;
    needs.catalogTexts = sources.catalogTexts;
    needs.headlineTexts = sources.headlineTexts;
    needs.names = std::move(list);
    needs.names.merge(sources.configGlyphs);
    return needs;
}

} // namespace

Result<FontAtlas> BuildKioskFonts(const FontSources& sources) {
    const auto started = std::chrono::steady_clock::now();
    auto list = ReadListGlyphs(sources.databasePath);
    if (!list) {
        return list.error();
    }
    const double listMillis = MillisSince(started);
    auto atlas = BuildFontAtlas(NeedsFor(sources, std::move(*list)), sources.scale, sources.files);
    if (atlas) {
        atlas->listMillis = listMillis;
    }
    return atlas;
}

void WarnMissingGlyphs(const std::vector<char32_t>& missing, std::set<char32_t>& warned,
                       const std::function<void(const std::string&)>& log) {
    std::string names;
    std::size_t fresh = 0;
    for (char32_t c : missing) {
        if (!warned.insert(c).second) {
            continue;
        }
        if (++fresh <= kNamedInOneWarning) {
            names += (names.empty() ? "" : ", ") + CodePointName(c);
        }
    }
    if (fresh == 0) {
        return;
    }
    if (fresh > kNamedInOneWarning) {
        names += " and " + std::to_string(fresh - kNamedInOneWarning) + " more";
    }
    log("no font has " + names +
        ": these characters of the list are drawn as \"?\" or an empty box (fonts-noto-core "
        "and fonts-noto-cjk cover the six UN languages)");
}

FontRebuilder::FontRebuilder(FontSources sources, GlyphSet current, std::set<char32_t> warned,
                             std::function<void()> wake,
                             std::function<void(const std::string&)> log)
    : m_sources(std::move(sources)), m_current(std::move(current)), m_warned(std::move(warned)),
      m_wake(std::move(wake)), m_log(std::move(log)), m_thread([this] { run(); }) {}

FontRebuilder::~FontRebuilder() {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_one();
    m_thread.join();
}

void FontRebuilder::check() {
    {
        const std::lock_guard lock(m_mutex);
        m_asked = true;
    }
    m_changed.notify_one();
}

std::optional<FontAtlas> FontRebuilder::take() {
    const std::lock_guard lock(m_mutex);
    std::optional<FontAtlas> out = std::move(m_ready);
    m_ready.reset();
    return out;
}

int FontRebuilder::builds() const {
    const std::lock_guard lock(m_mutex);
    return m_builds;
}

int FontRebuilder::checks() const {
    const std::lock_guard lock(m_mutex);
    return m_checks;
}

std::optional<std::string> FontRebuilder::fingerprint() const {
    try {
        auto db = core::sql::Database::Open(m_sources.databasePath, false);
        auto rows = db.prepare("SELECT (SELECT count(*) || ':' || total(updated_at) FROM "
                               "registrant) || ':' || (SELECT count(*) FROM staff)");
        return rows.step() ? std::optional<std::string>(rows.text(0)) : std::nullopt;
    } catch (const core::sql::SqlError&) {
        return std::nullopt; // the full pass says what is wrong
    }
}

std::optional<FontAtlas> FontRebuilder::rebuildIfNew() {
    const auto started = std::chrono::steady_clock::now();
    auto list = ReadListGlyphs(m_sources.databasePath);
    if (!list) {
        m_log(list.error().message);
        return std::nullopt;
    }
    GlyphNeeds needs = NeedsFor(m_sources, std::move(*list));
    if (m_current.covers(needs.names)) {
        return std::nullopt;
    }
    auto atlas = BuildFontAtlas(needs, m_sources.scale, m_sources.files);
    if (!atlas) {
        m_log("rebuilding the fonts: " + atlas.error().message);
        return std::nullopt;
    }
    atlas->listMillis = MillisSince(started) - atlas->buildMillis;
    WarnMissingGlyphs(atlas->missing, m_warned, m_log);
    m_current = atlas->asked;
    return std::move(*atlas);
}

void FontRebuilder::run() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_stop || m_asked; });
        if (m_stop) {
            return;
        }
        m_asked = false;
        lock.unlock();
        std::optional<FontAtlas> built;
        const std::optional<std::string> mark = fingerprint();
        if (!mark || *mark != m_lastFingerprint) {
            built = rebuildIfNew();
            if (mark) {
                m_lastFingerprint = *mark;
            }
        }
        lock.lock();
        ++m_checks;
        if (built) {
            m_ready = std::move(built); // an atlas not yet taken is replaced by the newer one
            ++m_builds;
            lock.unlock();
            m_wake();
            lock.lock();
        }
    }
}

} // namespace accueil::kiosk::app
