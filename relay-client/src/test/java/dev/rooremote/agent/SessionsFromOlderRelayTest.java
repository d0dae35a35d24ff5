package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.client.ScriptedRelay;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.roo.RooJson;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * 'roo-agent sessions' against a relay from before {@code GET /v1/sessions} (a real WebSocket peer on
 * a loopback socket that answers that path 404, as such a relay does): the list comes over the
 * WebSocket, and the output is what it always was.
 */
class SessionsFromOlderRelayTest {

    @TempDir
    Path home;

    private ScriptedRelay relay;
    private final ExecutorService runner = Executors.newSingleThreadExecutor();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws Exception {
        relay = new ScriptedRelay();
    }

    @AfterEach
    void stop() throws Exception {
        runner.shutdownNow();
        relay.close();
    }

    private static SessionInfo session() {
        return new SessionInfo(
                "laptop", "laptop", EndpointKind.DEMO, ConnectionStatus.CONNECTED, Capabilities.stockIpc(), null, null);
    }

    /** Runs 'roo-agent sessions ARGS' in this JVM and plays the older relay's side of it. */
    private int sessions(String... more) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("sessions", "--url", relay.url(), "--token", "t"));
        args.addAll(List.of(more));
        CompletableFuture<Integer> code = CompletableFuture.supplyAsync(
                () -> RooAgent.execute(
                        args.toArray(String[]::new),
                        Map.of("ROO_AGENT_CONFIG", home.resolve("agent.json").toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8),
                        new ByteArrayInputStream(new byte[0]),
                        null),
                runner);
        ClientMessage.Hello hello = relay.next(ClientMessage.Hello.class);
        relay.send(new ServerMessage.Welcome(hello.id(), 1, "old", "t", Role.VIEWER, List.of(session())));
        ClientMessage.ListSessions list = relay.next(ClientMessage.ListSessions.class);
        relay.send(new ServerMessage.Ack(list.id(), new AckResult.Sessions(List.of(session()))));
        return code.get(30, TimeUnit.SECONDS);
    }

    @Test
    void theListComesOverTheWebSocketWhenTheRelayHasNoSessionsEndpoint() throws Exception {
        assertThat(sessions("--json")).as(err.toString(StandardCharsets.UTF_8)).isZero();

        JsonNode listed = RooJson.parse(out.toString(StandardCharsets.UTF_8));
        assertThat(listed).isEqualTo(RooJson.mapper().valueToTree(List.of(session())));
        assertThat(relay.otherRequests()).containsExactly("GET /v1/sessions");
        assertThat(relay.upgradeTokens()).containsExactly("t");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void theTableIsTheSameToo() throws Exception {
        assertThat(sessions()).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .startsWith("SESSION")
                .contains("laptop")
                .contains("connected");
    }
}
