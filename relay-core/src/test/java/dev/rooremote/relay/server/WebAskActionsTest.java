package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.relay.demo.DemoRoo;
import dev.rooremote.relay.roo.DemoEndpoint;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.session.SessionConfig;
import dev.rooremote.relay.session.SessionManager;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.testsupport.data.TestFiles;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A notification's Approve / Deny / Answer over real TLS against a demo Roo: it acts on exactly the ask
 * it names with the login's refresh cookie (not spent), only from the relay's own page, only for who
 * may answer, and a stale or already answered ask acts on nothing; every attempt is in the audit.
 */
class WebAskActionsTest {

    private static final String COOKIE = "__Host-roo-refresh";

    private Path dataDir;
    private RelayRuntime relay;
    private HttpClient http;

    @BeforeEach
    void start() throws Exception {
        dataDir = Files.createTempDirectory("relay-data");
        relay = RelayRuntime.start(
                RelayRuntime.Options.of(dataDir, "127.0.0.1", 0),
                (log, settings, dir, metrics) -> new SessionManager(
                        log,
                        settings,
                        dir,
                        List.of(new SessionConfig.Demo("demo-1")),
                        SessionOptions.fast(Duration.ofMillis(300)),
                        DemoEndpoint.Factory.playing(DemoRoo.Timing.fast(Duration.ofMillis(50)))));
        relay.auth().users().add("bob", Role.OPERATOR, "bob-password");
        relay.auth().users().add("carol", Role.VIEWER, "carol-password");
        http = WsClient.http(relay.tls().certificate());
    }

    @AfterEach
    void stop() throws Exception {
        if (relay != null) {
            relay.close();
        }
        TestFiles.deleteTree(dataDir);
    }

    /** Signs {@code user} in as the web console does and returns the refresh cookie's value. */
    private String webLogin(String user) throws Exception {
        HttpResponse<String> login = post(
                "/v1/web/login",
                "{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}",
                relay.httpUrl(),
                null);
        assertThat(login.statusCode()).isEqualTo(200);
        String header = login.headers().firstValue("set-cookie").orElseThrow();
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }

