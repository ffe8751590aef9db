// SPDX-License-Identifier: Apache-2.0
#pragma once

// The core's vocabulary as the kiosk app uses it. The app lives in `accueil::kiosk::app` and is
// built on `accueil::core` (kiosk/core); this one list says exactly what it takes from there.

#include "CoreTypes.h"

#include <accueil/core/Attendance.h>
#include <accueil/core/AttendanceStore.h>
#include <accueil/core/Config.h>
#include <accueil/core/EventCalendar.h>
#include <accueil/core/Registrant.h>
#include <accueil/core/Result.h>
#include <accueil/core/Text.h>
#include <accueil/core/TodayStats.h>

namespace accueil::kiosk::app {

using core::AttendanceEvent;
using core::AttendanceStore;
using core::AttentionArrival;
using core::AttentionArrivals;
using core::AuditEntry;
using core::CategoryCount;
using core::ComputeTodayStats;
using core::Error;
using core::ErrorKind;
using core::EventCalendar;
using core::EventKind;
using core::IsEntry;
using core::IsValidUtf8;
using core::KioskConfig;
using core::LoadKioskConfig;
using core::MakeError;
using core::Method;
using core::NewUuid;
using core::NowUtcMillis;
using core::Ok;
using core::Outcome;
using core::Registrant;
using core::RegistrantStatus;
using core::Result;
using core::ScanRequest;
using core::ScanResult;
using core::SearchHit;
using core::StaffMember;
using core::StaffSettings;
using core::TodayStats;
using core::TrimAscii;
using core::UtcMillis;

} // namespace accueil::kiosk::app
