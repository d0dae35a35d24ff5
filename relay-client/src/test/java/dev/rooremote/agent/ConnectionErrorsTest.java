package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.client.TestRelay;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a person reads when the relay cannot be reached, over real sockets: one sentence saying what
 * is wrong and what to try, never a Java class name or a library's words.
 */
class ConnectionErrorsTest {

    private static final String OTHER_PIN =
            "3F:A1:00:7B:C2:9D:11:E4:5A:6B:7C:8D:9E:AF:B0:C1:D2:E3:F4:05:16:27:38:49:5A:6B:7C:8D:9E:AF:B0:C1";

    @TempDir
    static Path dataDir;

    @TempDir
    static Path home;

    private static TestRelay relay;

    /** A TCP server that answers every connection with plain HTTP, as a web server on the wrong port would. */
    private static ServerSocket plainHttp;

    /** A TCP server that accepts connections and never says anything. */
    private static ServerSocket silent;

    private static final List<Socket> HELD = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        relay = TestRelay.start(dataDir);
        plainHttp = new ServerSocket(0);
        Thread server = new Thread(() -> {
            while (!plainHttp.isClosed()) {
                try (Socket s = plainHttp.accept();
                        OutputStream out = s.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return;
                }
            }
        });
        server.setDaemon(true);
        server.start();
        silent = new ServerSocket(0);
        Thread holder = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    synchronized (HELD) {
                        HELD.add(s);
                    }
                } catch (IOException e) {
                    return;
                }
            }
        });
        holder.setDaemon(true);
        holder.start();
    }

    @AfterAll
    static void stop() throws IOException {
        relay.close();
        plainHttp.close();
        silent.close();
        synchronized (HELD) {
            for (Socket s : HELD) {
                s.close();
            }
        }
    }

    private static AgentProcess.Result run(String... args) {
        return new InProcessAgent()
                .env("ROO_AGENT_CONFIG", home.resolve("agent.json").toString())
                .run(args);
    }

    private static AgentProcess.Result sessions(String url, String... more) {
        List<String> args =
                new ArrayList<>(List.of("sessions", "--url", url, "--token", "t", "--connect-timeout", "3s"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String hostPort(String url) {
        String rest = url.substring(url.indexOf("://") + 3);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static void assertInWords(AgentProcess.Result result) {
        assertThat(result.err())
                .doesNotContain("Exception")
                .doesNotContain("EOF reached")
                .doesNotContain("java.")
                .doesNotContain("javax.")
                .doesNotContain("Handshake response");
        assertThat(result.err().lines().filter(l -> !l.isBlank()).count())
                .as(result.err())
                .isLessThanOrEqualTo(4);
    }

    @Test
    void aClosedPortSaysNothingListensThereAndToCheckTheRelayRuns() throws IOException {
        int port = closedPort();
        AgentProcess.Result result = sessions("wss://127.0.0.1:" + port);

        assertThat(result.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err())
                .startsWith("roo-agent: cannot reach the relay at wss://127.0.0.1:" + port + ": nothing is listening"
                        + " at 127.0.0.1:" + port + " (connection refused); check that roo-relay is running there");
        assertInWords(result);

        AgentProcess.Result login = new InProcessAgent()
                .env("ROO_AGENT_CONFIG", home.resolve("agent.json").toString())
                .runWithInput("pw\n", "login", "--url", "wss://127.0.0.1:" + port, "--user", "bob", "--password-stdin");
        assertThat(login.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(login.err()).contains("nothing is listening at 127.0.0.1:" + port);
        assertInWords(login);
    }

    @Test
    void anUnknownHostSaysSoAndToCheckTheSpelling() {
        AgentProcess.Result result = sessions("wss://no-such-relay.invalid:8443");

        assertThat(result.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err()).contains("the host name 'no-such-relay.invalid' is unknown; check its spelling");
        assertInWords(result);
    }

    @Test
    void aServerThatIsNotTlsSaysItIsNotARelay() {
        String url = "wss://127.0.0.1:" + plainHttp.getLocalPort();
        AgentProcess.Result result = sessions(url, "--fingerprint", OTHER_PIN);

        assertThat(result.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err())
                .contains("127.0.0.1:" + plainHttp.getLocalPort() + " does not speak TLS, so it is not a roo-relay")
                .contains("check the port");
        assertInWords(result);

        AgentProcess.Result login = new InProcessAgent()
                .env("ROO_AGENT_CONFIG", home.resolve("agent.json").toString())
                .runWithInput("pw\n", "login", "--url", url, "--user", "bob", "--password-stdin");
        assertThat(login.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(login.err()).contains("does not speak TLS");
        assertInWords(login);
    }

    @Test
    void aServerThatNeverAnswersTimesOutSayingHowLongItWaited() {
        AgentProcess.Result result = sessions("wss://127.0.0.1:" + silent.getLocalPort(), "--fingerprint", OTHER_PIN);

        assertThat(result.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err())
                .contains("did not answer in time")
                .contains("no firewall blocks the port")
                .contains("--connect-timeout");
        assertInWords(result);
    }

    @Test
    void anHttpOrWsUrlToTheTlsRelaySaysToUseWss() {
        String where = hostPort(relay.url());
        for (String scheme : List.of("http://", "ws://")) {
            AgentProcess.Result result = sessions(scheme + where);

            assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.FAILURE);
            assertThat(result.err())
                    .contains("does not answer plain ws:// or http://")
                    .contains("use wss://" + where);
            assertInWords(result);
        }
        AgentProcess.Result login = new InProcessAgent()
                .env("ROO_AGENT_CONFIG", home.resolve("agent.json").toString())
                .runWithInput("pw\n", "login", "--url", "http://" + where, "--user", "bob", "--password-stdin");
        assertThat(login.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(login.err()).contains("use wss://" + where);
        assertInWords(login);

        AgentProcess.Result remote = sessions("http://relay.example:8443");
        assertThat(remote.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(remote.err())
                .contains("plain http:// is only allowed to this machine")
                .contains("wss://");
    }

    @Test
    void aRelayWithAnotherCertificateThanThePinnedOneShowsBothAndSaysWhatToDo() {
        AgentProcess.Result result = sessions(relay.url(), "--fingerprint", OTHER_PIN);

        assertThat(result.code()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(result.err())
                .contains("does not match the pinned fingerprint")
                .contains("expected: " + OTHER_PIN)
                .contains("actual:   " + relay.fingerprint())
                .contains("roo-relay fingerprint");
        assertInWords(result);
    }

    @Test
    void aTokenTheRelayRefusesSaysToLogInAgain() {
        AgentProcess.Result result = sessions(relay.url(), "--fingerprint", relay.fingerprint());

        assertThat(result.code()).isEqualTo(ExitCodes.AUTHENTICATION);
        assertThat(result.err())
                .contains("the relay refused the token (expired, revoked, or not one of its tokens)")
                .contains("roo-relay token create")
                .contains("roo-agent login");
        assertInWords(result);
    }

    @Test
    void aRelayWhoseCertificateNoAuthorityVouchesForSaysToPinItsFingerprint() {
        // no --fingerprint: the system's trust store, which does not know the relay's self-signed certificate
        AgentProcess.Result result = run("sessions", "--url", relay.url(), "--token", "t");

        assertThat(result.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(result.err())
                .contains("not signed by an authority this machine trusts")
                .contains("pin its SHA-256 fingerprint");
        assertInWords(result);
    }
}
