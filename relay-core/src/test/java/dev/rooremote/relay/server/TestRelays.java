package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/**
 * A real relay for the server's tests: two stand-in sessions ({@link #SESSIONS}) and the users
 * alice, bob and carol (admin, operator, viewer; each one's password is their name and
 * {@code -password}), with its HTTPS endpoints called as a client would.
 */
final class TestRelays {

    static final List<String> SESSIONS = List.of("demo-1", "demo-2");

    private TestRelays() {}

    static RelayRuntime start(RelayRuntime.Options options) throws Exception {
        RelayRuntime relay =
                RelayRuntime.start(options, (log, settings, dir, metrics) -> new StandInHub(log, SESSIONS));
        if (relay.auth().users().count() == 0) {
            relay.auth().users().add("alice", Role.ADMIN, "alice-password");
            relay.auth().users().add("bob", Role.OPERATOR, "bob-password");
            relay.auth().users().add("carol", Role.VIEWER, "carol-password");
        }
        return relay;
    }

    /** Closes the test's clients, then the relay (if it was started). */
    static void close(List<WsClient> clients, RelayRuntime relay) {
        clients.forEach(WsClient::close);
        if (relay != null) {
            relay.close();
        }
    }

    /** Logs {@code user} in over HTTPS and returns the answer: accessToken, refreshToken, expiresIn... */
    static JsonNode login(HttpClient http, RelayRuntime relay, String user) throws Exception {
        HttpResponse<String> response = post(
                http,
                relay,
                "/v1/auth/login",
                "{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}");
        assertThat(response.statusCode()).isEqualTo(200);
        return RooJson.parse(response.body());
    }

    static HttpResponse<String> post(HttpClient http, RelayRuntime relay, String path, String body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
