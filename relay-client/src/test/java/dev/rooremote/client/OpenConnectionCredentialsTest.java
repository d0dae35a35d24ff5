package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.Role;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.RelayFixture;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client library keeps an open connection's credentials fresh in band, so a person never sees a
 * blip when access tokens expire; and a connection whose credentials are revoked ends, with the
 * reason, instead of retrying forever.
 */
class OpenConnectionCredentialsTest {

    private RelayFixture relay;

    @AfterEach
    void stop() {
        if (relay != null) {
            relay.close();
        }
    }

    private RelayClient client(Credentials credentials, List<ConnectionState> states) throws Exception {
        RelayClient client = RelayClient.builder(relay.url())
                .fingerprint(relay.fingerprint())
                .credentials(credentials)
                .reconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(1))
                .build();
        client.addConnectionListener(states::add);
        client.connect().get(30, TimeUnit.SECONDS);
        return client;
    }

    /** Access tokens the relay issued to bob by refresh (each one the client then sends in band). */
    private long renewals() {
        return relay.runtime()
                .audit()
                .query(new AuditLog.Query(null, "bob", "refresh", null, "ok", 100))
                .size();
    }

    @Test
    void requestsKeepWorkingOnOneConnectionLongAfterTheFirstAccessTokenExpired() throws Exception {
        relay = RelayFixture.builder()
                .demoSessions(1)
                .accessTokenLifetime(Duration.ofSeconds(3))
                .start();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        try (RelayClient bob =
                client(Credentials.password("bob", relay.password("bob").toCharArray()), states)) {
            String session = relay.sessionIds().get(0);
            // requests keep being answered on the first connection until the client has renewed its
            // 3-second access token three times: long after the first one expired
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        assertThat(bob.history(session).get(20, TimeUnit.SECONDS))
                                .isNotNull();
                        return renewals() >= 3;
                    });
            assertThat(bob.startTask(session, "Say hello", List.of(), null).get(20, TimeUnit.SECONDS))
                    .isNotBlank();
            assertThat(states)
                    .extracting(ConnectionState::status)
                    .containsExactly(
                            ConnectionState.Status.IDLE,
                            ConnectionState.Status.CONNECTING,
                            ConnectionState.Status.CONNECTED);
        }
    }

    @Test
    void aRevokedAgentTokenEndsTheConnectionWithTheReasonAndTheClientStops() throws Exception {
        relay = RelayFixture.builder().demoSessions(1).start();
        String session = relay.sessionIds().get(0);
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        try (RelayClient agent =
                client(Credentials.token(relay.agentToken("nightly", Role.OPERATOR, session)), states)) {
            assertThat(relay.revokeAgentToken("nightly")).isTrue();

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> agent.connectionState().status() == ConnectionState.Status.FAILED);
            assertThat(agent.connectionState().reason()).contains("revoked");
            assertThat(agent.startTask(session, "Still there?", List.of(), null))
                    .failsWithin(Duration.ofSeconds(20));
        }
    }
}
