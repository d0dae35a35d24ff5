package dev.rooremote.relay.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.server.RelayRuntime;
import dev.rooremote.testsupport.data.TestFiles;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A whole relay over TLS: a signed-in browser subscribes over the protocol with the key from
 * {@code /v1/web/info}, and a question in a session's log reaches it, through a push service
 * stand-in that checks and decrypts it.
 */
class RelayPushTest {

    private PushServiceStandIn service;
    private Path data;
    private RelayRuntime relay;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        service = new PushServiceStandIn();
        data = Files.createTempDirectory("relay-push");
        System.setProperty(RelayRuntime.LOCAL_PUSH_PROPERTY, "true");
        relay = dev.rooremote.relay.server.TestRelaysAccess.start(data, "mailto:ops@example.com");
        http = WsClient.http(relay.tls().certificate());
    }

    @AfterEach
    void stop() throws Exception {
        System.clearProperty(RelayRuntime.LOCAL_PUSH_PROPERTY);
        relay.close();
        service.close();
        TestFiles.deleteTree(data);
    }

    private String webLogin(String user) throws Exception {
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/web/login"))
                        .header("X-Roo-Web", "1")
                        .header("Origin", relay.httpUrl())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return RooJson.parse(login.body()).get("accessToken").asText();
    }

    @Test
    void aSubscribedBrowserIsToldWhenASessionAsks() throws Exception {
        HttpResponse<String> info = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/web/info"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String key = RooJson.parse(info.body()).get("pushKey").asText();
        assertThat(Base64.getUrlDecoder().decode(key)).hasSize(65);

        WsClient bob = WsClient.connect(http, relay.url(), webLogin("bob"));
        try {
            PushServiceStandIn.Browser phone = service.subscribe("bob-phone");
            bob.send(new ClientMessage.PushSubscribe("p1", phone.endpoint(), phone.p256dh(), "short"));
            assertThat(bob.error("p1").code()).isEqualTo(ErrorCode.BAD_REQUEST);
            bob.send(new ClientMessage.PushSubscribe("p2", phone.endpoint(), phone.p256dh(), phone.auth()));
            bob.ack("p2");

            // the session's Roo asks (this relay's sessions are stand-ins: the ask is put in its log as Roo's would be)
            relay.eventLog()
                    .append(
                            "demo-1",
                            new SessionEvent.AskPending(new PendingAsk(
                                    "task-1",
                                    1000,
                                    "followup",
                                    PendingAsk.Category.INTERACTIVE,
                                    "{\"question\":\"Which language?\"}")));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> service.to("bob-phone").size() == 1);
            JsonNode push = RooJson.parse(service.to("bob-phone").get(0).payload());
            assertThat(push.get("session").asText()).isEqualTo("demo-1");
            assertThat(push.get("kind").asText()).isEqualTo("followup");
            assertThat(service.to("bob-phone").get(0).vapidKey()).isEqualTo(key);
            assertThat(service.to("bob-phone").get(0).contact()).isEqualTo("mailto:ops@example.com");
            assertThat(service.refused).isEmpty();
        } finally {
            bob.close();
        }
        assertThat(relay.audit().recent(20))
                .anySatisfy(e -> assertThat(e.action()).isEqualTo("push_subscribe"));
    }

    @Test
    void anAgentTokenCannotSubscribe() throws Exception {
        String agent = relay.auth()
                .agentTokens()
                .create("ci", Role.OPERATOR, Set.of("demo-1"), Duration.ofDays(1))
                .secret();
        WsClient client = WsClient.connect(http, relay.url(), agent);
        try {
            PushServiceStandIn.Browser phone = service.subscribe("ci");
            client.send(new ClientMessage.PushSubscribe("p", phone.endpoint(), phone.p256dh(), phone.auth()));
            ServerMessage.Error refused = client.error("p");
            assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refused.message()).contains("not an agent token");
        } finally {
            client.close();
        }
    }
}
