// SPDX-License-Identifier: Apache-2.0
// HTTPS with a certificate and key from the config: a client that trusts the certificate syncs,
// plain HTTP to the same port gets nowhere.

#include "SyncTestEnv.h"

#include <cstdlib>

namespace accueil::sync::test {
namespace {

TEST(Tls, ServesHttpsWithTheConfiguredCertificate) {
    TempDir dir;
    const std::string cert = dir.file("central.crt");
    const std::string key = dir.file("central.key");
    const std::string cmd = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 "
                            "-nodes -days 2 -subj /CN=127.0.0.1 -addext "
                            "subjectAltName=IP:127.0.0.1 -keyout " +
                            key + " -out " + cert + " >/dev/null 2>&1";
    // NOLINTNEXTLINE(cert-env33-c,concurrency-mt-unsafe): our own openssl command, no thread yet
    if (std::system(cmd.c_str()) != 0) {
        GTEST_SKIP() << "openssl command not available to make a test certificate";
    }
    const auto event = TestEvent();
    ServerOptions options;
    options.tlsCert = cert;
    options.tlsKey = key;
    Central central(dir, event, options);
    ASSERT_TRUE(central.store->importRegistrants(
        core::GenerateDemoRegistrants(10, event.calendar->days(), 2), {}));
    const std::string token = central.addKiosk("door-1");
    auto store = core::AttendanceStore::Open(dir.file("door-1.db"), event, "door-1");
    ASSERT_TRUE(store);

    SyncOptions o;
    o.url = "https://127.0.0.1:" + std::to_string(central.port);
    o.token = token;
    o.caFile = cert;
    SyncClient client(o);
    const RoundReport r = client.runRound(*store);
    EXPECT_TRUE(r.ok()) << (r.worstError() != nullptr ? r.worstError()->message : "");
    EXPECT_EQ(*store->registrantCount(), 10);

    o.caFile.clear(); // an unknown certificate is refused
    SyncClient untrusting(o);
    const RoundReport refused = untrusting.runRound(*store);
    ASSERT_NE(refused.worstError(), nullptr);
    EXPECT_EQ(refused.worstError()->kind, SyncErrorKind::Network);

    o.url = "http://127.0.0.1:" + std::to_string(central.port);
    SyncClient plain(o);
    const RoundReport noTls = plain.runRound(*store);
    ASSERT_NE(noTls.worstError(), nullptr);
    EXPECT_EQ(noTls.worstError()->kind, SyncErrorKind::Network);
}

TEST(Tls, MissingCertificateIsAConfigError) {
    TempDir dir;
    const auto event = TestEvent();
    auto store = OpenSqliteCentralStore(dir.file("c.db"), event, true);
    ASSERT_TRUE(store);
    ServerOptions options;
    options.port = 0;
    options.tlsCert = dir.file("nope.crt");
    options.tlsKey = dir.file("nope.key");
    auto server = CentralServer::Start(options, event, **store);
    ASSERT_FALSE(server);
    EXPECT_EQ(server.error().kind, ErrorKind::Config);
}

} // namespace
} // namespace accueil::sync::test
