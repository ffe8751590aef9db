// SPDX-License-Identifier: Apache-2.0
#pragma once

// Registrants' photos on their way to the screen: read and decoded on the store thread, then
// put on the GPU on the main thread, where a few recent ones are kept.

#include "CoreTypes.h"
#include "UiState.h"

#include <cstddef>
#include <cstdint>
#include <list>
#include <string>

namespace accueil::kiosk::app {

/// The registrant's stored photo, decoded (core::DecodePhoto); an empty view when they have none
/// or it cannot be read (nothing is drawn then). Thread: the store's.
PhotoView ReadPhotoView(AttendanceStore& store, const std::string& registrantId);

/// The textures of the photos shown lately, the least recent dropped beyond kCapacity: turning
/// back to a card does not upload its photo again, and the kiosk never holds every photo
/// decoded. Main thread, with the window's GL context current.
class PhotoTextures {
public:
    static constexpr std::size_t kCapacity = 8;

    PhotoTextures() = default;
    PhotoTextures(const PhotoTextures&) = delete;
    PhotoTextures& operator=(const PhotoTextures&) = delete;
    PhotoTextures(PhotoTextures&&) = delete;
    PhotoTextures& operator=(PhotoTextures&&) = delete;
    ~PhotoTextures();

    /// Gives `view` its texture (uploading its pixels, or finding the one made for the same
    /// photo) and frees its pixels. A view without a photo, or already on the GPU, is left as
    /// it is. Returns whether it changed.
    bool upload(PhotoView& view);
    /// Deletes every texture (the kiosk's personal data was erased).
    void clear();

private:
    struct Entry {
        std::string registrantId;
        std::uint64_t version = 0;
        unsigned int texture = 0;
    };
    std::list<Entry> m_entries; ///< most recent first
};

} // namespace accueil::kiosk::app
