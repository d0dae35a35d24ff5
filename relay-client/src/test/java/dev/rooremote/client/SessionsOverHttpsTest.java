package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.protocol.relay.SessionInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session list in one HTTPS request against the real relay (real TLS, its pinned self-signed
 * certificate): the same list as over the WebSocket, the same refusals, and nothing from a relay
 * that predates the endpoint.
 */
class SessionsOverHttpsTest {

    private static final String OTHER =
            "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF";

    @TempDir
    static Path dataDir;

    private static TestRelay relay;

    @BeforeAll
    static void start() {
        relay = TestRelay.start(dataDir);
    }

    @AfterAll
    static void stop() {
        relay.close();
    }

    private static RelayClient.Builder client(Credentials credentials) {
        return RelayClient.builder(relay.url()).fingerprint(relay.fingerprint()).credentials(credentials);
    }

    @Test
    void theListIsTheOneTheWebSocketGivesForPasswordsAndAgentTokens() throws Exception {
        for (Credentials credentials : List.of(relay.credentials("alice"), Credentials.token(relay.token("carol")))) {
            Optional<List<SessionInfo>> overHttps =
                    client(credentials).sessionsOverHttps().fetch();

            List<SessionInfo> overWebSocket;
            try (RelayClient client = client(credentials).build()) {
                client.connect().get(20, TimeUnit.SECONDS);
                overWebSocket = client.sessions().get(20, TimeUnit.SECONDS);
            }
            assertThat(overHttps).contains(overWebSocket);
            assertThat(overWebSocket).extracting(SessionInfo::sessionId).contains(relay.session());
        }
    }

    @Test
    void aRefusedTokenIsRefusedAsOverTheWebSocket() {
        assertThatThrownBy(() -> client(Credentials.token("not-a-token"))
                        .sessionsOverHttps()
                        .fetch())
                .isInstanceOfSatisfying(RelayAuthenticationException.class, e -> assertThat(e.httpStatus())
                        .isEqualTo(401))
                .hasMessageContaining("the relay refused the token (expired, revoked, or not one of its tokens)");
    }

    @Test
    void anotherCertificateThanThePinnedOneFailsShowingBoth() {
        assertThatThrownBy(() -> RelayClient.builder(relay.url())
                        .fingerprint(OTHER)
                        .credentials(Credentials.token("t"))
                        .sessionsOverHttps()
                        .fetch())
                .isInstanceOf(RelayConnectionException.class)
                .cause()
                .isInstanceOfSatisfying(FingerprintMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(OTHER);
                    assertThat(e.actual()).isEqualTo(relay.fingerprint());
                });
    }

    @Test
    void aRelayWithoutTheEndpointGivesNothingSoTheCallerAsksOverTheWebSocket(@TempDir Path tls) throws Exception {
        try (ScriptedRelay older = new ScriptedRelay(tls)) {
            Optional<List<SessionInfo>> listed = RelayClient.builder(older.url())
                    .fingerprint(older.fingerprint())
                    .credentials(Credentials.token("t"))
                    .sessionsOverHttps()
                    .fetch();

            assertThat(listed).isEmpty();
            assertThat(older.otherRequests()).containsExactly("GET /v1/sessions");
        }
    }
}
