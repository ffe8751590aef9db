// SPDX-License-Identifier: Apache-2.0
// `accueil doctor`'s verdicts, from facts made up here: no files, devices or network.

#include "Doctor.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace accueil::cli::doctor {
namespace {

DatabaseFacts SoundKiosk() {
    DatabaseFacts f;
    f.path = "/var/lib/accueil/kiosk.db";
    f.exists = true;
    f.quickCheck = "ok";
    f.schemaVersion = 4;
    f.registrants = 300;
    f.staff = 2;
    return f;
}

FileModeFacts PrivateFile() {
    FileModeFacts f;
    f.path = "/var/lib/accueil/kiosk.db";
    f.folder = "/var/lib/accueil";
    f.mode = 0600;
    f.folderMode = 0700;
    f.owner = f.me = 998;
    f.ownerName = f.myName = "accueil";
    return f;
}

TEST(DoctorKind, FromTables) {
    EXPECT_EQ(KindOf(true, false), Kind::Kiosk);
    EXPECT_EQ(KindOf(true, true), Kind::Kiosk); // a kiosk.toml's [central] has a url only
    EXPECT_EQ(KindOf(false, true), Kind::Central);
    EXPECT_EQ(KindOf(false, false), Kind::Unknown);
}

TEST(DoctorConfig, CarriesTheLoadersMessage) {
    EXPECT_EQ(ConfigCheck("kiosk.toml", std::nullopt).status, Status::Ok);
    const Check c = ConfigCheck("kiosk.toml", std::string("event.toml:3: bad timezone"));
    EXPECT_EQ(c.status, Status::Error);
    EXPECT_EQ(c.detail, "event.toml:3: bad timezone");
}

TEST(DoctorDatabase, SoundMissingDamaged) {
    EXPECT_EQ(DatabaseCheck(SoundKiosk(), false).status, Status::Ok);
    EXPECT_NE(DatabaseCheck(SoundKiosk(), false).detail.find("300 registrants"), std::string::npos);

    DatabaseFacts missing = SoundKiosk();
    missing.exists = false;
    EXPECT_EQ(DatabaseCheck(missing, false).status, Status::Error);

    DatabaseFacts damaged = SoundKiosk();
    damaged.quickCheck = "*** in database main ***\nPage 7: btreeInitPage() returns error code 11";
    const Check c = DatabaseCheck(damaged, true);
    EXPECT_EQ(c.status, Status::Error);
    EXPECT_NE(c.fix.find("central restore"), std::string::npos);

    DatabaseFacts foreign = SoundKiosk();
    foreign.schemaVersion = 0;
    EXPECT_EQ(DatabaseCheck(foreign, false).status, Status::Error);
}

TEST(DoctorDatabase, NoStaffIsAnError) {
    EXPECT_EQ(StaffCheck(SoundKiosk()).status, Status::Ok);
    DatabaseFacts none = SoundKiosk();
    none.staff = 0;
    const Check c = StaffCheck(none);
    EXPECT_EQ(c.status, Status::Error);
    EXPECT_NE(c.fix.find("accueil staff add"), std::string::npos);
}

TEST(DoctorDatabase, TokensAllRevokedIsAWarning) {
    DatabaseFacts f = SoundKiosk();
    f.kioskTokens = 3;
    f.revokedTokens = 1;
    EXPECT_EQ(KioskTokensCheck(f).status, Status::Ok);
    EXPECT_EQ(KioskTokensCheck(f).detail, "3 kiosk tokens, 1 revoked");
    f.revokedTokens = 3;
    EXPECT_EQ(KioskTokensCheck(f).status, Status::Warning);
}

TEST(DoctorPermissions, ModeFolderOwner) {
    EXPECT_EQ(DatabasePermissionsCheck(PrivateFile()).status, Status::Ok);

    FileModeFacts open = PrivateFile();
    open.mode = 0644;
    const Check c = DatabasePermissionsCheck(open);
    EXPECT_EQ(c.status, Status::Warning);
    EXPECT_EQ(c.fix, "chmod 600 /var/lib/accueil/kiosk.db");

    FileModeFacts anyoneWrites = PrivateFile();
    anyoneWrites.folderMode = 01777;
    EXPECT_EQ(DatabasePermissionsCheck(anyoneWrites).status, Status::Error);

    FileModeFacts listed = PrivateFile();
    listed.folderMode = 0755;
    EXPECT_EQ(DatabasePermissionsCheck(listed).status, Status::Warning);

    FileModeFacts other = PrivateFile();
    other.owner = 0;
    other.ownerName = "root";
    const Check o = DatabasePermissionsCheck(other);
    EXPECT_EQ(o.status, Status::Warning);
    EXPECT_NE(o.detail.find("belongs to root"), std::string::npos);
}

TEST(DoctorDisk, Thresholds) {
    EXPECT_EQ(DiskCheck("/var", 99 * kMiB, "").status, Status::Error);
    EXPECT_EQ(DiskCheck("/var", 100 * kMiB, "").status, Status::Warning);
    EXPECT_EQ(DiskCheck("/var", 1023 * kMiB, "").status, Status::Warning);
    EXPECT_EQ(DiskCheck("/var", 1024 * kMiB, "").status, Status::Ok);
    EXPECT_EQ(DiskCheck("/var", 0, "No such file or directory").status, Status::Error);
}

TEST(DoctorCentral, ReachableAndToken) {
    HttpFacts down;
    down.transportError = "Couldn't connect to server (connection refused)";
    const Check d = CentralReachableCheck("http://10.0.0.5:8470", down);
    EXPECT_EQ(d.status, Status::Error);
    EXPECT_NE(d.detail.find("http://10.0.0.5:8470"), std::string::npos);

    HttpFacts ok;
    ok.status = 200;
    ok.body = R"({"status":"ok"})";
    EXPECT_EQ(CentralReachableCheck("http://c", ok).status, Status::Ok);
    HttpFacts otherServer;
    otherServer.status = 200;
    otherServer.body = "<html>It works!</html>";
    EXPECT_FALSE(IsCentralHealth(otherServer));
    EXPECT_EQ(CentralReachableCheck("http://c", otherServer).status, Status::Error);
    EXPECT_EQ(CentralTokenCheck("http://c", ok, "door.token", "").status, Status::Ok);

    HttpFacts unknown;
    unknown.status = 401;
    EXPECT_NE(CentralTokenCheck("http://c", unknown, "door.token", "").detail.find("401"),
              std::string::npos);
    HttpFacts revoked;
    revoked.status = 403;
    const Check r = CentralTokenCheck("http://c", revoked, "door.token", "");
    EXPECT_EQ(r.status, Status::Error);
    EXPECT_NE(r.detail.find("revoked"), std::string::npos);
    EXPECT_EQ(CentralTokenCheck("http://c", {}, "door.token", "the token file is empty").status,
              Status::Error);
}

TEST(DoctorClock, HttpDate) {
    EXPECT_EQ(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT"), 784111777);
    EXPECT_FALSE(ParseHttpDate("Sunday, 06-Nov-94 08:49:37 GMT"));
    EXPECT_FALSE(ParseHttpDate(""));
    EXPECT_FALSE(ParseHttpDate("Sun, 06 Nov 1994 08:49:37 GMT trailing"));
}

TEST(DoctorClock, OffsetAgainstTheMiddleOfTheRoundTrip) {
    // Half a second for the fraction the Date header drops.
    EXPECT_DOUBLE_EQ(ClockOffsetSeconds(1000, 999.0, 1001.0), 0.5);
    EXPECT_DOUBLE_EQ(ClockOffsetSeconds(1300, 999.5, 1000.5), 300.5);
    EXPECT_DOUBLE_EQ(ClockOffsetSeconds(1000, 1010.0, 1010.0), -9.5);
}

TEST(DoctorClock, Thresholds) {
    HttpFacts a;
    a.status = 200;
    a.date = "Sun, 06 Nov 1994 08:49:37 GMT";
    a.sentAt = a.receivedAt = 784111777.0;
    EXPECT_EQ(ClockCheck("http://c", a).status, Status::Ok);
    a.sentAt = a.receivedAt = 784111777.0 - 3;
    const Check behind = ClockCheck("http://c", a);
    EXPECT_EQ(behind.status, Status::Warning);
    EXPECT_NE(behind.detail.find("3.5 s behind"), std::string::npos);
    a.sentAt = a.receivedAt = 784111777.0 + 300;
    const Check ahead = ClockCheck("http://c", a);
    EXPECT_EQ(ahead.status, Status::Error);
    EXPECT_NE(ahead.detail.find("299.5 s ahead"), std::string::npos);
    a.date.clear();
    EXPECT_EQ(ClockCheck("http://c", a).status, Status::Warning);
}

TEST(DoctorTls, CertificateExpiry) {
    EXPECT_EQ(ParseCertDate("Jun 17 12:00:00 2026 GMT"), 1781697600);
    EXPECT_EQ(ParseCertDate("Jun  7 12:00:00 2026 GMT"), 1780833600);
    EXPECT_FALSE(ParseCertDate("2026-06-17"));

    HttpFacts a;
    a.status = 200;
    a.certExpiry = "Jun 17 12:00:00 2026 GMT";
    const std::int64_t expiry = 1781697600;
    const std::int64_t day = 86400;
    EXPECT_EQ(CentralCertificateCheck("https://c", a, expiry - 30 * day).status, Status::Ok);
    const Check soon = CentralCertificateCheck("https://c", a, expiry - 5 * day);
    EXPECT_EQ(soon.status, Status::Warning);
    EXPECT_NE(soon.detail.find("expires in 5 days"), std::string::npos);
    EXPECT_EQ(CentralCertificateCheck("https://c", a, expiry + 2 * day).status, Status::Error);
    EXPECT_EQ(CentralCertificateCheck("http://c", a, 0).status, Status::Ok);
}

TEST(DoctorTls, CentralsFiles) {
    EXPECT_EQ(TlsFilesCheck({}).status, Status::Ok);
    TlsFileFacts f{"c.crt", "c.key", "", true, 90};
    EXPECT_EQ(TlsFilesCheck(f).status, Status::Ok);
    f.keyMatches = false;
    EXPECT_EQ(TlsFilesCheck(f).status, Status::Error);
    f.keyMatches = true;
    f.daysLeft = 3;
    EXPECT_EQ(TlsFilesCheck(f).status, Status::Warning);
    f.error = "cannot read a PEM certificate from c.crt";
    EXPECT_EQ(TlsFilesCheck(f).status, Status::Error);
}

TEST(DoctorScanner, DevicesAndGroups) {
    DeviceFacts d{"evdev", "0c2e:0b61", "/dev/input/event5", true, true, ""};
    EXPECT_EQ(ScannerCheck(d).status, Status::Ok);
    d.readable = false;
    d.error = "Permission denied";
    const Check denied = ScannerCheck(d);
    EXPECT_EQ(denied.status, Status::Error);
    EXPECT_NE(denied.fix.find("usermod -aG input"), std::string::npos);
    DeviceFacts serial{"serial", "/dev/ttyACM0", "/dev/ttyACM0", true, false, "denied"};
    EXPECT_NE(ScannerCheck(serial).fix.find("dialout"), std::string::npos);
    DeviceFacts absent{"camera", "/dev/video0", "/dev/video0", false, false, ""};
    EXPECT_EQ(ScannerCheck(absent).status, Status::Error);
    EXPECT_EQ(KeyboardWedgeCheck().status, Status::Ok);
}

TEST(DoctorDisplay, EnvironmentAndRenderer) {
    EXPECT_EQ(DisplayCheck("", "").status, Status::Warning);
    EXPECT_EQ(DisplayCheck(":0", "").status, Status::Ok);
    EXPECT_EQ(DisplayCheck("", "wayland-0").status, Status::Ok);

    EXPECT_TRUE(IsSoftwareRenderer("llvmpipe (LLVM 15.0.6, 256 bits)"));
    EXPECT_FALSE(IsSoftwareRenderer("Mesa Intel(R) UHD Graphics 620 (KBL GT2)"));

    RendererFacts gpu{"/usr/bin/accueil-kiosk", 0, false,
                      "GL_RENDERER: Mesa Intel(R) UHD Graphics 620\nGL_VERSION: 4.6 (Core)\n"};
    const Check g = RendererCheck(gpu, true);
    EXPECT_EQ(g.status, Status::Ok);
    EXPECT_EQ(g.detail, "Mesa Intel(R) UHD Graphics 620, OpenGL 4.6 (Core)");
    RendererFacts soft{"/usr/bin/accueil-kiosk", 0, false,
                       "GL_RENDERER: llvmpipe (LLVM 15.0.6, 256 bits)\nGL_VERSION: 4.5\n"};
    const Check s = RendererCheck(soft, true);
    EXPECT_EQ(s.status, Status::Warning);
    EXPECT_NE(s.detail.find("no GPU driver"), std::string::npos);
    RendererFacts none{"/usr/bin/accueil-kiosk", 6, false, "cannot open the display: X11\n"};
    EXPECT_EQ(RendererCheck(none, true).status, Status::Error);
    EXPECT_EQ(RendererCheck(none, false).status, Status::Warning);
    const Check n = RendererCheck(none, true);
    EXPECT_EQ(n.detail, "no OpenGL window (exit 6: cannot open the display: X11)");
    RendererFacts silent{"/usr/bin/accueil-kiosk", 134, false, ""};
    EXPECT_EQ(RendererCheck(silent, true).detail, "no OpenGL window (exit 134, nothing printed)");
    // It answered, then failed on its way out: the renderer is named, and the exit too.
    RendererFacts crashedAfter = gpu;
    crashedAfter.exitStatus = 134;
    const Check c = RendererCheck(crashedAfter, true);
    EXPECT_EQ(c.status, Status::Warning);
    EXPECT_EQ(c.detail, "Mesa Intel(R) UHD Graphics 620, OpenGL 4.6 (Core), then "
                        "--check-display ended with exit 134");
    RendererFacts hung{"/usr/bin/accueil-kiosk", 137, true, ""};
    EXPECT_EQ(RendererCheck(hung, true).status, Status::Error);
    EXPECT_EQ(RendererCheck(RendererFacts{}, true).status, Status::Warning);
}

TEST(DoctorFonts, PerLanguageWithPackage) {
    const auto latin = FontsNeeded({"en", "fr", "ru"}, "/noto", "/cjk.ttc");
    EXPECT_EQ(latin.size(), 2U);
    const auto all = FontsNeeded({"en", "ar", "zh"}, "/noto", "/cjk.ttc");
    ASSERT_EQ(all.size(), 5U);
    EXPECT_EQ(all.back().path, "/cjk.ttc");
    EXPECT_EQ(FontsCheck(all, {true, true, true, true, true}).status, Status::Ok);
    const Check c = FontsCheck(all, {true, true, false, true, false});
    EXPECT_EQ(c.status, Status::Error);
    EXPECT_EQ(c.fix, "apt-get install fonts-noto-cjk fonts-noto-core");
    EXPECT_NE(c.detail.find("Arabic"), std::string::npos);
}

TEST(DoctorListen, States) {
    EXPECT_EQ(ListenCheck("0.0.0.0:8470", ListenState::Serving, "").detail,
              "serving on 0.0.0.0:8470");
    const Check free = ListenCheck("0.0.0.0:8470", ListenState::Free, "");
    EXPECT_EQ(free.status, Status::Warning);
    EXPECT_EQ(free.fix, "systemctl start accueil-central");
    EXPECT_EQ(ListenCheck("0.0.0.0:8470", ListenState::Taken, "").status, Status::Error);
}

TEST(DoctorIndico, TokenMode) {
    EXPECT_EQ(IndicoTokenCheck("indico.token", true, 0600).status, Status::Ok);
    EXPECT_EQ(IndicoTokenCheck("indico.token", true, 0640).fix, "chmod 600 indico.token");
    EXPECT_EQ(IndicoTokenCheck("indico.token", false, 0).status, Status::Error);
}

TEST(DoctorCentral, KioskTokenFileMode) {
    EXPECT_EQ(KioskTokenFileCheck("door-1.token", 0600).status, Status::Ok);
    const Check c = KioskTokenFileCheck("door-1.token", 0644);
    EXPECT_EQ(c.status, Status::Warning);
    EXPECT_EQ(c.fix, "chmod 600 door-1.token");
}

TEST(DoctorReport, ExitStatusAndFormats) {
    const std::vector<Check> fine{Ok("config", "read"), Warn("display", "none", "fine")};
    EXPECT_EQ(ExitStatus(fine), 0);
    std::vector<Check> failed = fine;
    failed.push_back(Fail("staff", "no staff account", "accueil staff add"));
    EXPECT_EQ(ExitStatus(failed), 8);

    const std::string text = FormatText(Kind::Central, "central.toml", failed);
    EXPECT_EQ(text.substr(0, text.find('\n')), "central: central.toml");
    EXPECT_NE(text.find("error    staff"), std::string::npos);
    EXPECT_NE(text.find("no staff account — accueil staff add"), std::string::npos);

    const auto json = nlohmann::json::parse(FormatJson(failed));
    ASSERT_EQ(json.size(), 3U);
    EXPECT_EQ(json[2]["check"], "staff");
    EXPECT_EQ(json[2]["status"], "error");
    EXPECT_EQ(json[2]["fix"], "accueil staff add");
    EXPECT_EQ(json[0]["fix"], "");
}

} // namespace
} // namespace accueil::cli::doctor
