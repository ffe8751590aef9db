// SPDX-License-Identifier: Apache-2.0
#include "WedgeLayouts.h"

#include <accueil/scanner/WedgeDecoder.h>

namespace accueil::scanner {

namespace {

bool IsTerminator(int key, bool tabEnds) {
    return key == keys::kEnter || key == keys::kKpEnter || (tabEnds && key == keys::kTab);
}

std::string DecodeBurst(const std::vector<KeyEvent>& events, WedgeLayout layout) {
    std::string text;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const KeyEvent& e = events[i];
        const detail::KeyChar kc = detail::LookupKey(layout, e.key, e.shift, e.altGr);
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

void WedgeDecoder::resolve(WedgeOutput& out, std::optional<WedgeEnd> end) {
    if (m_pending.size() >= m_options.minLength) {
        WedgePayload payload;
        payload.text = DecodeBurst(m_pending, m_options.layout);
        payload.firstKeyMicros = m_pending.front().atMicros;
        payload.lastKeyMicros = m_pending.back().atMicros;
        payload.end = end.value_or(WedgeEnd::Timeout);
        out.payloads.push_back(std::move(payload));
    } else {
        out.passthrough.insert(out.passthrough.end(), m_pending.begin(), m_pending.end());
    }
    m_pending.clear();
}

WedgeOutput WedgeDecoder::feed(const KeyEvent& event) {
    WedgeOutput out;
    if (detail::IsModifierKey(event.key)) {
        return out;
    }
    if (!m_pending.empty() && event.atMicros - m_pending.back().atMicros > m_options.maxGapMicros) {
        resolve(out, std::nullopt);
    }
    if (IsTerminator(event.key, m_options.tabEnds)) {
        const bool wasBurst = m_pending.size() >= m_options.minLength;
        resolve(out, event.key == keys::kTab ? WedgeEnd::Tab : WedgeEnd::Enter);
        if (!wasBurst) {
            out.passthrough.push_back(event); // a person pressed Enter or Tab
        }
        return out;
    }
    m_pending.push_back(event);
    if (m_pending.size() >= m_options.maxLength) {
        resolve(out, std::nullopt);
    }
    return out;
}

WedgeOutput WedgeDecoder::poll(std::int64_t nowMicros) {
    WedgeOutput out;
    if (!m_pending.empty() && nowMicros - m_pending.back().atMicros > m_options.maxGapMicros) {
        resolve(out, std::nullopt);
    }
    return out;
}

} // namespace accueil::scanner
