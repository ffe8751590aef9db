// SPDX-License-Identifier: Apache-2.0

#include "StreamPages.h"

namespace accueil::sync {

core::Result<void> CheckCursor(const CursorCheck& cursor, std::int64_t highWater,
                               const MarkLookup& markAt) {
    using core::ErrorKind;
    using core::MakeError;
    if (cursor.seq > highWater) {
        return MakeError(ErrorKind::Conflict, "cursor " + std::to_string(cursor.seq) +
                                                  " is ahead of the central (" +
                                                  std::to_string(highWater) + ")");
    }
    if (cursor.seq > 0 && !cursor.check.empty() && markAt(cursor.seq) != cursor.check) {
        return MakeError(ErrorKind::NotFound,
                         "cursor " + std::to_string(cursor.seq) +
                             " names a change this central does not hold (it was restored "
                             "from a backup or replaced)");
    }
    return core::Ok{};
}

} // namespace accueil::sync
