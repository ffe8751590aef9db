// SPDX-License-Identifier: Apache-2.0
#pragma once

#include <pthread.h>

#include <csignal>
#include <ctime>

namespace accueil::kiosk::app {

/// Blocks SIGINT and SIGTERM in this thread (and the threads it starts afterwards), so Ctrl-C
/// and systemd's stop are taken with sigtimedwait rather than a handler; restores the mask
/// when done. Make it before any other thread starts.
class SignalGate {
public:
    SignalGate() {
        sigemptyset(&m_set);
        sigaddset(&m_set, SIGINT);
        sigaddset(&m_set, SIGTERM);
        pthread_sigmask(SIG_BLOCK, &m_set, &m_old);
    }
    SignalGate(const SignalGate&) = delete;
    SignalGate& operator=(const SignalGate&) = delete;
    ~SignalGate() { pthread_sigmask(SIG_SETMASK, &m_old, nullptr); }
    /// Waits up to ms for SIGINT or SIGTERM; true if one came. Any thread.
    bool wait(int ms) const {
        timespec ts{ms / 1000, static_cast<long>(ms % 1000) * 1'000'000};
        return sigtimedwait(&m_set, nullptr, &ts) > 0;
    }

private:
    sigset_t m_set{};
    sigset_t m_old{};
};

} // namespace accueil::kiosk::app
