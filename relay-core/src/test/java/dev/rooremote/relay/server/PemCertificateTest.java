package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.cli.RelayMain;
import dev.rooremote.relay.tls.TlsException;
import dev.rooremote.relay.tls.TlsIdentity;
import dev.rooremote.testsupport.roo.WsClient;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --tls-cert CHAIN.pem --tls-key KEY.pem}: the relay serves the operator's certificate and its
 * chain from PEM files in the formats CAs and OpenSSL write, and serves a renewed one without a
 * restart; files it cannot use stop the start with a clear message, or, when they replace good ones,
 * leave the good certificate in place.
 */
class PemCertificateTest {

    @TempDir
    Path dir;

    private TestCa ca;
    private Path chain;
    private Path key;
    private RelayRuntime relay;

    @BeforeEach
    void makeCa() throws Exception {
        ca = TestCa.create();
        chain = dir.resolve("fullchain.pem");
        key = dir.resolve("privkey.pem");
    }

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    private RelayRuntime start() throws Exception {
        relay = RelayRuntime.start(
                RelayRuntime.Options.of(dir.resolve("data"), "127.0.0.1", 0).withPem(chain, key),
                (log, settings, data, metrics) -> new StandInHub(log, List.of("s1")));
        return relay;
    }

    /** Writes a file the way a renewal does: a new file moved over the old one. */
    private static void replace(Path file, String text) throws Exception {
        Path next = Files.writeString(file.resolveSibling(file.getFileName() + ".new"), text);
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The certificates a new TLS client that trusts only the test CA's root is shown. */
    private List<X509Certificate> served() throws Exception {
        try (SSLSocket socket =
                (SSLSocket) WsClient.trusting(ca.root).getSocketFactory().createSocket("127.0.0.1", relay.port())) {
            socket.setSoTimeout(20_000);
            socket.startHandshake();
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : socket.getSession().getPeerCertificates()) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        }
    }

    private String infoFingerprint() throws Exception {
        HttpResponse<String> info = WsClient.http(ca.root)
                .send(
                        HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/web/info"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return RooJson.parse(info.body()).get("fingerprint").asText();
    }

    @Test
    void anRsaCertificateWithItsChainIsServedFromPemFiles() throws Exception {
        TestCa.Issued rsa = ca.issue("RSA");
        Files.writeString(chain, ca.chainPem(rsa));
        String pkcs1 = TestCa.traditionalKey(rsa.keys().getPrivate());
        assertThat(pkcs1).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        Files.writeString(key, pkcs1);
        start();

        assertThat(served()).containsExactly(rsa.leaf(), ca.intermediate);
        String fingerprint = TlsIdentity.fingerprint(rsa.leaf());
        assertThat(relay.fingerprint()).isEqualTo(fingerprint);
        assertThat(infoFingerprint()).isEqualTo(fingerprint);
        // A client that trusts the root verifies the whole chain and the name, as a browser would.
        HttpResponse<String> health = WsClient.http(ca.root)
                .send(
                        HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/health"))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(dir.resolve("data").resolve(TlsIdentity.KEYSTORE_FILE)).doesNotExist();

        Run fingerprintCommand = run(
                "fingerprint",
                "--tls-cert",
                chain.toString(),
                "--data-dir",
                dir.resolve("data").toString());
        assertThat(fingerprintCommand.code()).isZero();
        assertThat(fingerprintCommand.out().strip()).isEqualTo("SHA-256 " + fingerprint);
    }

    @Test
    void renewedFilesAreServedWithoutARestartAndBrokenOnesKeepTheCurrentCertificate() throws Exception {
        TestCa.Issued first = ca.issue("EC");
        Files.writeString(chain, ca.chainPem(first));
        String sec1 = TestCa.ecKeyWithParameters(first.keys().getPrivate());
        assertThat(sec1).contains("-----BEGIN EC PARAMETERS-----").contains("-----BEGIN EC PRIVATE KEY-----");
        Files.writeString(key, sec1);
        start();
        assertThat(served().get(0)).isEqualTo(first.leaf());

        // Renewed, with the key now in PKCS#8.
        TestCa.Issued second = ca.issue("RSA");
        replace(key, TestCa.pkcs8Key(second.keys().getPrivate()));
        replace(chain, ca.chainPem(second));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> served().get(0).equals(second.leaf()));
        assertThat(served()).containsExactly(second.leaf(), ca.intermediate);
        assertThat(relay.fingerprint()).isEqualTo(TlsIdentity.fingerprint(second.leaf()));
        assertThat(infoFingerprint()).isEqualTo(TlsIdentity.fingerprint(second.leaf()));

        // A new certificate whose key did not arrive: the relay keeps serving the one that works.
        TestCa.Issued third = ca.issue("EC");
        replace(chain, ca.chainPem(third));
        Thread.sleep(RelayServer.CERTIFICATE_CHECK.multipliedBy(4).toMillis());
        assertThat(served().get(0)).isEqualTo(second.leaf());
        assertThat(relay.fingerprint()).isEqualTo(TlsIdentity.fingerprint(second.leaf()));
        // Garbage is no better.
        replace(key, "-----BEGIN PRIVATE KEY-----\nnot base64 at all\n-----END PRIVATE KEY-----\n");
        Thread.sleep(RelayServer.CERTIFICATE_CHECK.multipliedBy(4).toMillis());
        assertThat(served().get(0)).isEqualTo(second.leaf());

        // Once the key arrives, the new certificate is served.
        replace(key, TestCa.opensslEcKey(third.keys()));
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> served().get(0).equals(third.leaf()));
        assertThat(relay.fingerprint()).isEqualTo(TlsIdentity.fingerprint(third.leaf()));
    }

