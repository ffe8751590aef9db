// SPDX-License-Identifier: Apache-2.0
#include "PhotoTextures.h"

#include <accueil/core/Photo.h>

#define GLFW_INCLUDE_NONE
#include <GL/gl.h>

#include <algorithm>
#include <functional>

namespace accueil::kiosk::app {

PhotoView ReadPhotoView(AttendanceStore& store, const std::string& registrantId) {
    auto jpeg = core::LoadPhoto(store, registrantId);
    if (!jpeg || !*jpeg) {
        return {};
    }
    auto image = core::DecodePhoto(**jpeg);
    if (!image) {
        return {};
    }
    PhotoView view;
    view.registrantId = registrantId;
    view.version = std::hash<std::string>{}(**jpeg);
    view.width = image->width;
    view.height = image->height;
    view.rgb = std::move(image->pixels);
    return view;
}

PhotoTextures::~PhotoTextures() {
    clear();
}

bool PhotoTextures::upload(PhotoView& view) {
    if (view.registrantId.empty() || view.texture != 0) {
        return false;
    }
    const auto same = [&](const Entry& e) {
        return e.registrantId == view.registrantId && e.version == view.version;
    };
    if (const auto it = std::find_if(m_entries.begin(), m_entries.end(), same);
        it != m_entries.end()) {
        m_entries.splice(m_entries.begin(), m_entries, it);
    } else if (!view.rgb.empty()) {
        Entry entry{view.registrantId, view.version, 0};
        glGenTextures(1, &entry.texture);
        glBindTexture(GL_TEXTURE_2D, entry.texture);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB, view.width, view.height, 0, GL_RGB, GL_UNSIGNED_BYTE,
                     view.rgb.data());
        m_entries.push_front(entry);
        if (m_entries.size() > kCapacity) {
            glDeleteTextures(1, &m_entries.back().texture);
            m_entries.pop_back();
        }
    } else {
        return false; // dropped from the cache before it was shown again: nothing to draw
    }
    view.texture = m_entries.front().texture;
    view.rgb = {};
    return true;
}

void PhotoTextures::clear() {
    for (Entry& e : m_entries) {
        glDeleteTextures(1, &e.texture);
    }
    m_entries.clear();
}

} // namespace accueil::kiosk::app
