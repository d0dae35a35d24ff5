package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.common.WebSocketSession;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.OpCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything sent to one client goes through one queue and a single writer with a few frames in
 * flight, so a client that stops reading fills only its own queue. A client is cut off ({@code
 * slow_consumer}, and it may resume) only for what it does: when {@link Limits#outboundQueue} frames
 * wait and its socket has taken none of the frames handed to it for {@link Limits#outboundStall} (it
 * stopped reading), or when what waits for it passes {@link Limits#outboundBytes} however it reads
 * (memory stays bounded). Frames waiting because the relay's own writers are behind, with nothing
 * handed to the socket, never count against the client. Frames are queued as UTF-8 bytes; an event's
 * are encoded once ({@link WireCodec#frame}) and the same bytes are written to every client.
 */
final class OutboundQueue {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundQueue.class);

    private static final long SLOW_CLOSE_GRACE_SECONDS = 10;

    /** Frames handed to the socket and not yet confirmed written. */
    private static final int MAX_IN_FLIGHT = 32;

    /** What a queued frame costs beside its bytes (the entry, the buffer's header), for the byte limit. */
    private static final int FRAME_OVERHEAD_BYTES = 64;

    /** A frame's UTF-8 bytes, shared and read-only: each write takes its own duplicate. */
    private record Outbound(ByteBuffer frame, long enqueuedNanos) {
        long cost() {
            return frame.remaining() + (long) FRAME_OVERHEAD_BYTES;
        }
    }

    private final String client;
    private final ConnectionServices services;
    private final Runnable shutdown;
    private final Queue<Outbound> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    /**
     * When the socket last took a frame (a write completed), or when frames were handed to it while
     * none were in flight: with frames in flight, how long the client has read nothing.
     */
    private volatile long progressNanos = System.nanoTime();

    private volatile Session session;
    /** Where frames are written: the session's core, which takes a frame's bytes as they are. */
    private volatile CoreSession frames;

    /**
     * @param client who the client is, for the log
     * @param shutdown ends the connection when a write fails or the client falls too far behind
     */
    OutboundQueue(String client, ConnectionServices services, Runnable shutdown) {
        this.client = client;
        this.services = services;
        this.shutdown = shutdown;
    }

    /** Starts writing to {@code socket}. */
    void attach(Session socket) {
        this.frames = ((WebSocketSession) socket).getCoreSession();
        this.session = socket;
        pump();
    }

    /** Frames that can still be queued before a client that reads nothing counts as a slow consumer. */
    int remainingCapacity() {
        return Math.max(0, services.limits().outboundQueue() - queued.get());
    }

    /** Queues a frame; never blocks (it may run under a session's event-log lock). */
    void send(ServerMessage message) {
        if (closed.get()) {
            return;
        }
        Limits limits = services.limits();
        if (queuedBytes.get() > limits.outboundBytes()) {
            slowConsumer("you fell " + mebibytes(limits.outboundBytes()) + " MiB behind", "fell too far behind");
            return;
        }
        if (queued.get() >= limits.outboundQueue()
                && readNothingFor(limits.outboundStall().toNanos())) {
            String stall = describe(limits.outboundStall());
            slowConsumer(
                    "you read nothing for " + stall + " while " + queued.get() + " frames waited",
                    "read nothing for " + stall);
            return;
        }
        Outbound next = new Outbound(services.codec().frame(message), System.nanoTime());
        queuedBytes.addAndGet(next.cost());
        queued.incrementAndGet();
        queue.add(next);
        pump();
    }

    /** Sends nothing more and drops what waits. */
    void close() {
        closed.set(true);
        clear();
    }

    /**
     * True when frames were handed to the socket and it has taken none of them for {@code nanos}; false
     * while nothing is in flight: then it is the relay's writers, not the client, that are behind.
     */
    private boolean readNothingFor(long nanos) {
        return inFlight.get() > 0 && System.nanoTime() - progressNanos > nanos;
    }

    private void pump() {
        if (inFlight.get() < MAX_IN_FLIGHT && writing.compareAndSet(false, true)) {
            services.sender().execute(this::drain);
        }
    }

    /**
     * Hands queued frames to the socket, a few at a time so that Jetty can write them together, and
     * never more than {@link #MAX_IN_FLIGHT} unconfirmed: the rest wait in the queue. Only one thread
     * drains at a time; a completed write restarts draining. One turn writes at most {@link
     * #MAX_IN_FLIGHT} frames; what is left waits for another turn behind the other clients' writers, so
     * that a client whose queue never runs dry cannot keep a writer thread from everyone else.
     */
    private void drain() {
        CoreSession current = frames;
        int written = 0;
        while (!closed.get() && current != null && inFlight.get() < MAX_IN_FLIGHT && written < MAX_IN_FLIGHT) {
            Outbound next = queue.poll();
            if (next == null) {
                break;
            }
            queued.decrementAndGet();
            queuedBytes.addAndGet(-next.cost());
            written++;
            if (inFlight.getAndIncrement() == 0) {
                progressNanos = System.nanoTime();
            }
            current.sendFrame(new Frame(OpCode.TEXT, next.frame().duplicate()), new Write(next), false);
        }
        writing.set(false);
        if (current != null && !queue.isEmpty()) {
            pump();
        }
    }

    /** Completion of one frame. */
    private final class Write implements org.eclipse.jetty.util.Callback {
        private final Outbound frame;

        Write(Outbound frame) {
            this.frame = frame;
        }

        @Override
        public void succeeded() {
            progressNanos = System.nanoTime();
            inFlight.decrementAndGet();
            services.metrics().wsBytesSent(frame.frame().remaining());
            services.metrics().forwardLatency(System.nanoTime() - frame.enqueuedNanos());
            if (!queue.isEmpty()) {
                pump();
            }
        }

        @Override
        public void failed(Throwable cause) {
            inFlight.decrementAndGet();
            LOG.debug("sending to {} failed: {}", client, cause.toString());
            shutdown.run();
        }
    }

    /** Tells the client {@code why} it is cut off; {@code reason} goes in the close frame. */
    private void slowConsumer(String why, String reason) {
        int waiting = queued.get();
        if (finish(
                ServerMessage.Error.of(
                        null, ErrorCode.SLOW_CONSUMER, why + "; reconnect and resume from the last seq you applied"),
                StatusCode.TRY_AGAIN_LATER,
                "slow consumer: " + reason + "; reconnect and resume")) {
            LOG.warn("client {} is a slow consumer ({}, {} frames waiting); disconnecting it", client, reason, waiting);
        }
    }

    /** "5 s", or "500 ms" under a second. */
    private static String describe(Duration duration) {
        return duration.toMillis() < 1000 ? duration.toMillis() + " ms" : duration.toSeconds() + " s";
    }

    private static long mebibytes(long bytes) {
        return Math.max(1, bytes >> 20);
    }

    private void clear() {
        queue.clear();
        queued.set(0);
        queuedBytes.set(0);
    }

    /**
     * Sends nothing more but {@code last}, then closes the socket with {@code code} and {@code reason};
     * a client that reads nothing and so never completes the close handshake is cut off. False when
     * the queue was closed already.
     */
    boolean finish(ServerMessage last, int code, String reason) {
        if (!closed.compareAndSet(false, true)) {
            return false;
        }
        clear();
        // Not here: this may run under an event-log lock, and unsubscribing takes others.
        services.sender().execute(() -> {
            shutdown.run();
            Session current = session;
            if (current == null) {
                return;
            }
            current.sendText(
                    services.codec().encode(last),
                    Callback.from(() -> current.close(code, reason, Callback.NOOP), failure -> current.disconnect()));
            services.timer()
                    .schedule(
                            () -> {
                                if (current.isOpen()) {
                                    current.disconnect();
                                }
                            },
                            SLOW_CLOSE_GRACE_SECONDS,
                            TimeUnit.SECONDS);
        });
        return true;
    }
}
