package dev.rooremote.relay.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.interaso.webpush.VapidKeys;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.auth.PasswordHasher;
import dev.rooremote.relay.auth.RefreshTokens;
import dev.rooremote.relay.auth.UserStore;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcEventStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The relay's pushes against a loopback push service that checks the VAPID signature and decrypts each
 * message as a browser would: the right events give one push each, never twice, and a gone
 * subscription is dropped.
 */
class PushNotifierTest {

    private static final Duration SETTLE = Duration.ofMillis(300);

    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();
    private PushServiceStandIn service;
    private Database database;
    private EventLog log;
    private PushSubscriptions subscriptions;
    private PushNotifier notifier;
    private PushServiceStandIn.Browser bobsPhone;
    private PushServiceStandIn.Browser carolsPhone;
    private String bobsLogin;

    @BeforeEach
    void start() throws Exception {
        service = new PushServiceStandIn();
        open();
        UserStore users = new UserStore(database, new PasswordHasher(1024, 1, 1), clock);
        users.add("bob", Role.OPERATOR, "bob-password");
        users.add("carol", Role.VIEWER, "carol-password");
        RefreshTokens tokens = new RefreshTokens(database, clock);
        bobsLogin = tokens.issue("bob").family();
        bobsPhone = service.subscribe("bob-phone");
        carolsPhone = service.subscribe("carol-phone");
        subscriptions.add(bobsPhone.endpoint(), "bob", bobsLogin, bobsPhone.p256dh(), bobsPhone.auth());
        subscriptions.add(
                carolsPhone.endpoint(),
                "carol",
                tokens.issue("carol").family(),
                carolsPhone.p256dh(),
                carolsPhone.auth());
    }

    private void open() {
        database = Database.open(dir);
        log = new EventLog(new JdbcEventStore(database), clock);
        log.open("s1", "Demo", EndpointKind.DEMO, Capabilities.stockIpc());
        log.open("s2", "Other", EndpointKind.DEMO, Capabilities.stockIpc());
        subscriptions = new PushSubscriptions(database, clock, true);
        VapidKeys keys = VapidKeyFile.load(database.dataDir());
        notifier = new PushNotifier(
                log,
                subscriptions,
                new PushSender("mailto:relay@example.invalid", keys),
                database,
                new UserStore(database, new PasswordHasher(1024, 1, 1), clock),
                clock,
                SETTLE);
        notifier.start();
    }

    private void close() {
        notifier.close();
        log.close();
        database.close();
    }

    @AfterEach
    void stop() {
        close();
        service.close();
    }

    private static SessionEvent.AskPending ask(String task, long ts, String kind, PendingAsk.Category category) {
        return new SessionEvent.AskPending(new PendingAsk(task, ts, kind, category, "{\"question\":\"secret plan?\"}"));
    }

