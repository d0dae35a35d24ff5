package dev.rooremote.client;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Pairs requests with the relay's answers: each gets an id, goes out on the current link (or waits
 * for one), and ends with its ack, a {@link RelayErrorException} with the relay's code, a {@link
 * TimeoutException}, or a {@link RelayConnectionException}. When a link drops, reads go out again
 * on the next one; anything else fails, as the relay may or may not have carried it out.
 *
 * <p>All methods but {@link #request} and {@link #nextId} run on the event thread.
 */
final class Requests {

    /** What becomes of the answer to one of the client's own requests (hello, subscribe, keep-alive). */
    interface Reply {
        Reply IGNORE = new Reply() {
            @Override
            public void answered(AckResult result) {}

            @Override
            public void refused(RelayErrorException error) {}
        };

        void answered(AckResult result);

        void refused(RelayErrorException error);
    }

    private final EventLoop loop;
    private final ClientStatus status;
    private final RelayUrl url;
    private final Duration timeout;
    private final int maxPending;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private Link link;
    private boolean live;

    Requests(EventLoop loop, ClientStatus status, RelayUrl url, Duration timeout, int maxPending) {
        this.loop = loop;
        this.status = status;
        this.url = url;
        this.timeout = timeout;
        this.maxPending = maxPending;
    }

    String nextId() {
        return "c" + ids.incrementAndGet();
    }

    /** A caller's request, from any thread: {@code make} builds it around its id, {@code map} reads the ack. */
    <T> CompletableFuture<T> request(Function<String, ClientMessage> make, Function<AckResult, T> map) {
        ClientMessage message;
        try {
            message = make.apply(nextId());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        Pending p = Pending.caller(message);
        loop.execute(() -> submit(p));
        return p.future.thenApply(map);
    }

    /** A caller's request for the live link, without the request timeout. */
    CompletableFuture<AckResult> send(ClientMessage message) {
        Pending p = Pending.caller(message);
        send(p);
        return p.future;
    }

    /** One of the client's own requests: never retried after a drop, failures to send ignored. */
    void send(ClientMessage message, Reply reply) {
        send(Pending.internal(message, reply));
    }

    /** Registers the hello the connection sends itself, so that the relay's answer reaches {@code reply}. */
    void expect(ClientMessage message, Reply reply) {
        pending.put(message.id(), Pending.internal(message, reply));
    }

    /** The relay answered the request with this id other than by an ack (a welcome answers hello). */
    void forget(String id) {
        if (id != null) {
            pending.remove(id);
        }
    }

    void answer(ServerMessage.Ack ack) {
        Pending p = pending.remove(ack.id());
        if (p != null) {
            EventLoop.cancel(p.timeout);
            p.reply.answered(ack.result());
        }
    }

    /** Fails the request the error names; false when it names none of them. */
    boolean refuse(ServerMessage.Error error, RelayErrorException failure) {
        Pending p = error.id() == null ? null : pending.remove(error.id());
        if (p == null) {
            return false;
        }
        EventLoop.cancel(p.timeout);
        p.reply.refused(failure);
        return true;
    }

    /** A new link: the client's own requests may use it; callers' requests wait for {@link #welcomed()}. */
    void opened(Link opened) {
        link = opened;
        live = false;
    }

    void welcomed() {
        live = true;
        while (!waiting.isEmpty()) {
            send(waiting.poll());
        }
    }

    /** True while a welcomed link carries requests. */
    boolean live() {
        return live;
    }

    void dropped(String reason) {
        link = null;
        live = false;
        List<Pending> inFlight = new ArrayList<>(pending.values());
        pending.clear();
        for (Pending p : inFlight) {
            EventLoop.cancel(p.timeout);
            if (p.internal()) {
                continue;
            }
            if (isRead(p.message)) {
                waiting.add(p);
            } else {
                p.lost(new RelayConnectionException("the connection to the relay dropped before it answered '"
                        + type(p.message) + "' (" + reason + "); it may or may not have been carried out"));
            }
        }
    }

    /** Fails every request in flight or waiting: the client gave up or was closed. */
    void failAll(RuntimeException failure) {
        List<Pending> all = new ArrayList<>(pending.values());
        all.addAll(waiting);
        pending.clear();
        waiting.clear();
        for (Pending p : all) {
            EventLoop.cancel(p.timeout);
            p.lost(failure);
        }
    }

    /** The ack's result as the type the request expects, or an internal_error failure. */
    static <R extends AckResult> R result(AckResult result, Class<R> type) {
        if (type.isInstance(result)) {
            return type.cast(result);
        }
        throw new RelayErrorException(
                ErrorCode.INTERNAL_ERROR,
                "the relay answered without the expected " + type.getSimpleName() + " result",
                null,
                null);
    }

    private void submit(Pending p) {
        RelayConnectionException refusal = status.refusal(url);
        if (refusal != null) {
            p.lost(refusal);
            return;
        }
        if (pending.size() + waiting.size() >= maxPending) {
            p.lost(new RelayConnectionException(
                    maxPending + " requests are already waiting for the relay; try again later"));
            return;
        }
        p.timeout = loop.later(timeout.toMillis(), () -> timedOut(p));
        if (live) {
            send(p);
        } else {
            waiting.add(p);
        }
    }

    private void send(Pending p) {
        Link target = link;
        if (target == null) {
            waiting.add(p);
            return;
        }
        pending.put(p.message.id(), p);
        target.send(
                p.message,
                e -> loop.execute(() -> {
                    if (pending.remove(p.message.id()) != null) {
                        EventLoop.cancel(p.timeout);
                        p.lost(new RelayConnectionException(
                                "cannot send '" + type(p.message) + "': " + Failures.describe(e), e));
                    }
                }));
    }

    private void timedOut(Pending p) {
        boolean wasPending = pending.remove(p.message.id(), p);
        boolean wasWaiting = waiting.remove(p);
        if (wasPending || wasWaiting) {
            p.lost(new TimeoutException("the relay did not answer '" + type(p.message)
                    + "' within " + timeout.toSeconds() + " s"
                    + (wasWaiting ? " (not connected: " + status.get().describe() + ")" : "")));
        }
    }

    private static boolean isRead(ClientMessage m) {
        return m instanceof ClientMessage.ListSessions
                || m instanceof ClientMessage.GetHistory
                || m instanceof ClientMessage.GetTranscript
                || m instanceof ClientMessage.GetSettings
                || m instanceof ClientMessage.GetProfiles
                || m instanceof ClientMessage.Ping;
    }

    /** The request's wire type, e.g. {@code start_task}. */
    private static String type(ClientMessage message) {
        String name = message.getClass().getSimpleName();
        StringBuilder out = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isUpperCase(c) && out.length() > 0) {
                out.append('_');
            }
            out.append(Character.toLowerCase(c));
        }
        return out.toString();
    }

    /** A request in flight or waiting for a link; a caller's has a future, the client's own a reply. */
    private static final class Pending {
        final ClientMessage message;
        final CompletableFuture<AckResult> future;
        final Reply reply;
        ScheduledFuture<?> timeout;

        private Pending(ClientMessage message, CompletableFuture<AckResult> future, Reply reply) {
            this.message = message;
            this.future = future;
            this.reply = reply;
        }

        static Pending caller(ClientMessage message) {
            CompletableFuture<AckResult> future = new CompletableFuture<>();
            return new Pending(message, future, new Reply() {
                @Override
                public void answered(AckResult result) {
                    future.complete(result);
                }

                @Override
                public void refused(RelayErrorException error) {
                    future.completeExceptionally(error);
                }
            });
        }

        static Pending internal(ClientMessage message, Reply reply) {
            return new Pending(message, null, reply);
        }

        boolean internal() {
            return future == null;
        }

        void lost(Throwable failure) {
            if (future != null) {
                future.completeExceptionally(failure);
            }
        }
    }
}
