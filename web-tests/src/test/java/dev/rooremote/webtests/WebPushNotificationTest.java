package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.testsupport.RelayFixture;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * The service worker's side of Web Push, in the browser: a push the relay sends (delivered to the
 * worker by the browser itself) shows one notification for the session naming the ask, and tapping it
 * opens the session at the ask. The tap is the worker's own notificationclick handler run on the shown
 * notification, so a broken handler fails here. Its Approve / Deny / Answer / Retry act on exactly the
 * ask named, without opening the console, and a stale one acts on nothing and says so.
 */
class WebPushNotificationTest extends BrowserTest {

    @RegisterExtension
    static final RelayFixture relay =
            RelayFixture.builder().demoSessions(4).demoTiming(TIMING).build();

    static ConsolePage page;

    @BeforeAll
    static void open() {
        browser().use(Browser.PHONE);
        page = new ConsolePage(browser(), relay.httpUrl());
    }

    /** Waits until the console's service worker is active and controls the open page. */
    private static void workerInControl() {
        browser()
                .waitUntil(
                        "the service worker to control the page",
                        () -> Boolean.TRUE.equals(browser().script("return !!navigator.serviceWorker.controller;")));
    }

    private static DevTools worker() throws Exception {
        return DevTools.attach(
                browser().debuggerAddress(),
                t -> t.path("type").asText().equals("service_worker")
                        && t.path("url").asText().equals(page.origin() + "/sw.js"));
    }

    /** Delivers {@code payload} to the console's service worker as the push service would. */
    private static void push(String payload) throws Exception {
        try (DevTools tab = DevTools.attach(
                browser().debuggerAddress(),
                t -> t.path("type").asText().equals("page")
                        && t.path("url").asText().startsWith(page.origin()))) {
            tab.send("ServiceWorker.enable", Map.of());
            JsonNode registration = tab.event(
                    "ServiceWorker.workerRegistrationUpdated",
                    p -> {
                        for (JsonNode r : p.path("registrations")) {
                            if (r.path("scopeURL").asText().equals(page.origin() + "/")
                                    && !r.path("isDeleted").asBoolean()) {
                                return true;
                            }
                        }
                        return false;
                    },
                    Duration.ofSeconds(10));
            String id = null;
            for (JsonNode r : registration.path("registrations")) {
                if (r.path("scopeURL").asText().equals(page.origin() + "/")) {
                    id = r.path("registrationId").asText();
                }
            }
            tab.send(
                    "ServiceWorker.deliverPushMessage",
                    Map.of("origin", page.origin(), "registrationId", id, "data", payload));
        }
    }

    /** The notifications the console's worker shows now, as title, tag and data. */
    private static JsonNode shown() throws Exception {
        Object list = browser()
                .asyncScript("const done = arguments[arguments.length - 1];"
                        + "navigator.serviceWorker.ready.then(r => r.getNotifications())"
                        + ".then(ns => done(JSON.stringify(ns.map(n => ({title: n.title, body: n.body, tag: n.tag,"
                        + " data: n.data, actions: n.actions.map(a => a.action)})))), e => done('failed: ' + e));");
        return new ObjectMapper().readTree(String.valueOf(list));
    }

    /**
     * bob starts {@code prompt} on {@code session} with notifications allowed, waits for its ask to show
     * ({@code askShown}), then goes back to the session list, as when the phone is put away, with the worker
     * in control; returns the ask.
     */
    private static PendingAsk askWaiting(String session, String prompt, String askShown) {
        browser().allowNotifications(page.origin());
        page.signIn("bob", relay.password("bob"));
        page.openSession(session);
        page.startTask(prompt, null);
        browser().waitFor(By.cssSelector(askShown));
        PendingAsk ask = relay.runtime()
                .eventLog()
                .read(session, SessionState::pendingAsk)
                .orElseThrow();
        browser().driver().get(page.origin() + "/");
        browser().waitFor(By.id("sessions"));
        workerInControl();
        return ask;
    }

    /** The relay's push for {@code ask} on demo session {@code session} ("demo-N"), titled "Demo N: {@code what}". */
    private static String payload(String session, String kind, String what, PendingAsk ask) {
        String name = "Demo " + session.substring(session.indexOf('-') + 1);
        return "{\"v\":1,\"session\":\"" + session + "\",\"sessionName\":\"" + name + "\",\"kind\":\"" + kind
                + "\"," + "\"title\":\"" + name + ": " + what + "\",\"taskId\":\"" + ask.taskId() + "\",\"askTs\":"
                + ask.ts() + "}";
    }

