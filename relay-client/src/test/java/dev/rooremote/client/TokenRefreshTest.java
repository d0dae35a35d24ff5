package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Access tokens are refreshed before they expire, refresh tokens rotate, and reconnects use the newest token. */
class TokenRefreshTest {

    private ScriptedRelay relay;

    @BeforeEach
    void start() throws Exception {
        relay = new ScriptedRelay();
    }

    @AfterEach
    void stop() throws Exception {
        relay.close();
    }

    @Test
    void passwordLoginRefreshesBeforeExpiryAndReconnectsWithTheNewToken() throws Exception {
        // Tokens expiring 62 s after issue are due for refresh (60 s early) about 2 s after.
        relay.tokenLifetime(Duration.ofSeconds(62));
        try (RelayClient client = RelayClient.builder(relay.url())
                .credentials(Credentials.password("alice", "secret".toCharArray()))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build()) {
            client.connect();
            welcome();
            assertThat(relay.upgradeTokens()).containsExactly("access-1");
            assertThat(relay.authRequests()).singleElement().asString().startsWith("/v1/auth/login");

            await().atMost(Duration.ofSeconds(20))
                    .until(() -> relay.authRequests().size() >= 2);
            assertThat(relay.authRequests().get(1)).contains("/v1/auth/refresh").contains("refresh-1");
            ClientMessage.Authenticate renewed = relay.next(ClientMessage.Authenticate.class);
            assertThat(renewed.token())
                    .as("the open connection takes the refreshed token in band")
                    .isEqualTo("access-2");
            relay.send(new ServerMessage.Ack(renewed.id(), null));

            relay.drop();
            welcome();
            assertThat(relay.upgradeTokens().get(relay.upgradeTokens().size() - 1))
                    .as("the reconnect uses the refreshed token")
                    .isNotEqualTo("access-1")
                    .startsWith("access-");
            assertThat(client.connectionState().status()).isEqualTo(ConnectionState.Status.CONNECTED);
        }
    }

    @Test
    void aStoredRefreshTokenIsSpentOnceAndEveryRotationIsReported() throws Exception {
        relay.tokenLifetime(Duration.ofSeconds(900));
        try (RelayClient bootstrap = RelayClient.builder(relay.url())
                .credentials(Credentials.password("alice", "secret".toCharArray()))
                .build()) {
            bootstrap.connect();
            welcome();
        }
        List<String> rotated = new CopyOnWriteArrayList<>();
        try (RelayClient client = RelayClient.builder(relay.url())
                .credentials(Credentials.refreshToken("refresh-1", pair -> rotated.add(pair.refreshToken())))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build()) {
            client.connect();
            welcome();
            assertThat(rotated).containsExactly("refresh-2");
            assertThat(relay.upgradeTokens()).last().isEqualTo("access-2");

            relay.drop();
            welcome();
            assertThat(relay.upgradeTokens())
                    .last()
                    .as("a still-valid access token is reused")
                    .isEqualTo("access-2");
            assertThat(rotated).containsExactly("refresh-2");
        }
    }

    private void welcome() throws Exception {
        ClientMessage.Hello hello = relay.next(ClientMessage.Hello.class);
        relay.send(new ServerMessage.Welcome(hello.id(), 1, "test", "alice", Role.OPERATOR, List.of()));
        await().atMost(10, TimeUnit.SECONDS).until(() -> relay.connections() > 0);
    }
}
