package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.relay.tls.TlsException;
import dev.rooremote.relay.tls.TlsIdentity;
import dev.rooremote.testsupport.roo.WsClient;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --tls-keystore}: the relay serves the user's own certificate, and makes none of its own. */
class OwnCertificateTest {

    @TempDir
    Path dir;

    @Test
    void theRelayServesTheCertificateFromTheUsersKeystore() throws Exception {
        Path keystore = keytool("own.p12", "s3cret-pass");
        Path passwordFile = Files.writeString(dir.resolve("pass.txt"), "s3cret-pass\n");
        X509Certificate own = certificate(keystore, "s3cret-pass");
        Path dataDir = dir.resolve("data");

        try (RelayRuntime relay = start(dataDir, keystore, passwordFile)) {
            assertThat(relay.fingerprint()).isEqualTo(TlsIdentity.fingerprint(own));

            // A client that trusts exactly the user's certificate completes the handshake ...
            HttpResponse<String> health = WsClient.http(own)
                    .send(
                            HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/health"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);

            // ... one that trusts another certificate is refused, and the relay made no certificate of its own.
            HttpClient other = WsClient.http(certificate(keytool("other.p12", "other-pass"), "other-pass"));
            assertThatThrownBy(() -> other.send(
                            HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/health"))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(dataDir.resolve(TlsIdentity.KEYSTORE_FILE)).doesNotExist();
        }
    }

    @Test
    void aWrongKeystorePasswordStopsTheStartWithTheOptionToFixAndLeavesNothingOpen() throws Exception {
        Path keystore = keytool("own.p12", "s3cret-pass");
        Path wrong = Files.writeString(dir.resolve("wrong.txt"), "not-the-password\n");
        Path right = Files.writeString(dir.resolve("pass.txt"), "s3cret-pass\n");
        Path dataDir = dir.resolve("data");

        assertThatThrownBy(() -> start(dataDir, keystore, wrong))
                .isInstanceOf(TlsException.class)
                .hasMessageContaining("--tls-password-file");
        // The database opened beside the certificate was closed again: the next start gets it.
        try (RelayRuntime relay = start(dataDir, keystore, right)) {
            assertThat(relay.fingerprint()).isEqualTo(TlsIdentity.fingerprint(certificate(keystore, "s3cret-pass")));
        }
    }

    private static RelayRuntime start(Path dataDir, Path keystore, Path passwordFile) throws Exception {
        return RelayRuntime.start(
                new RelayRuntime.Options(
                        dataDir, "127.0.0.1", 0, false, keystore, passwordFile, Limits.defaults(), null, null),
                (log, settings, data, metrics) -> new StandInHub(log, List.of("s1")));
    }

    /** A keystore made the way a user would make one, with the JDK's keytool. */
    private Path keytool(String name, String password) throws Exception {
        Path keystore = dir.resolve(name);
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "relay",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=relay.example",
                        "-ext",
                        "SAN=ip:127.0.0.1,dns:localhost",
                        "-validity",
                        "30",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        password)
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(output).isZero();
        return keystore;
    }

    private static X509Certificate certificate(Path keystore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        String alias = store.aliases().nextElement();
        return (X509Certificate) store.getCertificate(alias);
    }
}
