package dev.rooremote.console.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.testing.TestLink;
import dev.rooremote.protocol.relay.Role;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The connection begun from the command line while the window is built, handed to the console. */
class EarlyConnectorTest {

    private static final URI RELAY = URI.create("wss://127.0.0.1:8443");
    private static final String PIN = "11:22:33";

    private final List<TestLink> made = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstConnected = new CountDownLatch(1);
    private Exception failure;

    private final RelayConnector relay = new RelayConnector() {
        @Override
        public String fetchFingerprint(URI url) {
            return PIN;
        }

        @Override
        public RelayLink connect(URI url, Credentials credentials, String fingerprint, Consumer<String> onRefresh)
                throws Exception {
            try {
                if (failure != null) {
                    throw failure;
                }
                onRefresh.accept("refresh-" + (made.size() + 1));
                TestLink link = new TestLink(Role.ADMIN, List.of());
                made.add(link);
                return link;
            } finally {
                firstConnected.countDown();
            }
        }
    };

    private static RelayConnector.Credentials alice() {
        return new RelayConnector.Credentials("alice", "secret".toCharArray(), null, false);
    }

    @Test
    void theConsolesFirstConnectTakesTheConnectionAlreadyMadeAndItsRefreshToken() throws Exception {
        EarlyConnector early = EarlyConnector.begin(relay, RELAY, alice(), PIN);
        assertThat(firstConnected.await(10, TimeUnit.SECONDS)).isTrue();
        List<String> tokens = new CopyOnWriteArrayList<>();

        RelayLink link = early.connect(RELAY, alice(), PIN, tokens::add);

        assertThat(made).hasSize(1);
        assertThat(link).isSameAs(made.get(0));
        assertThat(tokens)
                .as("the refresh token handed out before the console asked")
                .containsExactly("refresh-1");
        early.connect(RELAY, alice(), PIN, tokens::add);
        assertThat(made).as("a later connect connects again").hasSize(2);
    }

    @Test
    void aRefusedSignInReachesTheConsoleAsItsOwn() {
        failure = new java.io.IOException("the relay refused to log in as 'alice'");
        EarlyConnector early = EarlyConnector.begin(relay, RELAY, alice(), PIN);

        assertThatThrownBy(() -> early.connect(RELAY, alice(), PIN, t -> {}))
                .isInstanceOf(java.io.IOException.class)
                .hasMessageContaining("refused");
    }

    @Test
    void anotherAskIsConnectedAnewAndTheBegunConnectionClosed() throws Exception {
        EarlyConnector early = EarlyConnector.begin(relay, RELAY, alice(), PIN);
        assertThat(firstConnected.await(10, TimeUnit.SECONDS)).isTrue();

        RelayLink link = early.connect(RELAY, alice(), "44:55:66", t -> {});

        assertThat(made).hasSize(2);
        assertThat(link).isSameAs(made.get(1));
        // The begun connection is closed once it completes, on its own thread.
        await().atMost(Duration.ofSeconds(10)).until(() -> made.get(0).closed);
    }

    @Test
    void thePasswordIsCopiedSoClearingTheCallersDoesNotChangeWhatWasBegun() throws Exception {
        char[] password = "secret".toCharArray();
        EarlyConnector early =
                EarlyConnector.begin(relay, RELAY, new RelayConnector.Credentials("alice", password, null, false), PIN);
        java.util.Arrays.fill(password, '\0');
        assertThat(firstConnected.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(early.connect(RELAY, alice(), PIN, t -> {})).isSameAs(made.get(0));
    }
}