    /** A check of the notifications shown; one that fails to read them is not met yet. */
    private interface NotesCheck {
        boolean met() throws Exception;
    }

    private static void waitNotes(String what, NotesCheck check) {
        browser().waitUntil(what, () -> {
            try {
                return check.met();
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    void aPushShowsOneNotificationPerSessionAndATapOpensTheSessionAtTheAsk() throws Exception {
        PendingAsk ask = askWaiting("demo-1", "Ask me a question", "#ask .suggestion");

        String payload = payload("demo-1", "followup", "Roo has a question", ask);
        push(payload);
        push(payload);
        waitNotes("the notification to show", () -> shown().size() > 0);
        JsonNode notes = shown();
        assertThat(notes).as("one per session, the second replacing the first").hasSize(1);
        JsonNode note = notes.get(0);
        assertThat(note.path("title").asText()).isEqualTo("Demo 1: Roo has a question");
        assertThat(note.path("tag").asText()).isEqualTo("session:demo-1");
        assertThat(note.path("data").path("session").asText()).isEqualTo("demo-1");
        assertThat(note.path("data").path("taskId").asText()).isEqualTo(ask.taskId());
        assertThat(note.path("data").path("askTs").asLong()).isEqualTo(ask.ts());
        assertThat(note.toString()).as("no text of the ask in the payload").doesNotContain(ask.text());

        // a payload that is not the relay's shows nothing
        push("not json");
        push("{\"session\":42}");
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(shown())
                .hasSize(1));

        // the tap: the worker's notificationclick handler on the notification it showed
        try (DevTools sw = worker()) {
            JsonNode dispatched = sw.evaluate("self.registration.getNotifications().then(ns => {"
                    + " self.dispatchEvent(new NotificationEvent('notificationclick', {notification: ns[0]}));"
                    + " return ns.length; })");
            assertThat(dispatched.asInt()).isEqualTo(1);
        }
        browser().waitFor(By.cssSelector("#session[data-session='demo-1']"));
        assertThat(browser().driver().getCurrentUrl()).isEqualTo(page.origin() + "/session?id=demo-1");
        assertThat(browser().waitFor(By.cssSelector("#ask .suggestion")).isDisplayed())
                .isTrue();
        waitNotes("the tapped notification to close", () -> shown().isEmpty());
    }

    /** Taps {@code action} on the worker's first notification, as the platform does. */
    private static void tapAction(String action) throws Exception {
        try (DevTools sw = worker()) {
            JsonNode dispatched = sw.evaluate("self.registration.getNotifications().then(ns => {"
                    + " self.dispatchEvent(new NotificationEvent('notificationclick',"
                    + " {notification: ns[0], action: '" + action + "'}));"
                    + " return ns.length; })");
            assertThat(dispatched.asInt()).isEqualTo(1);
        }
    }

    /** The shown notification tagged {@code tag}, or null. */
    private static JsonNode tagged(String tag) throws Exception {
        for (JsonNode n : shown()) {
            if (n.path("tag").asText().equals(tag)) {
                return n;
            }
        }
        return null;
    }

    private static void waitShown(String what, java.util.function.Predicate<JsonNode> which) {
        waitNotes(what, () -> {
            JsonNode notes = shown();
            return notes.size() == 1 && which.test(notes.get(0));
        });
    }

    /** Pushes {@code payload} and waits until it shows as the one notification, {@code which}. */
    private static void pushShown(String payload, String what, java.util.function.Predicate<JsonNode> which)
            throws Exception {
        push(payload);
        waitShown(what, which);
    }

    @Test
    void approveFromTheNotificationActsOnTheAskWithoutOpeningTheConsoleAndAStaleOneOnNothing() throws Exception {
        PendingAsk ask = askWaiting("demo-2", "Run a command", "#ask");
        assertThat(ask.ask()).isEqualTo("command");

        String payload = payload("demo-2", "command", "Roo asks to run a command", ask);
        pushShown(payload, "the command's notification", n -> n.path("tag")
                .asText()
                .equals("session:demo-2"));
        assertThat(shown().get(0).path("actions").toString()).isEqualTo("[\"approve\",\"deny\"]");

        tapAction("approve");
        browser()
                .waitUntil(
                        "the relay to take the approval",
                        () -> relay.runtime()
                                .eventLog()
                                .read("demo-2", SessionState::pendingAsk)
                                .filter(p -> p.ts() == ask.ts())
                                .isEmpty(),
                        Duration.ofSeconds(20));
        assertThat(browser().driver().getCurrentUrl())
                .as("the console was not opened")
                .isEqualTo(page.origin() + "/");
        assertThat(relay.runtime().audit().recent(50)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("approve");
            assertThat(e.actor()).isEqualTo("bob");
            assertThat(e.sessionId()).isEqualTo("demo-2");
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.detail()).startsWith("from a notification");
        });

        // the same notification again (a stale tap): nothing is done, and a notification says why
        pushShown(payload, "the stale notification", n -> n.path("actions").size() == 2);
        tapAction("deny");
        waitShown("the refusal", n -> n.path("title").asText().equals("Nothing was done"));
        assertThat(shown().get(0).path("body").asText())
                .isEqualTo("This was already answered. Tap to open the session.");
        assertThat(relay.runtime().audit().recent(50)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("deny");
            assertThat(e.outcome()).isEqualTo("stale_ask");
        });
    }

