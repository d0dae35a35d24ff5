package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in and then opening the WebSocket costs one full TLS handshake, not two: the WebSocket
 * resumes the sign-in's session. Real relay, real TLS; a TCP proxy reads each ServerHello.
 */
class TlsResumptionTest {

    private static final String OTHER =
            "3F:A1:00:7B:C2:9D:11:E4:5A:6B:7C:8D:9E:AF:B0:C1:D2:E3:F4:05:16:27:38:49:5A:6B:7C:8D:9E:AF:B0:C1";

    @TempDir
    Path dataDir;

    private TestRelay relay;
    private CountingProxy proxy;

    @BeforeEach
    void start() throws Exception {
        relay = TestRelay.start(dataDir);
        proxy = new CountingProxy(java.net.URI.create(relay.url()).getPort());
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        relay.close();
    }

    @Test
    void theWebSocketResumesTheSignInsTlsSession() throws Exception {
        try (RelayClient client = RelayClient.builder(proxy.rewrite(relay.url()))
                .fingerprint(relay.fingerprint())
                .credentials(relay.credentials("alice"))
                .build()) {
            assertThat(client.connect().get(30, TimeUnit.SECONDS).user()).isEqualTo("alice");
            assertThat(proxy.connections()).as("the sign-in and the WebSocket").isEqualTo(2);
            assertThat(proxy.resumedHandshakes())
                    .as("the WebSocket's handshake resumed the sign-in's session")
                    .isEqualTo(1);
        }
    }

    @Test
    void eachClientChecksTheCertificateItselfOnItsFirstConnection() throws Exception {
        for (int i = 1; i <= 2; i++) {
            try (RelayClient client = RelayClient.builder(proxy.rewrite(relay.url()))
                    .fingerprint(relay.fingerprint())
                    .credentials(relay.credentials("alice"))
                    .build()) {
                client.connect().get(30, TimeUnit.SECONDS);
            }
            assertThat(proxy.resumedHandshakes())
                    .as("client %d's sign-in is a full handshake; only its WebSocket resumes", i)
                    .isEqualTo(i);
        }
    }

    @Test
    void aClientPinnedToAnotherCertificateStillFailsAfterOthersConnected() throws Exception {
        try (RelayClient client = RelayClient.builder(proxy.rewrite(relay.url()))
                .fingerprint(relay.fingerprint())
                .credentials(relay.credentials("alice"))
                .build()) {
            client.connect().get(30, TimeUnit.SECONDS);
        }
        try (RelayClient client = RelayClient.builder(proxy.rewrite(relay.url()))
                .fingerprint(OTHER)
                .credentials(relay.credentials("alice"))
                .build()) {
            assertThatThrownBy(() -> client.connect().get(30, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(FingerprintMismatchException.class);
        }
        assertThat(proxy.resumedHandshakes()).isEqualTo(1);
    }
}
