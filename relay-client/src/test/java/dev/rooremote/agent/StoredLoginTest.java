package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.client.ScriptedRelay;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stored login across commands: each refresh spends the stored refresh token and writes the new
 * one back; an access token that is still good is reused instead of refreshing.
 */
class StoredLoginTest {

    @TempDir
    Path home;

    private ScriptedRelay relay;
    private final ExecutorService runner = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start() throws Exception {
        relay = new ScriptedRelay();
    }

    @AfterEach
    void stop() throws Exception {
        runner.shutdownNow();
        relay.close();
    }

    private CompletableFuture<Integer> agent(String stdin, String... args) {
        return CompletableFuture.supplyAsync(
                () -> RooAgent.execute(
                        args,
                        Map.of("ROO_AGENT_CONFIG", home.resolve("agent.json").toString()),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                        null),
                runner);
    }

    private AgentConfig.Stored stored() throws Exception {
        return new AgentConfig(home.resolve("agent.json")).read().orElseThrow();
    }

    /** Plays the relay's side of 'roo-agent sessions'. */
    private int sessions() throws Exception {
        CompletableFuture<Integer> code = agent("", "sessions", "--json");
        ClientMessage.Hello hello = relay.next(ClientMessage.Hello.class);
        relay.send(new ServerMessage.Welcome(hello.id(), 1, "test", "alice", Role.OPERATOR, List.of()));
        ClientMessage.ListSessions list = relay.next(ClientMessage.ListSessions.class);
        relay.send(new ServerMessage.Ack(list.id(), new AckResult.Sessions(List.of())));
        return code.get(30, TimeUnit.SECONDS);
    }

    @Test
    void refreshTokensRotateThroughTheFileAndGoodAccessTokensAreReused() throws Exception {
        relay.tokenLifetime(Duration.ofSeconds(30));
        int login = agent("secret\n", "login", "--url", relay.url(), "--user", "alice", "--password-stdin")
                .get(30, TimeUnit.SECONDS);
        assertThat(login).isZero();
        assertThat(stored().refreshToken()).isEqualTo("refresh-1");
        assertThat(stored().url()).isEqualTo(relay.url());

        // The stored access token expires within the refresh margin: the command refreshes first.
        relay.tokenLifetime(Duration.ofSeconds(900));
        assertThat(sessions()).isZero();
        assertThat(relay.authRequests())
                .last()
                .asString()
                .contains("/v1/auth/refresh")
                .contains("refresh-1");
        assertThat(relay.upgradeTokens()).last().isEqualTo("access-2");
        assertThat(stored().refreshToken()).isEqualTo("refresh-2");
        assertThat(stored().accessToken()).isEqualTo("access-2");

        int refreshes = relay.authRequests().size();
        assertThat(sessions()).isZero();
        assertThat(relay.authRequests()).as("a good access token is reused").hasSize(refreshes);
        assertThat(relay.upgradeTokens()).last().isEqualTo("access-2");
    }

    @Test
    void concurrentCommandsNeverSpendTheSameRefreshTokenTwice() throws Exception {
        relay.tokenLifetime(Duration.ofSeconds(30));
        assertThat(agent("secret\n", "login", "--url", relay.url(), "--user", "alice", "--password-stdin")
                        .get(30, TimeUnit.SECONDS))
                .isZero();
        relay.tokenLifetime(Duration.ofSeconds(900));
        AgentConfig config = new AgentConfig(home.resolve("agent.json"));
        dev.rooremote.client.AuthClient auth = dev.rooremote.client.AuthClientFactory.create(
                relay.url(), dev.rooremote.client.TlsTrust.system(), Duration.ofSeconds(10));
        ExecutorService many = Executors.newFixedThreadPool(6);
        try {
            List<CompletableFuture<String>> tokens = new java.util.ArrayList<>();
            for (int i = 0; i < 6; i++) {
                tokens.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return config.credentials().token(auth, false).value();
                            } catch (Exception e) {
                                throw new java.util.concurrent.CompletionException(e);
                            }
                        },
                        many));
            }
            for (CompletableFuture<String> token : tokens) {
                assertThat(token.get(30, TimeUnit.SECONDS)).isEqualTo("access-2");
            }
        } finally {
            many.shutdownNow();
        }
        assertThat(relay.authRequests())
                .filteredOn(r -> r.contains("/v1/auth/refresh"))
                .hasSize(1);
        assertThat(stored().refreshToken()).isEqualTo("refresh-2");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationFailureAndStoresNothing() throws Exception {
        int login = agent("guess\n", "login", "--url", relay.url(), "--user", "alice", "--password-stdin")
                .get(30, TimeUnit.SECONDS);
        assertThat(login).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(new AgentConfig(home.resolve("agent.json")).read()).isEmpty();
    }
}