    @Test
    void retryFromTheNotificationMakesTheFailedRequestAgainAndASecondTapSaysItWasAnswered() throws Exception {
        PendingAsk ask = askWaiting("demo-4", "Make a request that fails", "#ask");
        assertThat(ask.ask()).isEqualTo("api_req_failed");
        // what earlier tests left shown (a refusal) is cleared: the taps below act on the first one
        try (DevTools sw = worker()) {
            sw.evaluate(
                    "self.registration.getNotifications().then(ns => { ns.forEach(n => n.close()); return ns.length; })");
        }

        String payload = payload("demo-4", "failed", "A request to the model failed", ask);
        pushShown(payload, "the failed request's notification", n -> n.path("tag")
                .asText()
                .equals("session:demo-4"));
        assertThat(shown().get(0).path("actions").toString()).isEqualTo("[\"retry\"]");

        tapAction("retry");
        browser()
                .waitUntil(
                        "Roo to make the request again",
                        () ->
                                relay
                                        .runtime()
                                        .eventLog()
                                        .read("demo-4", s -> s.transcript(ask.taskId())
                                                .orElseThrow())
                                        .stream()
                                        .anyMatch(m -> SayKind.API_REQ_RETRIED.equals(m.say())),
                        Duration.ofSeconds(20));
        assertThat(browser().driver().getCurrentUrl())
                .as("the console was not opened")
                .isEqualTo(page.origin() + "/");
        assertThat(relay.runtime().audit().recent(50)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("approve");
            assertThat(e.sessionId()).isEqualTo("demo-4");
            assertThat(e.outcome()).isEqualTo("ok");
            assertThat(e.detail()).startsWith("from a notification");
        });

        // the same notification tapped again: nothing is retried twice, and it says why in plain words
        pushShown(payload, "the notification again", n -> n.path("actions").size() == 1);
        tapAction("retry");
        waitShown("the refusal", n -> n.path("title").asText().equals("Nothing was done"));
        assertThat(shown().get(0).path("body").asText())
                .isEqualTo("This was already answered. Tap to open the session.");
    }

    @Test
    void answerTypedInTheNotificationRepliesToTheQuestion() throws Exception {
        PendingAsk ask = askWaiting("demo-3", "Ask me a question", "#ask .suggestion");

        push(payload("demo-3", "followup", "Roo has a question", ask));
        waitNotes("the question's notification", () -> tagged("session:demo-3") != null);
        assertThat(tagged("session:demo-3").path("actions").toString()).isEqualTo("[\"answer\"]");

        try (DevTools sw = worker()) {
            JsonNode dispatched = sw.evaluate("self.registration.getNotifications({tag: 'session:demo-3'}).then(ns => {"
                    + " self.dispatchEvent(new NotificationEvent('notificationclick',"
                    + " {notification: ns[0], action: 'answer', reply: 'Blue'}));"
                    + " return ns.length; })");
            assertThat(dispatched.asInt()).isEqualTo(1);
        }
        browser()
                .waitUntil(
                        "the relay to take the answer",
                        () -> relay.runtime()
                                .eventLog()
                                .read("demo-3", SessionState::pendingAsk)
                                .filter(p -> p.ts() == ask.ts())
                                .isEmpty(),
                        Duration.ofSeconds(20));
        assertThat(browser().driver().getCurrentUrl()).isEqualTo(page.origin() + "/");
        assertThat(relay.runtime().audit().recent(50)).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("answer_ask");
            assertThat(e.sessionId()).isEqualTo("demo-3");
            assertThat(e.outcome()).isEqualTo("ok");
        });
    }
}
