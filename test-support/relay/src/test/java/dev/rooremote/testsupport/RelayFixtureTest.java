package dev.rooremote.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The fixture's relay end to end: real TLS, real Jetty, real H2 and the demo Roo on real sockets. */
class RelayFixtureTest {

    @RegisterExtension
    static RelayFixture relay = RelayFixture.builder().demoSessions(2).build();

    private WsClient connect(String token) {
        return WsClient.connect(WsClient.http(relay.certificate()), relay.url(), token);
    }

    @Test
    void loginAndDriveADemoSessionToItsFollowupQuestionAndAnswerIt() throws Exception {
        HttpClient http = WsClient.http(relay.certificate());
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/auth/login"))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"bob\",\"password\":\"" + relay.password("bob") + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String token = login.body().replaceAll(".*\"accessToken\":\"([^\"]+)\".*", "$1");

        try (WsClient client = connect(token)) {
            client.send(new ClientMessage.Hello("h", "fixture-test", null));
            assertThat(client.await(ServerMessage.Welcome.class).sessions())
                    .extracting(s -> s.sessionId())
                    .containsExactly("demo-1", "demo-2");
            client.send(new ClientMessage.Subscribe("s", "demo-1", null));
            ServerMessage.Snapshot snapshot = client.await(ServerMessage.Snapshot.class);
            SessionState state = SessionState.fromSnapshot(snapshot.seq(), snapshot.snapshot());

            client.send(new ClientMessage.StartTask("t", "demo-1", "Ask me a followup question", null, null));
            String taskId = ((AckResult.TaskStarted) client.ack("t").result()).taskId();
            SessionEvent.AskPending ask =
                    (SessionEvent.AskPending) foldUntil(client, state, SessionEvent.AskPending.class);
            assertThat(ask.ask().taskId()).isEqualTo(taskId);
            assertThat(ask.ask().ask()).isEqualTo("followup");

            client.send(
                    new ClientMessage.AnswerAsk("a", "demo-1", taskId, ask.ask().ts(), "German"));
            client.ack("a");
            foldUntil(client, state, SessionEvent.AskResolved.class);

            // The client's fold of the deltas rebuilds the relay's transcript exactly.
            record At(long seq, List<ClineMessage> transcript) {}
            At at = relay.runtime()
                    .eventLog()
                    .read("demo-1", s -> new At(s.seq(), s.transcript(taskId).orElseThrow()));
            while (state.seq() < at.seq()) {
                ServerMessage.Event event = client.await(ServerMessage.Event.class);
                state.apply(event.seq(), event.time(), event.event());
            }
            assertThat(state.transcript(taskId).orElseThrow()).isEqualTo(at.transcript());
        }
        assertThat(relay.runtime().audit().recent(5))
                .anySatisfy(entry -> assertThat(entry.action()).isEqualTo("answer_ask"));
    }

    /** Applies events in order until one of {@code kind}, which it returns. */
    private static SessionEvent foldUntil(WsClient client, SessionState state, Class<? extends SessionEvent> kind) {
        while (true) {
            ServerMessage.Event event = client.await(ServerMessage.Event.class);
            state.apply(event.seq(), event.time(), event.event());
            if (kind.isInstance(event.event())) {
                return event.event();
            }
        }
    }

    @Test
    void agentTokensAreScopedAndRevocable() {
        String token = relay.agentToken("fixture-agent", Role.VIEWER, "demo-2");
        try (WsClient client = connect(token)) {
            client.send(new ClientMessage.ListSessions("l"));
            assertThat(((AckResult.Sessions) client.ack("l").result()).sessions())
                    .extracting(s -> s.sessionId())
                    .containsExactly("demo-2");
            client.send(new ClientMessage.StartTask("t", "demo-2", "x", null, null));
            assertThat(client.error("t").code()).isEqualTo(ErrorCode.FORBIDDEN);
        }
        assertThat(relay.revokeAgentToken("fixture-agent")).isTrue();
    }

    @Test
    void restartKeepsThePortTheCertificateAndTheLog() {
        String url = relay.url();
        String fingerprint = relay.fingerprint();
        long before = relay.runtime().eventLog().read("demo-2", SessionState::seq);

        relay.restart();

        assertThat(relay.url()).isEqualTo(url);
        assertThat(relay.fingerprint()).isEqualTo(fingerprint);
        try (WsClient client = connect(relay.accessToken("carol"))) {
            client.send(new ClientMessage.Hello("h", "fixture-test", Map.of("demo-2", 0L)));
            client.await(ServerMessage.Welcome.class);
            for (long seq = 1; seq <= before; seq++) {
                long expected = seq;
                client.await(ServerMessage.Event.class, e -> e.seq() == expected);
            }
        }
    }
}
