// SPDX-License-Identifier: Apache-2.0
#include <accueil/sync/Indico.h>
#include <accueil/sync/IndicoSchedule.h>

#include <spdlog/spdlog.h>

namespace accueil::sync {

namespace {

// The summary at info level; an error, unless it is our own stop, at error level. Returns
// whether it went through.
template <class T> bool Log(const char* what, const IndicoResult<T>& result) {
    if (result) {
        spdlog::info("{}", Describe(*result));
    } else if (result.error().kind != IndicoErrorKind::Cancelled) {
        spdlog::error("Indico {} failed ({}): {}", what, ToString(result.error().kind),
                      result.error().message);
    }
    return result.ok();
}

} // namespace

IndicoSchedule::IndicoSchedule(IndicoConfig config, CentralStore& store, std::string photosDir)
    : m_config(std::move(config)), m_store(store), m_photosDir(std::move(photosDir)) {}

IndicoSchedule::~IndicoSchedule() {
    stop();
}

void IndicoSchedule::start() {
    m_thread = std::thread([this] { run(); });
}

void IndicoSchedule::stop() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

// The stop flag is set under the mutex, so a stop between the check and the wait is seen.
bool IndicoSchedule::waitFor(std::chrono::milliseconds delay) {
    std::unique_lock lock(m_mutex);
    return !m_wake.wait_for(lock, delay, [this] { return m_stop.load(); });
}

void IndicoSchedule::run() {
    IndicoRunOptions options;
    options.photosDir = m_photosDir;
    options.cancel = &m_stop;
    options.wait = [this](Millis delay) { return waitFor(delay); };
    while (!m_stop) {
        const bool pulled = Log("pull", PullFromIndico(m_config, m_store, options));
        if (pulled && m_config.pushCheckins) {
            Log("push", PushCheckinsToIndico(m_config, m_store, options));
        }
        ++m_rounds;
        if (!waitFor(m_config.interval)) {
            break;
        }
    }
}

} // namespace accueil::sync