    @Test
    void aQuestionIsPushedOnceToWhoCanAnswerItEncryptedAndSigned() throws Exception {
        log.append("s1", new SessionEvent.TaskStarted("t1", "write the plan", null));
        log.append("s1", ask("t1", 1000, "followup", PendingAsk.Category.INTERACTIVE));

        await().atMost(Duration.ofSeconds(10))
                .until(() -> service.to("bob-phone").size() == 1);
        PushServiceStandIn.Received push = service.to("bob-phone").get(0);
        JsonNode payload = RooJson.parse(push.payload());
        assertThat(payload.get("session").asText()).isEqualTo("s1");
        assertThat(payload.get("kind").asText()).isEqualTo("followup");
        assertThat(payload.get("title").asText()).isEqualTo("Demo: Roo has a question");
        assertThat(payload.get("taskId").asText()).isEqualTo("t1");
        assertThat(payload.get("askTs").asLong()).isEqualTo(1000);
        assertThat(push.payload()).doesNotContain("secret plan").doesNotContain("write the plan");
        assertThat(push.topic()).isEqualTo(PushSender.topic("s1")).hasSize(32);
        assertThat(push.urgency()).isEqualTo("high");
        assertThat(push.vapidKey()).isEqualTo(VapidKeyFile.applicationServerKey(VapidKeyFile.load(database.dataDir())));

        // the same ask announced again (Roo reconnected): nothing new; the task's end reaches everyone
        log.append("s1", ask("t1", 1000, "followup", PendingAsk.Category.INTERACTIVE));
        log.append("s1", new SessionEvent.AskResolved("t1", 1000, SessionEvent.Resolution.ANSWERED));
        log.append("s1", ask("t1", 2000, "completion_result", PendingAsk.Category.IDLE));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> service.to("carol-phone").size() == 1);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> service.to("bob-phone").size() == 2);
        assertThat(RooJson.parse(service.to("carol-phone").get(0).payload())
                        .get("kind")
                        .asText())
                .isEqualTo("finished");
        assertThat(service.to("bob-phone")).hasSize(2);
        assertThat(service.refused).isEmpty();
        assertThat(Files.getPosixFilePermissions(dir.resolve(VapidKeyFile.FILE)))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void aRestartPushesNothingTwiceAndKeepsItsKey() throws Exception {
        log.append("s1", ask("t1", 1000, "command", PendingAsk.Category.INTERACTIVE));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> service.to("bob-phone").size() == 1);
        String key = service.to("bob-phone").get(0).vapidKey();

        close();
        open();
        // the restarted session announces its open ask again, then a new one comes
        log.append("s1", ask("t1", 1000, "command", PendingAsk.Category.INTERACTIVE));
        log.append("s1", new SessionEvent.AskResolved("t1", 1000, SessionEvent.Resolution.ANSWERED));
        log.append("s1", ask("t1", 3000, "tool", PendingAsk.Category.INTERACTIVE));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> service.to("bob-phone").size() == 2);
        assertThat(service.to("bob-phone"))
                .extracting(r -> RooJson.parse(r.payload()).get("kind").asText())
                .containsExactly("command", "tool");
        assertThat(service.to("bob-phone").get(1).vapidKey()).isEqualTo(key);
    }

    @Test
    void anAskAnsweredAtOnceElsewhereIsNotPushed() throws Exception {
        log.append("s1", ask("t1", 1000, "tool", PendingAsk.Category.INTERACTIVE));
        log.append("s1", new SessionEvent.AskResolved("t1", 1000, SessionEvent.Resolution.ANSWERED));
        log.append("s1", ask("t1", 2000, "api_req_failed", PendingAsk.Category.IDLE));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> service.to("bob-phone").size() == 1);
        assertThat(RooJson.parse(service.to("bob-phone").get(0).payload())
                        .get("kind")
                        .asText())
                .isEqualTo("failed");
    }

    @Test
    void aGoneSubscriptionIsRemovedAndASignedOutPhoneGetsNothing() throws Exception {
        service.gone("carol-phone");
        new RefreshTokens(database, clock).revokeUser("bob");
        log.append("s1", ask("t1", 1000, "completion_result", PendingAsk.Category.IDLE));
        await().atMost(Duration.ofSeconds(10)).until(() -> subscriptions.active().stream()
                .noneMatch(s -> s.user().equals("carol")));
        assertThat(service.received).isEmpty();
        assertThat(subscriptions.active()).isEmpty();
    }

    @Test
    void badSubscriptionsAreRefusedSayingWhatIsWrong() {
        PushSubscriptions strict = new PushSubscriptions(database, clock, false);
        String p = bobsPhone.p256dh();
        String a = bobsPhone.auth();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> strict.add(bobsPhone.endpoint(), "bob", bobsLogin, p, a))
                .hasMessageContaining("https://");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> strict.add("https://10.0.0.5/push", "bob", bobsLogin, p, a))
                .hasMessageContaining("not of this network's own machines");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> strict.add("https://push.example/x", "bob", bobsLogin, "abc", a))
                .hasMessageContaining("'p256dh'");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> strict.add("https://push.example/x", "bob", bobsLogin, p, "!!"))
                .hasMessageContaining("'auth'");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> strict.add(" ", "bob", bobsLogin, p, a))
                .hasMessageContaining("'endpoint' is required");
        strict.add("https://push.example/x", "bob", bobsLogin, p, a);
    }
}
