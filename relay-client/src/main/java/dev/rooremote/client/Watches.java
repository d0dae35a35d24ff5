package dev.rooremote.client;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ServerMessage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;

/**
 * The sessions a client watches, and their subscriptions: subscribes each, resumes each on a new
 * link from the last event it applied, and resubscribes one that missed events. Runs on the event
 * thread, except that {@link #watched} may be read from any.
 */
final class Watches {

    private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());

    private final EventLoop loop;
    private final ClientStatus status;
    private final Requests requests;
    private final RelayUrl url;
    private final Duration timeout;
    private final Map<String, Watch> watches = new LinkedHashMap<>();
    private final ConcurrentHashMap<String, WatchedSession> watched = new ConcurrentHashMap<>();

    Watches(EventLoop loop, ClientStatus status, Requests requests, RelayUrl url, Duration timeout) {
        this.loop = loop;
        this.status = status;
        this.requests = requests;
        this.url = url;
        this.timeout = timeout;
    }

    /**
     * Starts watching, from any thread: completes with the watch once the relay acked its
     * subscription (and, without {@code fromSeq}, sent its snapshot).
     */
    CompletableFuture<Watch> watch(String sessionId, Long fromSeq, SessionListener listener) {
        Objects.requireNonNull(listener, "listener");
        CompletableFuture<Watch> result = new CompletableFuture<>();
        if (sessionId == null || sessionId.isBlank()) {
            result.completeExceptionally(new IllegalArgumentException("the session id is empty"));
            return result;
        }
        loop.execute(() -> {
            RelayConnectionException refusal = status.refusal(url);
            if (refusal != null) {
                result.completeExceptionally(refusal);
                return;
            }
            if (watches.containsKey(sessionId)) {
                result.completeExceptionally(
                        new IllegalStateException("already watching session '" + sessionId + "'; unsubscribe first"));
                return;
            }
            Watch watch = new Watch(sessionId, listener, fromSeq);
            watch.started.whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(watch);
                }
            });
            watches.put(sessionId, watch);
            watched.put(sessionId, watch.session);
            if (requests.live()) {
                subscribe(watch);
            }
        });
        return result;
    }

    Optional<WatchedSession> watched(String sessionId) {
        return Optional.ofNullable(watched.get(sessionId));
    }

    /** The events of a watched session as a publisher whose subscribers run on the event thread. */
    Flow.Publisher<ServerMessage.Event> events(String sessionId) {
        CompletableFuture<Flow.Publisher<ServerMessage.Event>> publisher = new CompletableFuture<>();
        loop.execute(() -> {
            Watch watch = watches.get(sessionId);
            if (watch == null) {
                publisher.completeExceptionally(
                        new IllegalStateException("not watching session '" + sessionId + "': subscribe first"));
                return;
            }
            publisher.complete(watch.publisher(loop.events()));
        });
        return subscriber -> publisher.whenComplete((p, e) -> {
            if (e != null) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                subscriber.onError(e);
            } else {
                p.subscribe(subscriber);
            }
        });
    }

    CompletableFuture<Void> unsubscribe(String sessionId) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        loop.execute(() -> {
            Watch watch = watches.remove(sessionId);
            watched.remove(sessionId);
            if (watch == null) {
                result.complete(null);
                return;
            }
            watch.close();
            if (requests.live()) {
                requests.send(new ClientMessage.Unsubscribe(requests.nextId(), sessionId))
                        .whenComplete((r, e) -> {
                            if (e != null) {
                                result.completeExceptionally(e);
                            } else {
                                result.complete(null);
                            }
                        });
            } else {
                result.complete(null);
            }
        });
        return result;
    }

    /** For a new link's hello: each session that can resume, with the last event it applied. */
    Map<String, Long> resumePoints() {
        Map<String, Long> resume = new LinkedHashMap<>();
        watches.values().forEach(w -> {
            if (w.resumable()) {
                resume.put(w.sessionId, w.session.seq());
            }
        });
        return resume;
    }

    /**
     * The relay welcomed a new link: subscribes what the hello did not resume (everything, when the
     * relay did not answer it with a welcome that took the resume points).
     */
    void welcomed(boolean resumed) {
        for (Watch watch : watches.values()) {
            if (!watch.resumable() || !resumed) {
                subscribe(watch);
            }
        }
    }

    void dropped() {
        watches.values().forEach(Watch::stopResync);
    }

    void event(ServerMessage.Event e) {
        Watch watch = watches.get(e.sessionId());
        if (watch != null && watch.offer(e) == Watch.Offer.GAP && watch.startResync()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "missed events of " + e.sessionId() + " after " + watch.session.seq() + "; resubscribing");
            subscribe(watch);
        }
    }

    void snapshot(ServerMessage.Snapshot s) {
        Watch watch = watches.get(s.sessionId());
        if (watch != null) {
            watch.snapshot(s);
        }
    }

    /** An error the relay sent about a session without naming a request. */
    void error(String sessionId, RelayErrorException failure) {
        Watch watch = sessionId == null ? null : watches.get(sessionId);
        if (watch != null) {
            watch.error(failure);
        }
    }

    /** Fails every subscription not started yet: the client gave up or was closed. */
    void failAll(RuntimeException failure) {
        for (Watch watch : watches.values()) {
            watch.started.completeExceptionally(failure);
        }
    }

    void close() {
        watches.values().forEach(Watch::close);
    }

    private void subscribe(Watch watch) {
        requests.send(
                new ClientMessage.Subscribe(requests.nextId(), watch.sessionId, watch.subscribeFrom()),
                new Requests.Reply() {
                    @Override
                    public void answered(AckResult result) {
                        watch.subscribed(result);
                    }

                    @Override
                    public void refused(RelayErrorException error) {
                        watch.stopResync();
                        if (watch.started.isDone()) {
                            watch.error(error);
                        } else {
                            stopWatching(watch, error);
                        }
                    }
                });
        if (!watch.started.isDone()) {
            watch.timeout(loop.later(timeout.toMillis(), () -> {
                if (!watch.started.isDone() && watches.get(watch.sessionId) == watch) {
                    stopWatching(
                            watch,
                            new TimeoutException("the relay did not answer the subscription to '" + watch.sessionId
                                    + "' within " + timeout.toSeconds() + " s"));
                }
            }));
        }
    }

    private void stopWatching(Watch watch, Throwable failure) {
        watches.remove(watch.sessionId);
        watched.remove(watch.sessionId);
        watch.started.completeExceptionally(failure);
    }
}
