package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;
import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Everything sent to one client goes through one bounded queue and a single writer with a few frames
 * in flight, so a client that stops reading fills only its own queue. When that overflows the client
 * is told {@code slow_consumer} and disconnected, and may resume. Frames are queued as UTF-8 bytes; an
 * event's are encoded once ({@link WireCodec#frame}) and the same bytes are written to every client.
 */
final class OutboundQueue {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundQueue.class);

    private static final long SLOW_CLOSE_GRACE_SECONDS = 10;

    /** Frames handed to the socket and not yet confirmed written. */
    private static final int MAX_IN_FLIGHT = 32;

    /** A frame's UTF-8 bytes, shared and read-only: each write takes its own duplicate. */
    private record Outbound(ByteBuffer frame, long enqueuedNanos) {}

    private final String client;
    private final ConnectionServices services;
    private final Runnable shutdown;
    private final ArrayBlockingQueue<Outbound> queue;
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
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
        this.queue = new ArrayBlockingQueue<>(services.limits().outboundQueue());
    }

    /** Starts writing to {@code socket}. */
    void attach(Session socket) {
        this.frames = ((WebSocketSession) socket).getCoreSession();
        this.session = socket;
        pump();
    }

    /** Frames that can still be queued before the client counts as a slow consumer. */
    int remainingCapacity() {
        return queue.remainingCapacity();
    }

    /** Queues a frame; never blocks (it may run under a session's event-log lock). */
    void send(ServerMessage message) {
        if (closed.get()) {
            return;
        }
        if (!queue.offer(new Outbound(services.codec().frame(message), System.nanoTime()))) {
            slowConsumer();
            return;
        }
        pump();
    }

    /** Sends nothing more and drops what waits. */
    void close() {
        closed.set(true);
        queue.clear();
    }

    private void pump() {
        if (inFlight.get() < MAX_IN_FLIGHT && writing.compareAndSet(false, true)) {
            services.sender().execute(this::drain);
        }
    }

    /**
     * Hands queued frames to the socket, a few at a time so that Jetty can write them together, and
     * never more than {@link #MAX_IN_FLIGHT} unconfirmed: the rest wait in the bounded queue. Only one
     * thread drains at a time; a completed write restarts draining. One turn writes at most {@link
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
            written++;
            inFlight.incrementAndGet();
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

    private void slowConsumer() {
        int limit = services.limits().outboundQueue();
        if (finish(
                ServerMessage.Error.of(
                        null,
                        ErrorCode.SLOW_CONSUMER,
                        "you fell " + limit + " frames behind; reconnect and resume from the last seq you applied"),
                StatusCode.TRY_AGAIN_LATER,
                "slow consumer: reconnect and resume")) {
            LOG.warn("client {} fell {} frames behind; disconnecting it", client, limit);
        }
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
        queue.clear();
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
