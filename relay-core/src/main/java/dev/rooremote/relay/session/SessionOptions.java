package dev.rooremote.relay.session;

import dev.rooremote.relay.bridge.BridgeLink;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

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
 * @param maxImages the most images a request may carry
 * @param maxImageChars the longest image data URL a request may carry
 * @param streamInterval the least time between two logged updates of one streaming message (zero logs
 *     every update Roo sends); Roo sends one every ~40 ms, and each costs a client an event
 */
public record SessionOptions(
        Duration askGrace,
        Duration startTimeout,
        Duration ackTimeout,
        Duration reconnectInitial,
        Duration reconnectMax,
        Duration relaunchInitial,
        Duration relaunchMax,
        int maxImages,
        int maxImageChars,
        Duration streamInterval) {

    public SessionOptions {
        Objects.requireNonNull(askGrace, "askGrace");
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(reconnectInitial, "reconnectInitial");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        Objects.requireNonNull(relaunchInitial, "relaunchInitial");
        Objects.requireNonNull(relaunchMax, "relaunchMax");
        new ImageLimits(maxImages, maxImageChars); // refuses negative limits
        Objects.requireNonNull(streamInterval, "streamInterval");
        if (streamInterval.isNegative() || streamInterval.compareTo(MAX_STREAM_INTERVAL) > 0) {
            throw new IllegalArgumentException(
                    "the stream interval must be between 0 and " + MAX_STREAM_INTERVAL.toMillis() + " ms");
        }
    }

    /** The default stream interval: four updates a second keep text flowing at about its own size on the wire. */
    public static final Duration DEFAULT_STREAM_INTERVAL = Duration.ofMillis(250);

    /** Beyond this, streamed text would arrive in visible jumps. */
    public static final Duration MAX_STREAM_INTERVAL = Duration.ofSeconds(5);

    public static SessionOptions defaults() {
        return new SessionOptions(
                Duration.ofMillis(2_500),
                Duration.ofSeconds(10),
                Duration.ofSeconds(5),
                Duration.ofMillis(200),
                Duration.ofSeconds(5),
                Duration.ofSeconds(1),
                Duration.ofSeconds(60),
                10,
                7 * 1024 * 1024,
                DEFAULT_STREAM_INTERVAL);
    }

    /** Quick sessions for tests: open asks count as waiting after {@code askGrace}, lost links come back soon. */
    public static SessionOptions fast(Duration askGrace) {
        return defaults().with(o -> {
            o.askGrace = askGrace;
            o.reconnectInitial = Duration.ofMillis(20);
            o.reconnectMax = Duration.ofMillis(500);
            o.relaunchInitial = Duration.ofMillis(100);
            o.relaunchMax = Duration.ofSeconds(2);
        });
    }

    public SessionOptions withAskGrace(Duration value) {
        return with(o -> o.askGrace = value);
    }

    public SessionOptions withStartTimeout(Duration value) {
        return with(o -> o.startTimeout = value);
    }

    public SessionOptions withStreamInterval(Duration value) {
        return with(o -> o.streamInterval = value);
    }

    /** How a session keeps its bridge connected: as its Roo socket, with the bridge's own timeouts. */
    public BridgeLink.Backoff bridge() {
        return new BridgeLink.Backoff(
                reconnectInitial,
                reconnectMax,
                BridgeLink.HELLO_TIMEOUT,
                BridgeLink.Backoff.defaults().requestTimeout());
    }

    /** The limits on the images of one request. */
    public ImageLimits images() {
        return new ImageLimits(maxImages, maxImageChars);
    }

    /** A copy with the values {@code change} sets; the record's checks apply to the result. */
    public SessionOptions with(Consumer<Changes> change) {
        Changes changes = new Changes(this);
        change.accept(changes);
        return changes.build();
    }

    /** The values of a copy being made by {@link #with}. */
    public static final class Changes {
        public Duration askGrace;
        public Duration startTimeout;
        public Duration ackTimeout;
        public Duration reconnectInitial;
        public Duration reconnectMax;
        public Duration relaunchInitial;
        public Duration relaunchMax;
        public int maxImages;
        public int maxImageChars;
        public Duration streamInterval;

        private Changes(SessionOptions from) {
            askGrace = from.askGrace;
            startTimeout = from.startTimeout;
            ackTimeout = from.ackTimeout;
            reconnectInitial = from.reconnectInitial;
            reconnectMax = from.reconnectMax;
            relaunchInitial = from.relaunchInitial;
            relaunchMax = from.relaunchMax;
            maxImages = from.maxImages;
            maxImageChars = from.maxImageChars;
            streamInterval = from.streamInterval;
        }

        private SessionOptions build() {
            return new SessionOptions(
                    askGrace,
                    startTimeout,
                    ackTimeout,
                    reconnectInitial,
                    reconnectMax,
                    relaunchInitial,
                    relaunchMax,
                    maxImages,
                    maxImageChars,
                    streamInterval);
        }
    }
}
