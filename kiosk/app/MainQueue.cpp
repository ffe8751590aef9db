// SPDX-License-Identifier: Apache-2.0
#include "MainQueue.h"

namespace accueil::kiosk::app {

void MainQueue::post(UiUpdate update) {
    {
        std::lock_guard lock(m_mutex);
        m_updates.push_back(std::move(update));
    }
    if (m_wake) {
        m_wake();
    }
}

std::vector<UiUpdate> MainQueue::take() {
    std::lock_guard lock(m_mutex);
    std::vector<UiUpdate> out;
    out.swap(m_updates);
    return out;
}

int MainQueue::drain(UiState& state) {
    auto updates = take();
    for (auto& update : updates) {
        update(state);
    }
    return static_cast<int>(updates.size());
}

} // namespace accueil::kiosk::app