    private HttpResponse<String> post(String path, String body, String origin, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.httpUrl() + path))
                .header("Content-Type", "application/json")
                .header("X-Roo-Web", "1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        if (cookie != null) {
            request.header("Cookie", COOKIE + "=" + cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What the service worker sends for {@code action} on {@code ask}. */
    private static String act(String action, PendingAsk ask) {
        return act(action, ask, null);
    }

    /** What the service worker sends for {@code action} on {@code ask}, with the typed {@code answer} if any. */
    private static String act(String action, PendingAsk ask, String answer) {
        return "{\"session\":\"demo-1\",\"taskId\":\"" + ask.taskId() + "\",\"askTs\":" + ask.ts() + ",\"action\":\""
                + action + "\"" + (answer == null ? "" : ",\"answer\":\"" + answer + "\"") + "}";
    }

    /** Taps {@code action} on {@code ask} from the relay's own page, signed in with {@code cookie}. */
    private HttpResponse<String> tap(String action, PendingAsk ask, String cookie) throws Exception {
        return post("/v1/web/ask", act(action, ask), relay.httpUrl(), cookie);
    }

    /** bob starts {@code text} on demo-1. */
    private void startTask(String text) {
        relay.sessionHub()
                .perform(
                        new Caller("bob", Role.OPERATOR, null),
                        new ClientMessage.StartTask("s-" + System.nanoTime(), "demo-1", text, List.of(), null))
                .join();
    }

    /** Starts {@code text} on demo-1 and waits for Roo's ask. */
    private PendingAsk askFor(String text) {
        startTask(text);
        return await().atMost(Duration.ofSeconds(20))
                .until(() -> pending(), Optional::isPresent)
                .orElseThrow();
    }

    private Optional<PendingAsk> pending() {
        return relay.eventLog().read("demo-1", SessionState::pendingAsk);
    }

    private List<AuditLog.Entry> audited(String action) {
        return relay.audit().recent(50).stream()
                .filter(e -> e.action().equals(action))
                .toList();
    }

    @Test
    void approveActsOnTheNamedAskOnceWithoutSpendingTheCookie() throws Exception {
        String cookie = webLogin("bob");
        PendingAsk ask = askFor("Run a command");
        assertThat(ask.ask()).isEqualTo("command");

        HttpResponse<String> approved = tap("approve", ask, cookie);
        assertThat(approved.statusCode()).as(approved.body()).isEqualTo(200);
        assertThat(RooJson.parse(approved.body()).get("ok").asBoolean()).isTrue();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pending().filter(p -> p.ts() == ask.ts()).isEmpty());
        assertThat(audited("approve")).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("bob");
            assertThat(e.sessionId()).isEqualTo("demo-1");
            assertThat(e.taskId()).isEqualTo(ask.taskId());
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.detail()).startsWith("from a notification");
        });

        // The same tap again (a stale notification): acts on nothing and says why.
        HttpResponse<String> again = tap("deny", ask, cookie);
        assertThat(again.statusCode()).isEqualTo(409);
        JsonNode refusal = RooJson.parse(again.body());
        assertThat(refusal.get("error").asText()).isEqualTo("stale_ask");
        assertThat(refusal.get("message").asText()).startsWith("this ask was already answered");
        assertThat(audited("deny")).anySatisfy(e -> assertThat(e.outcome()).isEqualTo("stale_ask"));

        // The page's own refresh still works with the same cookie: the action did not spend it.
        assertThat(post("/v1/web/refresh", "", relay.httpUrl(), cookie).statusCode())
                .isEqualTo(200);
        assertThat(relay.audit().recent(50).toString()).doesNotContain(cookie);
    }

    @Test
    void anAskNamedWronglyOrFromAnotherSiteOrByAViewerActsOnNothing() throws Exception {
        String bob = webLogin("bob");
        String carol = webLogin("carol");
        PendingAsk ask = askFor("Run a command");

        // another ask of the same task (an older notification)
        PendingAsk older = new PendingAsk(ask.taskId(), ask.ts() - 1, ask.ask(), ask.category(), ask.text());
        HttpResponse<String> stale = tap("approve", older, bob);
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(RooJson.parse(stale.body()).get("error").asText()).isEqualTo("stale_ask");

        HttpResponse<String> foreign = post("/v1/web/ask", act("approve", ask), "https://evil.example", bob);
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(RooJson.parse(foreign.body()).get("error").asText()).isEqualTo("forbidden_origin");
        assertThat(post("/v1/web/ask", act("approve", ask), null, bob).statusCode())
                .isEqualTo(403);

        HttpResponse<String> viewer = tap("approve", ask, carol);
        assertThat(viewer.statusCode()).isEqualTo(403);
        assertThat(RooJson.parse(viewer.body()).get("message").asText()).contains("viewer");

        HttpResponse<String> signedOut = tap("approve", ask, null);
        assertThat(signedOut.statusCode()).isEqualTo(401);
        HttpResponse<String> forged = post("/v1/web/ask", act("approve", ask), relay.httpUrl(), "not-a-token");
        assertThat(forged.statusCode()).isEqualTo(401);

        HttpResponse<String> bad = post(
                "/v1/web/ask",
                "{\"session\":\"demo-1\",\"taskId\":\"" + ask.taskId()
                        + "\",\"askTs\":\"soon\",\"action\":\"approve\"}",
                relay.httpUrl(),
                bob);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(RooJson.parse(bad.body()).get("message").asText()).contains("askTs");
        HttpResponse<String> unknown = tap("launch", ask, bob);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(RooJson.parse(unknown.body()).get("message").asText()).contains("approve, deny, answer or retry");

        // nothing of that acted: the ask is still pending, and each refusal is audited
        assertThat(pending()).hasValueSatisfying(p -> assertThat(p.ts()).isEqualTo(ask.ts()));
        assertThat(audited("approve"))
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("stale_ask"))
                .anySatisfy(e -> {
                    assertThat(e.actor()).isEqualTo("carol");
                    assertThat(e.outcome()).isEqualTo("forbidden");
                });
        assertThat(audited("web_ask"))
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("forbidden_origin"))
                .anySatisfy(e -> assertThat(e.outcome()).isEqualTo("unauthorized"));

        // the right ask by the right person still goes through
        HttpResponse<String> denied = tap("deny", ask, bob);
        assertThat(denied.statusCode()).as(denied.body()).isEqualTo(200);
    }

    @Test
    void retryMakesTheFailedRequestAgainOnceAndRetriesNothingElse() throws Exception {
        String cookie = webLogin("bob");
        PendingAsk failed = askFor("Make a request that fails");
        assertThat(failed.ask()).isEqualTo("api_req_failed");

        HttpResponse<String> retried = tap("retry", failed, cookie);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);
        // Roo made the request again and the task went on to its end
        await().atMost(Duration.ofSeconds(20)).until(() -> pending()
                .filter(p -> p.ask().equals("completion_result"))
                .isPresent());
        List<ClineMessage> transcript = relay.eventLog()
                .read("demo-1", s -> s.transcript(failed.taskId()).orElseThrow());
        assertThat(transcript).anySatisfy(m -> assertThat(m.say()).isEqualTo(SayKind.API_REQ_RETRIED));
        assertThat(audited("approve")).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("bob");
            assertThat(e.taskId()).isEqualTo(failed.taskId());
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.detail()).startsWith("from a notification");
        });

        // a second tap: already answered, nothing retried twice
        HttpResponse<String> again = tap("retry", failed, cookie);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(RooJson.parse(again.body()).get("message").asText()).startsWith("this ask was already answered");

        // Retry is never an approval: on a command ask it acts on nothing
        startTask("Run a command");
        PendingAsk command = await().atMost(Duration.ofSeconds(20))
                .until(() -> pending().filter(p -> p.ask().equals("command")), Optional::isPresent)
                .orElseThrow();
        HttpResponse<String> wrong = tap("retry", command, cookie);
        assertThat(wrong.statusCode()).isEqualTo(409);
        assertThat(RooJson.parse(wrong.body()).get("error").asText()).isEqualTo("ask_not_answerable");
        assertThat(RooJson.parse(wrong.body()).get("message").asText()).contains("failed request");
        assertThat(pending()).hasValueSatisfying(p -> assertThat(p.ts()).isEqualTo(command.ts()));
    }

    @Test
    void answerRepliesToTheNamedQuestionAndApproveIsNotAnAnswer() throws Exception {
        String cookie = webLogin("bob");
        PendingAsk ask = askFor("Ask me a question");
        assertThat(ask.ask()).isEqualTo("followup");

        HttpResponse<String> approve = tap("approve", ask, cookie);
        assertThat(approve.statusCode()).as(approve.body()).isEqualTo(409);
        assertThat(pending()).hasValueSatisfying(p -> assertThat(p.ts()).isEqualTo(ask.ts()));

        HttpResponse<String> answered = post("/v1/web/ask", act("answer", ask, "Blue"), relay.httpUrl(), cookie);
        assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> pending().filter(p -> p.ts() == ask.ts()).isEmpty());
        assertThat(audited("answer_ask")).anySatisfy(e -> {
            assertThat(e.actor()).isEqualTo("bob");
            assertThat(e.outcome()).isEqualTo("ok");
        });
    }
}
