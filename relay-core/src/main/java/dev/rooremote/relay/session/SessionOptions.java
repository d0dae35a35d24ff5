package dev.rooremote.relay.session;

import dev.rooremote.relay.demo.DemoRoo;
import java.time.Duration;
import java.util.Objects;

/**
 * Tunables of the relay's sessions.
 *
 * @param askGrace how long an ask may stay open before the relay shows it as waiting for a person, when
 *     Roo has not said so itself (Roo answers asks it approves itself within milliseconds and sends its
 *     own state event after about 2 s)
 * @param startTimeout how long start_task and resume_task wait for Roo to create the task
 * @param ackTimeout how long a new IPC connection waits for Roo's Ack
 * @param reconnectInitial first delay before reconnecting to a missing or dropped socket
 * @param reconnectMax the cap of the reconnect delay, which doubles on each failure
 * @param relaunchInitial first delay before restarting a launched VS Code that exited
 * @param relaunchMax the cap of the relaunch delay
 * @param demoTiming how fast demo sessions play
 * @param maxImages the most images a request may carry
 * @param maxImageChars the longest image data URL a request may carry
 */
public record SessionOptions(
        Duration askGrace,
        Duration startTimeout,
        Duration ackTimeout,
        Duration reconnectInitial,
        Duration reconnectMax,
        Duration relaunchInitial,
        Duration relaunchMax,
        DemoRoo.Timing demoTiming,
        int maxImages,
        int maxImageChars) {

    public SessionOptions {
        Objects.requireNonNull(askGrace, "askGrace");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(reconnectInitial, "reconnectInitial");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(relaunchInitial, "relaunchInitial");
        Objects.requireNonNull(relaunchMax, "relaunchMax");
        Objects.requireNonNull(demoTiming, "demoTiming");
        if (maxImages < 0 || maxImageChars < 0) {
            throw new IllegalArgumentException("image limits cannot be negative");
        }
    }

    public static SessionOptions defaults() {
        return new SessionOptions(
                Duration.ofMillis(2_500),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                DemoRoo.Timing.realistic(),
                10,
                7 * 1024 * 1024);
    }

    /**
     * Quick sessions for tests: the demo plays fast, its late state events come after
     * {@code stateEventDelay}, and open asks count as waiting after {@code askGrace}.
     */
    public static SessionOptions fast(Duration askGrace, Duration stateEventDelay) {
        SessionOptions d = defaults();
        return new SessionOptions(
                askGrace,
                Duration.ofSeconds(10),
                d.ackTimeout(),
                Duration.ofMillis(20),
                Duration.ofMillis(500),
                Duration.ofMillis(100),
                Duration.ofSeconds(2),
                DemoRoo.Timing.fast(stateEventDelay),
                d.maxImages(),
                d.maxImageChars());
    }

    public SessionOptions withAskGrace(Duration value) {
        return new SessionOptions(
                value,
                startTimeout,
                ackTimeout,
                reconnectInitial,
                reconnectMax,
                relaunchInitial,
                relaunchMax,
                demoTiming,
                maxImages,
                maxImageChars);
    }

    public SessionOptions withStartTimeout(Duration value) {
        return new SessionOptions(
                askGrace,
                value,
                ackTimeout,
                reconnectInitial,
                reconnectMax,
                relaunchInitial,
                relaunchMax,
                demoTiming,
                maxImages,
                maxImageChars);
    }

    public SessionOptions withDemoTiming(DemoRoo.Timing value) {
        return new SessionOptions(
                askGrace,
                startTimeout,
                ackTimeout,
                reconnectInitial,
                reconnectMax,
                relaunchInitial,
                relaunchMax,
                value,
                maxImages,
                maxImageChars);
    }
}