    @Test
    void filesThatCannotBeUsedStopTheStartSayingWhichAndWhatToDo() throws Exception {
        TestCa.Issued issued = ca.issue("EC");
        TestCa.Issued other = ca.issue("EC");
        Files.writeString(chain, ca.chainPem(issued));
        Files.writeString(key, TestCa.pkcs8Key(other.keys().getPrivate()));
        assertThatThrownBy(this::start)
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("--tls-key " + key)
                .hasMessageContaining("does not belong");

        Files.writeString(chain, TestCa.pem(ca.intermediate) + TestCa.pem(issued.leaf()));
        Files.writeString(key, TestCa.pkcs8Key(issued.keys().getPrivate()));
        assertThatThrownBy(this::start).isInstanceOf(TlsException.class).hasMessageContaining("first");

        Files.writeString(chain, "this is not a certificate\n");
        Run garbage = run(
                "serve",
                "--demo",
                "1",
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--tls-cert",
                chain.toString(),
                "--tls-key",
                key.toString(),
                "--data-dir",
                dir.resolve("data").toString());
        assertThat(garbage.code()).isEqualTo(1);
        assertThat(garbage.err()).contains("--tls-cert " + chain).contains("no certificate");

        Files.writeString(chain, ca.chainPem(issued));
        Run missingKey = run(
                "serve",
                "--demo",
                "1",
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--tls-cert",
                chain.toString(),
                "--tls-key",
                dir.resolve("nope.pem").toString(),
                "--data-dir",
                dir.resolve("data").toString());
        assertThat(missingKey.code()).isEqualTo(1);
        assertThat(missingKey.err())
                .contains("--tls-key " + dir.resolve("nope.pem"))
                .contains("does not exist");

        Run keyInChain = run(
                "fingerprint",
                "--tls-cert",
                key.toString(),
                "--data-dir",
                dir.resolve("data").toString());
        assertThat(keyInChain.code()).isEqualTo(1);
        assertThat(keyInChain.err()).contains("private key");

        Run alone = run(
                "serve",
                "--demo",
                "1",
                "--bind",
                "127.0.0.1",
                "--port",
                "0",
                "--tls-cert",
                chain.toString(),
                "--data-dir",
                dir.resolve("data").toString());
        assertThat(alone.code()).isEqualTo(2);
        assertThat(alone.err()).contains("--tls-cert and --tls-key go together");
        // Nothing was left open: a good start follows.
        start();
        assertThat(relay.fingerprint()).isEqualTo(TlsIdentity.fingerprint(issued.leaf()));
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RelayMain.commandLine(
                        new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }
}
