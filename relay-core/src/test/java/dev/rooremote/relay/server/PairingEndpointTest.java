package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pairing a phone over real TLS: a signed-in person asks for a code over the protocol, the phone's page
 * spends it at {@code /v1/web/pair} once, and revoking the device ends its connection at once.
 */
class PairingEndpointTest {

    @RegisterExtension
    final RunningRelay running = new RunningRelay();

    private RelayRuntime relay;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        relay = running.start(false);
        http = running.http();
    }

    private WsClient signedIn(String token) {
        WsClient client = running.closeAfter(WsClient.connect(http, relay.url(), token));
        client.send(new ClientMessage.Hello("h", "pairing-test/1", null));
        client.await(ServerMessage.Welcome.class);
        return client;
    }

    private HttpResponse<String> pair(String body, boolean ownPage) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/web/pair"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (ownPage) {
            request.header("X-Roo-Web", "1").header("Origin", relay.httpUrl());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String code, String device) {
        return RooJson.object().put("code", code).put("device", device).toString();
    }

    private AckResult.PairingCode newCode(WsClient alice, String id) {
        alice.send(new ClientMessage.CreatePairingCode(id));
        return (AckResult.PairingCode) alice.ack(id).result();
    }

    @Test
    void aCodeFromTheProtocolSignsThePhoneInOnceAndRevokingCutsItOff() throws Exception {
        WsClient alice = signedIn(relay.auth().accessToken("alice"));
        AckResult.PairingCode code = newCode(alice, "c1");
        assertThat(code.path()).isEqualTo("/#pair=" + code.code());
        assertThat(code.expiresAt())
                .isBetween(System.currentTimeMillis() + 290_000, System.currentTimeMillis() + 300_000);

        HttpResponse<String> paired = pair(body(code.code(), "Alice's phone"), true);
        assertThat(paired.statusCode()).isEqualTo(200);
        assertThat(paired.headers().firstValue("set-cookie").orElseThrow())
                .startsWith("__Host-roo-refresh=")
                .contains("HttpOnly");
        JsonNode answer = RooJson.parse(paired.body());
        assertThat(answer.get("user").asText()).isEqualTo("alice");
        assertThat(answer.has("refreshToken")).isFalse();

        HttpResponse<String> again = pair(body(code.code(), "Mallory's phone"), true);
        assertThat(again.statusCode()).isEqualTo(401);
        assertThat(RooJson.parse(again.body()).get("message").asText()).contains("already used");

        WsClient phone = signedIn(answer.get("accessToken").asText());
        phone.send(new ClientMessage.ListDevices("l1"));
        AckResult.Devices seen = (AckResult.Devices) phone.ack("l1").result();
        assertThat(seen.devices()).singleElement().satisfies(d -> {
            assertThat(d.name()).isEqualTo("Alice's phone");
            assertThat(d.current()).isTrue();
            assertThat(d.signedIn()).isTrue();
        });
        alice.send(new ClientMessage.ListDevices("l2"));
        AckResult.Device device =
                ((AckResult.Devices) alice.ack("l2").result()).devices().get(0);
        assertThat(device.current()).isFalse();

        long before = System.nanoTime();
        alice.send(new ClientMessage.RevokeDevice("r1", device.id()));
        alice.ack("r1");
        assertThat(phone.closeCode.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .isEqualTo(StatusCode.POLICY_VIOLATION);
        // at once, not at the next 2 s sweep
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(1500));

        alice.send(new ClientMessage.RevokeDevice("r2", device.id()));
        assertThat(alice.error("r2").code()).isEqualTo(ErrorCode.UNKNOWN_DEVICE);
        assertThat(alice.isClosed()).isFalse();

        assertThat(relay.audit().recent(20))
                .extracting(AuditLog.Entry::action)
                .contains("create_pairing_code", "web_pair", "revoke_device", "connection_signed_out");
        assertThat(relay.audit().recent(20).toString()).doesNotContain(code.code());
    }

    @Test
    void anotherSiteOrABadBodyIsRefusedWithTheReason() throws Exception {
        String code = relay.auth().pairingCode("bob").code();
        HttpResponse<String> foreign = pair(body(code, "phone"), false);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(RooJson.parse(foreign.body()).get("error").asText()).isEqualTo("forbidden_origin");

        HttpResponse<String> noName = pair(RooJson.object().put("code", code).toString(), true);
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(noName.body()).contains("'device' is required");

        HttpResponse<String> notJson = pair("{", true);
        assertThat(notJson.statusCode()).isEqualTo(400);

        HttpResponse<String> unknown = pair(body("made-up", "phone"), true);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("not known to this relay");

        // none of that spent the code
        assertThat(pair(body(code, "Bob's phone"), true).statusCode()).isEqualTo(200);
    }

    @Test
    void anAgentTokenCannotPairOrManageDevices() {
        String agent = relay.auth()
                .agentTokens()
                .create("ci", Role.OPERATOR, Set.of("demo-1"), Duration.ofDays(1))
                .secret();
        WsClient client = signedIn(agent);
        client.send(new ClientMessage.CreatePairingCode("c1"));
        ServerMessage.Error refused = client.error("c1");
        assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refused.message()).contains("sign in as a person");
    }
}
