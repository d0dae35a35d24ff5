package dev.rooremote.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.server.Limits;
import dev.rooremote.relay.server.RelayRuntime;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RelayCliTest {

    @TempDir
    Path dir;

    private static CliRun run(String stdin, String... args) {
        return CliRun.run(stdin, args);
    }

    private String data() {
        return dir.resolve("data").toString();
    }

    @Test
    void everyCommandHasHelpWithExitCodes() {
        for (String[] command : new String[][] {
            {"--help"},
            {"serve", "--help"},
            {"user", "--help"},
            {"pair", "--help"},
            {"device", "--help"},
            {"device", "list", "--help"},
            {"device", "revoke", "--help"},
            {"user", "add", "--help"},
            {"user", "list", "--help"},
            {"user", "remove", "--help"},
            {"user", "passwd", "--help"},
            {"user", "passkeys", "--help"},
            {"user", "passkey-remove", "--help"},
            {"token", "--help"},
            {"token", "create", "--help"},
            {"token", "list", "--help"},
            {"token", "revoke", "--help"},
            {"fingerprint", "--help"},
            {"migrate", "--help"},
            {"export", "--help"},
            {"import", "--help"},
            {"audit", "--help"}
        }) {
            CliRun run = run("", command);
            assertThat(run.code()).as(String.join(" ", command)).isZero();
            assertThat(run.out())
                    .as(String.join(" ", command))
                    .contains("Usage:")
                    .contains("Exit codes:");
        }
    }

    @Test
    void usersAreAddedListedChangedAndRemoved() {
        CliRun add = run(
                "alice-password\n",
                "user",
                "add",
                "alice",
                "--role",
                "admin",
                "--password-stdin",
                "--data-dir",
                data());
        assertThat(add.code()).isZero();
        assertThat(add.out()).contains("added user 'alice' with the admin role");

        CliRun list = run("", "user", "list", "--data-dir", data());
        assertThat(list.out()).contains("alice").contains("admin");

        CliRun again = run(
                "other-password\n",
                "user",
                "add",
                "alice",
                "--role",
                "viewer",
                "--password-stdin",
                "--data-dir",
                data());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("already exists").contains("user passwd");

        assertThat(run("new-password-1\n", "user", "passwd", "alice", "--password-stdin", "--data-dir", data())
                        .code())
                .isZero();
        assertThat(run("", "user", "remove", "alice", "--data-dir", data()).code())
                .isZero();
        CliRun gone = run("", "user", "remove", "alice", "--data-dir", data());
        assertThat(gone.code()).isEqualTo(2);
        assertThat(gone.err()).contains("no user 'alice'");
        assertThat(run("", "user", "list", "--data-dir", data()).out()).contains("no users");
    }

    @Test
    void badOptionsNameTheOptionAndExitWithTwo() {
        CliRun role =
                run("pw-pw-pw-pw\n", "user", "add", "bob", "--role", "boss", "--password-stdin", "--data-dir", data());
        assertThat(role.code()).isEqualTo(2);
        assertThat(role.err()).contains("--role boss").contains("viewer, operator or admin");

        CliRun noStdin = run("", "user", "add", "bob", "--role", "viewer", "--data-dir", data());
        assertThat(noStdin.code()).isEqualTo(2);
        assertThat(noStdin.err()).contains("--password-stdin");

        CliRun shortPassword =
                run("short\n", "user", "add", "bob", "--role", "viewer", "--password-stdin", "--data-dir", data());
        assertThat(shortPassword.code()).isEqualTo(2);
        assertThat(shortPassword.err()).contains("at least 8 characters");

        CliRun missingDataDir = run("", "user", "list");
        assertThat(missingDataDir.code()).isEqualTo(2);
        assertThat(missingDataDir.err()).contains("--data-dir");

        CliRun noRelayData =
                run("", "user", "list", "--data-dir", dir.resolve("elsewhere").toString());
        assertThat(noRelayData.code()).isEqualTo(2);
        assertThat(noRelayData.err()).contains("holds no relay data");

        CliRun ttl =
                run("", "token", "create", "bot", "--sessions", "demo-1", "--ttl", "forever", "--data-dir", data());
        assertThat(ttl.code()).isEqualTo(2);
        assertThat(ttl.err()).contains("--ttl forever").contains("30d");

        CliRun admin =
                run("", "token", "create", "bot", "--sessions", "demo-1", "--role", "admin", "--data-dir", data());
        assertThat(admin.code()).isEqualTo(2);
        assertThat(admin.err()).contains("--role admin");

        CliRun plain = run("", "serve", "--data-dir", data(), "--bind", "0.0.0.0", "--plain", "--demo", "1");
        assertThat(plain.code()).isEqualTo(2);
        assertThat(plain.err()).contains("--plain").contains("loopback");

        CliRun interval = run("", "serve", "--data-dir", data(), "--demo", "1", "--stream-interval", "-5");
        assertThat(interval.code()).isEqualTo(2);
        assertThat(interval.err()).contains("--stream-interval -5").contains("use 0 to 5000");

        CliRun noSessions = run("", "serve", "--data-dir", data(), "--bind", "127.0.0.1");
        assertThat(noSessions.code()).isEqualTo(2);
        assertThat(noSessions.err()).contains("--demo N");

        CliRun badContact = run("", "serve", "--data-dir", data(), "--demo", "1", "--push-contact", "ops.example.com");
        assertThat(badContact.code()).isEqualTo(2);
        assertThat(badContact.err())
                .contains("--push-contact 'ops.example.com'")
                .contains("mailto:ops@example.com");

        CliRun badExtension =
                run("", "serve", "--data-dir", data(), "--launch", "w=" + data(), "--roo-extension", "roo code");
        assertThat(badExtension.code()).isEqualTo(2);
        assertThat(badExtension.err())
                .contains("'roo code' is not an extension id")
                .contains("PUBLISHER.NAME");
        CliRun extensionWithoutLaunch = run(
                "", "serve", "--data-dir", data(), "--demo", "1", "--roo-extension", "ZooCodeOrganization.zoo-code");
        assertThat(extensionWithoutLaunch.code()).isEqualTo(2);
        assertThat(extensionWithoutLaunch.err()).contains("--roo-extension applies to --launch sessions");

        CliRun unknown = run("", "user", "add", "bob", "--role", "viewer", "--data-dir", data(), "--colour", "red");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("--colour");
    }

    @Test
    void tokensAreCreatedListedAndRevoked() {
        CliRun create = run(
                "",
                "token",
                "create",
                "ci",
                "--sessions",
                "demo-1,demo-2",
                "--role",
                "viewer",
                "--ttl",
                "12h",
                "--data-dir",
                data());
        assertThat(create.code()).isZero();
        String[] lines = create.out().strip().split("\n");
        assertThat(lines[lines.length - 1]).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
        assertThat(create.out()).contains("viewer").contains("demo-1,demo-2");

        assertThat(run("", "token", "list", "--data-dir", data()).out())
                .contains("ci")
                .contains("active");
        assertThat(run("", "token", "revoke", "ci", "--data-dir", data()).code())
                .isZero();
        assertThat(run("", "token", "list", "--data-dir", data()).out()).contains("revoked");
        assertThat(run("", "token", "revoke", "ci", "--data-dir", data()).code())
                .isEqualTo(2);
    }

    @Test
    void aPhoneIsPairedByTheQrCodeThenListedAndRevoked() {
        run("bob-password\n", "user", "add", "bob", "--role", "operator", "--password-stdin", "--data-dir", data());
        CliRun pair = run("", "pair", "--user", "bob", "--url", "https://relay.example:8443", "--data-dir", data());
        assertThat(pair.code()).isZero();
        List<String> lines = pair.out().lines().toList();
        String link = lines.get(lines.size() - 1);
        assertThat(link).matches("https://relay\\.example:8443/#pair=[A-Za-z0-9_-]{27}");
        List<String> blocks = lines.stream()
                .filter(l -> !l.isBlank() && l.chars().allMatch(c -> " █▀▄".indexOf(c) >= 0))
                .toList();
        assertThat(dev.rooremote.testsupport.roo.QrCodes.decodeText(blocks)).isEqualTo(link);
        assertThat(run("", "device", "list", "--data-dir", data()).out()).contains("no paired devices");

        String code = link.substring(link.indexOf("#pair=") + 6);
        try (dev.rooremote.relay.store.Database database = dev.rooremote.relay.store.Database.open(Path.of(data()))) {
            dev.rooremote.relay.auth.AuthService.create(database, java.time.Clock.systemUTC())
                    .pair(code, "Bob's phone", "127.0.0.1");
        }
        CliRun list = run("", "device", "list", "--user", "bob", "--data-dir", data());
        assertThat(list.out()).contains("Bob's phone").contains("bob").contains("yes");
        String id = list.out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];

        CliRun revoke = run("", "device", "revoke", id, "--data-dir", data());
        assertThat(revoke.code()).isZero();
        assertThat(revoke.out()).contains("revoked device " + id);
        assertThat(run("", "device", "list", "--data-dir", data()).out()).contains("no paired devices");
        CliRun again = run("", "device", "revoke", id, "--data-dir", data());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("no device '" + id + "'");
        assertThat(run("", "audit", "--data-dir", data()).out())
                .contains("pair_code")
                .contains("device_revoke");
    }

    @Test
    void anAdminListsAndRemovesAUsersPasskeys() {
        run("bob-password\n", "user", "add", "bob", "--role", "operator", "--password-stdin", "--data-dir", data());
        assertThat(run("", "user", "passkeys", "bob", "--data-dir", data()).out())
                .contains("has no passkeys");
        String id;
        try (dev.rooremote.relay.store.Database database = dev.rooremote.relay.store.Database.open(Path.of(data()))) {
            dev.rooremote.relay.auth.Passkeys passkeys =
                    new dev.rooremote.relay.auth.Passkeys(database, java.time.Clock.systemUTC());
            id = passkeys.add("bob", "Bob's laptop", "Y3JlZC0x", "AAEC", 0).id();
            passkeys.add("bob", "Bob's phone", "Y3JlZC0y", "AAEC", 0);
        }
        CliRun list = run("", "user", "passkeys", "bob", "--data-dir", data());
        assertThat(list.code()).isZero();
        assertThat(list.out())
                .contains(id)
                .contains("Bob's laptop")
                .contains("Bob's phone")
                .contains("never");

        CliRun remove = run("", "user", "passkey-remove", "bob", id, "--data-dir", data());
        assertThat(remove.code()).isZero();
        assertThat(remove.out()).contains("removed passkey " + id).contains("1 passkey(s) left");
        assertThat(run("", "user", "passkeys", "bob", "--data-dir", data()).out())
                .doesNotContain("Bob's laptop");
        CliRun again = run("", "user", "passkey-remove", "bob", id, "--data-dir", data());
        assertThat(again.code()).isEqualTo(2);
        assertThat(again.err()).contains("has no passkey '" + id + "'");
        CliRun nobody = run("", "user", "passkeys", "nobody", "--data-dir", data());
        assertThat(nobody.code()).isEqualTo(2);
        assertThat(nobody.err()).contains("no user 'nobody'");
        assertThat(run("", "audit", "--data-dir", data()).out()).contains("passkey_remove");
    }

    @Test
    void pairingRefusesAnUnknownUserOrABadUrl() {
        run("bob-password\n", "user", "add", "bob", "--role", "operator", "--password-stdin", "--data-dir", data());
        CliRun nobody = run("", "pair", "--user", "nobody", "--url", "https://r:8443/", "--data-dir", data());
        assertThat(nobody.code()).isEqualTo(2);
        assertThat(nobody.err()).contains("no user 'nobody'");
        for (String url : new String[] {"ftp://relay/", "relay:8443", "https://relay/?x=1", "https://relay/#x", "::"}) {
            CliRun bad = run("", "pair", "--user", "bob", "--url", url, "--data-dir", data());
            assertThat(bad.code()).as(url).isEqualTo(2);
            assertThat(bad.err()).as(url).contains("--url");
        }
        CliRun noData = run(
                "",
                "pair",
                "--user",
                "bob",
                "--url",
                "https://r/",
                "--data-dir",
                dir.resolve("none").toString());
        assertThat(noData.code()).isEqualTo(2);
        assertThat(noData.err()).contains("holds no relay data");
    }

    @Test
    void fingerprintIsStableAndMatchesTheServedCertificate() throws Exception {
        CliRun first = run("", "fingerprint", "--data-dir", data());
        assertThat(first.code()).isZero();
        assertThat(first.out().strip()).matches("SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        try (RelayRuntime relay = RelayRuntime.start(
                new RelayRuntime.Options(
                        Path.of(data()), "127.0.0.1", 0, false, null, null, Limits.defaults(), null, null),
                (log, settings, d, metrics) -> new SessionManager(
                        log, settings, d, List.of(new SessionConfig.Demo("demo-1")), SessionOptions.defaults()))) {
            assertThat(first.out().strip()).isEqualTo("SHA-256 " + relay.fingerprint());
        }
    }

    /** User and token commands in another process change a relay that is running on the same data dir. */
    @Test
    void userAndTokenCommandsWorkFromAnotherProcessWhileTheRelayRuns() throws Exception {
        try (RelayRuntime relay = RelayRuntime.start(
                new RelayRuntime.Options(
                        Path.of(data()), "127.0.0.1", 0, false, null, null, Limits.defaults(), null, null),
                (log, settings, d, metrics) -> new SessionManager(
                        log, settings, d, List.of(new SessionConfig.Demo("demo-1")), SessionOptions.defaults()))) {
            assertThat(relay.auth().users().count()).isZero();

            CliRun add = process(
                    "dave-password\n",
                    "user",
                    "add",
                    "dave",
                    "--role",
                    "operator",
                    "--password-stdin",
                    "--data-dir",
                    data());
            assertThat(add.code()).as(add.err()).isZero();
            HttpClient http =
                    HttpClient.newBuilder().sslContext(trusting(relay)).build();
            HttpResponse<String> login = http.send(
                    HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/auth/login"))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    "{\"username\":\"dave\",\"password\":\"dave-password\"}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            assertThat(relay.auth().users().find("dave").orElseThrow().role()).isEqualTo(Role.OPERATOR);

            CliRun create = process("", "token", "create", "nightly", "--sessions", "demo-1", "--data-dir", data());
            assertThat(create.code()).as(create.err()).isZero();
            String[] lines = create.out().strip().split("\n");
            String token = lines[lines.length - 1];
            assertThat(upgrade(http, relay, token)).isEqualTo(101);

            CliRun revoke = process("", "token", "revoke", "nightly", "--data-dir", data());
            assertThat(revoke.code()).as(revoke.err()).isZero();
            assertThat(upgrade(http, relay, token)).isEqualTo(401);
        }
    }

    private CliRun process(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                RelayMain.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CliRun(
                process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static int upgrade(HttpClient http, RelayRuntime relay, String token) {
        try {
            WebSocket socket = http.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .connectTimeout(Duration.ofSeconds(20))
                    .buildAsync(URI.create(relay.url()), new WebSocket.Listener() {})
                    .join();
            socket.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    private static SSLContext trusting(RelayRuntime relay) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance(java.security.KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("relay", relay.tls().certificate());
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }
}
