package dev.rooremote.console.ui;

import dev.rooremote.relay.demo.DemoRoo;
import dev.rooremote.relay.session.SessionOptions;
import dev.rooremote.relay.store.JdbcSettingsStore;
import dev.rooremote.testsupport.RelayFixture;
import java.time.Duration;

/**
 * The shared {@link RelayFixture} as the console's UI tests use it: two demo sessions whose replies
 * stream a little slower than the fixture's default, so a person-speed click (cancel) lands mid-stream.
 */
final class RelayFixtures {

    private RelayFixtures() {}

    static RelayFixture start() {
        DemoRoo.Timing timing = new DemoRoo.Timing(
                Duration.ofMillis(4), Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMillis(300));
        return RelayFixture.builder()
                .demoSessions(2)
                .sessionOptions(SessionOptions.fast(Duration.ofMillis(600)))
                .demoTiming(timing)
                .start();
    }

    /** A session setting as the relay stored it (what the next task is started with). */
    static String setting(RelayFixture relay, String sessionId, String key) {
        return new JdbcSettingsStore(relay.runtime().database())
                .load(sessionId)
                .map(settings -> settings.path(key).asText())
                .orElse("");
    }
}
