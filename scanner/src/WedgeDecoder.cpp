// SPDX-License-Identifier: Apache-2.0
#include "WedgeLayouts.h"

#include <accueil/scanner/WedgeDecoder.h>

#include <algorithm>

namespace accueil::scanner {

namespace {

bool IsTerminator(int key, bool tabEnds) {
    return key == keys::kEnter || key == keys::kKpEnter || (tabEnds && key == keys::kTab);
}

bool IsLetter(int key) {
    return key >= keys::kA && key <= keys::kA + 25;
}

// withCaps: letters typed as the host types them with caps lock on (Shift inverts it).
std::string DecodeBurst(const std::vector<KeyEvent>& events, WedgeLayout layout, bool withCaps) {
    std::string text;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const KeyEvent& e = events[i];
        const bool shift = withCaps && e.capsLock && IsLetter(e.key) ? !e.shift : e.shift;
        const detail::KeyChar kc = detail::LookupKey(layout, e.key, shift, e.altGr);
        if (kc.text.empty()) {
            text += "\xEF\xBF\xBD"; // U+FFFD: the payload will not parse, and says why
            continue;
        }
        text += kc.text;
        // A dead key then Space types the accent alone; other compositions are not made.
        if (kc.dead && i + 1 < events.size() && events[i + 1].key == keys::kSpace) {
            ++i;
        }
    }
    return text;
}

} // namespace

bool WedgeDecoder::isBurst(std::int64_t endMicros) const {
    const auto n = static_cast<std::int64_t>(m_pending.size());
    // The whole run's pace, not each gap: a window that stalls delivers keys late and in
    // clumps, which moves the gaps around but cannot make a person's keys come faster.
    const std::int64_t took = endMicros - m_pending.front().atMicros;
    return m_pending.size() >= m_options.minLength &&
           took <= n * m_options.keyMicros + m_options.stallMicros;
}

bool WedgeDecoder::resolve(WedgeOutput& out, std::optional<WedgeEnd> end, std::int64_t endMicros) {
    const bool burst = !m_pending.empty() && isBurst(endMicros);
    if (burst) {
        WedgePayload payload;
        payload.text = DecodeBurst(m_pending, m_options.layout, false);
        payload.firstKeyMicros = m_pending.front().atMicros;
        payload.lastKeyMicros = m_pending.back().atMicros;
        payload.endMicros = end ? endMicros : payload.lastKeyMicros;
        payload.end = end.value_or(WedgeEnd::Timeout);
        payload.capsLock = std::any_of(m_pending.begin(), m_pending.end(),
                                       [](const KeyEvent& e) { return e.capsLock; });
        if (payload.capsLock) {
            payload.capsText = DecodeBurst(m_pending, m_options.layout, true);
        }
        out.payloads.push_back(std::move(payload));
    } else {
        out.passthrough.insert(out.passthrough.end(), m_pending.begin(), m_pending.end());
    }
    m_pending.clear();
    return burst;
}

WedgeOutput WedgeDecoder::feed(const KeyEvent& event) {
    WedgeOutput out;
    if (detail::IsModifierKey(event.key)) {
        return out;
    }
    if (!m_pending.empty() && event.atMicros - m_pending.back().atMicros > m_options.endGapMicros) {
        resolve(out, std::nullopt, m_pending.back().atMicros);
    }
    if (IsTerminator(event.key, m_options.tabEnds)) {
        const WedgeEnd end = event.key == keys::kTab ? WedgeEnd::Tab : WedgeEnd::Enter;
        if (!resolve(out, end, event.atMicros)) {
            out.passthrough.push_back(event); // a person pressed Enter or Tab
        }
        return out;
    }
    m_pending.push_back(event);
    if (m_pending.size() >= m_options.maxLength) {
        resolve(out, std::nullopt, event.atMicros);
    }
    return out;
}

WedgeOutput WedgeDecoder::poll(std::int64_t nowMicros) {
    WedgeOutput out;
    if (!m_pending.empty() && nowMicros - m_pending.back().atMicros > m_options.endGapMicros) {
        resolve(out, std::nullopt, m_pending.back().atMicros);
    }
    return out;
}

} // namespace accueil::scanner
