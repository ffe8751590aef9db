// SPDX-License-Identifier: Apache-2.0
#pragma once

#include "UiState.h"

#include <functional>
#include <mutex>
#include <vector>

namespace accueil::kiosk::app {

/// A change to the UI state, made on the main thread.
using UiUpdate = std::function<void(UiState&)>;

/// Worker threads post here; the main thread drains it before each frame. Worker threads
/// never touch ImGui or the UI state themselves.
class MainQueue {
public:
    /// `wake` is called (from the posting thread) after each post, e.g. glfwPostEmptyEvent.
    explicit MainQueue(std::function<void()> wake = {}) : m_wake(std::move(wake)) {}

    /// Queues an update. Any thread.
    void post(UiUpdate update);
    /// Takes everything queued, oldest first. Main thread.
    std::vector<UiUpdate> take();
    /// Applies everything queued to `state`; returns how many updates ran. Main thread.
    int drain(UiState& state);

private:
    std::mutex m_mutex;
    std::vector<UiUpdate> m_updates;
    std::function<void()> m_wake;
};

} // namespace accueil::kiosk::app
