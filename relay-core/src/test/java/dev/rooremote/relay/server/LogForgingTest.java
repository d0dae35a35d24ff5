package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.relay.LogText;
import dev.rooremote.testsupport.roo.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a client sends cannot write lines of its own into the relay's log: a login name with a line
 * break, or quotes and spaces that would pass for other fields, is written escaped on one line.
 */
class LogForgingTest {

    private static final String FORGED = "2026-12-02T00:00:00.000+0000 [main] INFO audit - actor=admin action=user_add";

    @TempDir
    Path dataDir;

    @Test
    void aLoginNameWithALineBreakIsLoggedOnOneEscapedLine() throws Exception {
        RelayRuntime relay = TestRelays.start(RelayRuntime.Options.of(dataDir, "127.0.0.1", 0));
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            HttpClient http = WsClient.http(relay.tls().certificate());
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            String name = "mallory\\r\\n" + FORGED;
            int status = TestRelays.post(
                            http,
                            relay,
                            "/v1/auth/login",
                            "{\"username\":\"" + name + "\",\"password\":\"whatever-it-is\"}")
                    .statusCode();
            assertThat(status).isEqualTo(401);
        } finally {
            System.setErr(err);
            relay.close();
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("failed login for \"mallory\\r\\n" + FORGED + "\"");
        assertThat(log.lines()).noneMatch(line -> line.startsWith(FORGED));
    }

    @Test
    void plainValuesStayAsTheyAreAndAnythingElseIsQuotedAndEscaped() {
        assertThat(LogText.of("alice")).isEqualTo("alice");
        assertThat(LogText.of("demo-1")).isEqualTo("demo-1");
        assertThat(LogText.of(null)).isEqualTo("-");
        assertThat(LogText.of("bob action=user_add")).isEqualTo("\"bob action=user_add\"");
        assertThat(LogText.of("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(LogText.of("tab\there\u001b[31m")).isEqualTo("\"tab\\there\\u001B[31m\"");
        assertThat(LogText.quoted("x".repeat(5000))).hasSize(2005);
    }
}
