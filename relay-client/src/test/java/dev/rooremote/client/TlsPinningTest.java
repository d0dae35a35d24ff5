package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinned certificate over real TLS, with the relay's own self-signed certificate. */
class TlsPinningTest {

    private static final String OTHER =
            "3F:A1:00:7B:C2:9D:11:E4:5A:6B:7C:8D:9E:AF:B0:C1:D2:E3:F4:05:16:27:38:49:5A:6B:7C:8D:9E:AF:B0:C1";

    @TempDir
    Path dataDir;

    private ScriptedRelay relay;

    @BeforeEach
    void start() throws Exception {
        relay = new ScriptedRelay(dataDir);
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
    }

    @Test
    void thePinnedCertificateIsTrustedWhateverTheHostName() throws Exception {
        assertThat(relay.url()).startsWith("wss://");
        try (RelayClient client = RelayClient.builder(relay.url())
                .fingerprint(relay.fingerprint().toLowerCase())
                .credentials(Credentials.token("t"))
                .build()) {
            CompletableFuture<ServerMessage.Welcome> connected = client.connect();
            ClientMessage.Hello hello = relay.next(ClientMessage.Hello.class);
            relay.send(new ServerMessage.Welcome(hello.id(), 1, "test", "bob", Role.OPERATOR, List.of()));
            assertThat(connected.get(10, TimeUnit.SECONDS).user()).isEqualTo("bob");
            assertThat(client.connectionState().status()).isEqualTo(ConnectionState.Status.CONNECTED);
        }
    }

    @Test
    void anotherCertificateFailsHardShowingBothFingerprints() throws Exception {
        try (RelayClient client = RelayClient.builder(relay.url())
                .fingerprint(OTHER)
                .credentials(Credentials.token("t"))
                .retryFirstConnect(true)
                .reconnectBackoff(Duration.ofMillis(20), Duration.ofMillis(50))
                .build()) {
            assertThatThrownBy(() -> client.connect().get(20, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(RelayConnectionException.class)
                    .cause()
                    .isInstanceOfSatisfying(FingerprintMismatchException.class, e -> {
                        assertThat(e.expected()).isEqualTo(OTHER);
                        assertThat(e.actual()).isEqualTo(relay.fingerprint());
                        assertThat(e.getMessage())
                                .contains("expected: " + OTHER)
                                .contains("actual:   " + relay.fingerprint());
                    });
            assertThat(client.connectionState().status())
                    .as("a changed certificate is never retried, even when retrying is on")
                    .isEqualTo(ConnectionState.Status.FAILED);
            assertThat(relay.connections()).isZero();
        }
    }

    @Test
    void theSystemTrustStoreRefusesASelfSignedRelay() {
        try (RelayClient client = RelayClient.builder(relay.url())
                .trust(TlsTrust.system())
                .credentials(Credentials.token("t"))
                .build()) {
            assertThatThrownBy(() -> client.connect().get(20, TimeUnit.SECONDS))
                    .cause()
                    .isInstanceOf(RelayConnectionException.class)
                    .hasMessageContaining("cannot reach the relay at " + relay.url())
                    .hasMessageContaining("pin its SHA-256 fingerprint");
            assertThat(relay.connections()).isZero();
        }
    }

    @Test
    void trustOnFirstUseShowsTheCertificateWithoutTrustingIt() throws Exception {
        Tofu.Presented presented = Tofu.fetch(URI.create(relay.url()), Duration.ofSeconds(10));
        assertThat(presented.fingerprint()).hasToString(relay.fingerprint());
        assertThat(presented.notAfter()).isInTheFuture();
    }

    @Test
    void loginOverHttpsUsesTheSamePinAndReportsRefusal() {
        AuthClient pinned =
                AuthClientFactory.create(relay.url(), TlsTrust.pinned(relay.fingerprint()), Duration.ofSeconds(5));
        assertThatThrownBy(() -> pinned.login("alice", "wrong".toCharArray()))
                .isInstanceOfSatisfying(RelayAuthenticationException.class, e -> assertThat(e.httpStatus())
                        .isEqualTo(401))
                .hasMessageContaining("log in as 'alice'");

        AuthClient wrongPin = AuthClientFactory.create(relay.url(), TlsTrust.pinned(OTHER), Duration.ofSeconds(5));
        assertThatThrownBy(() -> wrongPin.login("alice", "secret".toCharArray()))
                .hasRootCauseInstanceOf(FingerprintMismatchException.class)
                .hasMessageContaining("does not match the pinned fingerprint");
    }
}
