package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.cli.RelayMain;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.testsupport.roo.WsClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets never leave the relay: after a provider key, a URL with credentials, passwords and tokens
 * have gone through it (settings changed and read back, a settings change refused, sign-ins good and
 * bad, a refresh), none of them is found in any frame a client received, any HTTP answer, any log line,
 * the audit log, or any file of the data dir.
 */
class SecretSweepTest {

    private static final String API_KEY = "sk-sweep-4f1c0a9e7b";
    private static final String URL_PASSWORD = "url-pass-77e1d";
    private static final String BAD_URL_PASSWORD = "bad-url-pass-3c9";
    private static final String WRONG_PASSWORD = "typed-wrong-9d2a";

    @TempDir
    Path dataDir;

    private RelayRuntime relay;
    private final List<WsClient> clients = new ArrayList<>();
    private final PrintStream originalErr = System.err;

    @AfterEach
    void stop() {
        System.setErr(originalErr);
        TestRelays.close(clients, relay);
    }

    @Test
    void noSecretIsFoundInAnyAnswerEventLogLineAuditEntryOrDataFile() throws Exception {
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        System.setErr(new PrintStream(new Tee(originalErr, logs), true, StandardCharsets.UTF_8));

        // Real demo sessions: a demo Roo over a real socket, whose settings the relay keeps.
        relay = RelayRuntime.start(
                RelayRuntime.Options.of(dataDir, "127.0.0.1", 0),
                (log, settings, dir, metrics) -> new SessionManager(
                        log, settings, dir, List.of(new SessionConfig.Demo("demo-1")), SessionOptions.defaults()));
        relay.auth().users().add("alice", Role.ADMIN, "alice-password");
        HttpClient http = WsClient.http(relay.tls().certificate());
        List<String> answers = new ArrayList<>();

        JsonNode tokens = TestRelays.login(http, relay, "alice");
        String accessToken = tokens.get("accessToken").asText();
        String refreshToken = tokens.get("refreshToken").asText();
        answers.add(TestRelays.post(
                        http,
                        relay,
                        "/v1/auth/login",
                        "{\"username\":\"alice\",\"password\":\"" + WRONG_PASSWORD + "\"}")
                .body());
        HttpResponse<String> refreshed =
                TestRelays.post(http, relay, "/v1/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
        String newAccessToken =
                RooJson.parse(refreshed.body()).get("accessToken").asText();

        WsClient alice = WsClient.connect(http, relay.url(), newAccessToken);
        clients.add(alice);
        alice.send(new ClientMessage.Subscribe("s", "demo-1", null));
        alice.await(ServerMessage.Snapshot.class);
        Map<String, JsonNode> changes = new LinkedHashMap<>();
        changes.put("openAiApiKey", TextNode.valueOf(API_KEY));
        changes.put("openAiBaseUrl", TextNode.valueOf("https://bob:" + URL_PASSWORD + "@models.example/v1"));
        changes.put("mode", TextNode.valueOf("architect"));
        alice.send(new ClientMessage.UpdateSettings("u", "demo-1", changes));
        assertThat(alice.answer("u")).isInstanceOf(ServerMessage.Ack.class);
        alice.await(ServerMessage.Event.class, e -> e.event() instanceof SessionEvent.SettingsChanged);
        alice.send(new ClientMessage.UpdateSettings(
                "bad", "demo-1", Map.of("openAiBaseUrl", TextNode.valueOf("ftp://eve:" + BAD_URL_PASSWORD + "@x"))));
        assertThat(alice.answer("bad")).isInstanceOf(ServerMessage.Error.class);
        alice.send(new ClientMessage.GetSettings("g", "demo-1"));
        assertThat(alice.answer("g")).isInstanceOf(ServerMessage.Ack.class);
        alice.send(new ClientMessage.ListSessions("l"));
        alice.answer("l");
        answers.addAll(alice.rawFrames());
        for (String path : List.of("/v1/health", "/metrics")) {
            answers.add(http.send(
                            HttpRequest.newBuilder(URI.create(relay.httpUrl() + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body());
        }
        assertThat(String.join("\n", answers))
                .as("the settings change reached the client")
                .contains("settings_changed")
                .contains("openAiApiKey");

        TestRelays.close(clients, relay);
        relay = null;
        String audit = audit();
        assertThat(audit).contains("update_settings");

        // Tokens go back to the one who signed in (in the login and refresh answers) and nowhere else.
        List<String> tokensIssued = List.of(refreshToken, accessToken, newAccessToken);
        List<String> secrets =
                new ArrayList<>(List.of(API_KEY, URL_PASSWORD, BAD_URL_PASSWORD, WRONG_PASSWORD, "alice-password"));
        String answered = String.join("\n", answers);
        for (String secret : secrets) {
            assertThat(answered).as("answers and events").doesNotContain(secret);
        }
        secrets.addAll(tokensIssued);
        String recorded = audit + "\n" + logs.toString(StandardCharsets.UTF_8);
        for (String secret : secrets) {
            assertThat(recorded).as("audit and logs").doesNotContain(secret);
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String secret : secrets) {
                    assertThat(bytes).as("%s", dataDir.relativize(file)).doesNotContain(secret);
                }
            }
        }
    }

    private String audit() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RelayMain.commandLine(
                        new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("audit", "--data-dir", dataDir.toString(), "--limit", "1000");
        assertThat(code).as(err.toString()).isZero();
        return out + err.toString();
    }

    /** Writes to two streams: the console and the captured log. */
    private static final class Tee extends OutputStream {
        private final OutputStream first;
        private final OutputStream second;

        Tee(OutputStream first, OutputStream second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public synchronized void write(int b) throws java.io.IOException {
            first.write(b);
            second.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws java.io.IOException {
            first.write(b, off, len);
            second.write(b, off, len);
        }
    }
}
