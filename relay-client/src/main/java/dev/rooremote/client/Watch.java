package dev.rooremote.client;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.SessionState;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.SubmissionPublisher;

/**
 * One watched session on the event thread: folds the relay's snapshots and events into its {@link
 * WatchedSession} in sequence order, passes each applied event to the listener (and the {@link
 * Flow} publisher, if anyone asked for one), and knows when its subscription has started.
 */
final class Watch {

    private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());

    /** What became of an event. */
    enum Offer {
        APPLIED,
        /** Already applied, or the state is not there yet. */
        IGNORED,
        /** Events are missing before it: resubscribe from the last one applied. */
        GAP
    }

    final String sessionId;
    final WatchedSession session;
    /** Completes with the first snapshot (or, watching from a number, null) once the relay acked. */
    final CompletableFuture<SessionSnapshot> started = new CompletableFuture<>();

    private final SessionListener listener;
    private final Long fromSeq;
    private SessionSnapshot initialSnapshot;
    private boolean acked;
    private boolean resyncing;
    private long subscribedSeq;
    private ScheduledFuture<?> timeout;
    private SubmissionPublisher<ServerMessage.Event> publisher;

    /** With {@code fromSeq}, the state starts empty at that number; without, it waits for a snapshot. */
    Watch(String sessionId, SessionListener listener, Long fromSeq) {
        this.sessionId = sessionId;
        this.listener = listener;
        this.fromSeq = fromSeq;
        this.session = new WatchedSession(sessionId);
        if (fromSeq != null) {
            session.reset(new SessionState(sessionId, null, null, null), fromSeq);
        }
    }

    /** Where to subscribe from: after the last event applied, or as asked (null: a snapshot). */
    Long subscribeFrom() {
        return session.ready() ? Long.valueOf(session.seq()) : fromSeq;
    }

    /** True when a new link can resume this session from its number instead of subscribing again. */
    boolean resumable() {
        return session.ready() && started.isDone();
    }

    /** The snapshot the subscription started with (watching without a number). */
    SessionSnapshot initialSnapshot() {
        return initialSnapshot;
    }

    /** The relay's sequence number when the subscription started (watching from a number). */
    long subscribedSeq() {
        return subscribedSeq;
    }

    Offer offer(ServerMessage.Event e) {
        if (!session.ready()) {
            return Offer.IGNORED;
        }
        int outcome = session.offer(e.seq(), e.time(), e.event());
        if (outcome == 0) {
            return Offer.IGNORED;
        }
        if (outcome < 0) {
            return Offer.GAP;
        }
        EventLoop.safely(() -> listener.onEvent(session, e));
        if (publisher != null) {
            publisher.offer(e, (subscriber, dropped) -> {
                LOG.log(System.Logger.Level.WARNING, "a subscriber to " + e.sessionId() + " fell behind; closing it");
                subscriber.onError(new RelayConnectionException("subscriber fell behind at seq " + e.seq()
                        + "; resubscribe with watchFrom(" + e.sessionId() + ", " + (e.seq() - 1) + ")"));
                return false;
            });
        }
        return Offer.APPLIED;
    }

    /** Marks a resubscription for a gap as under way; false if one already is. */
    boolean startResync() {
        if (resyncing) {
            return false;
        }
        resyncing = true;
        return true;
    }

    /** The resubscription ended without an ack (refused, or its link dropped). */
    void stopResync() {
        resyncing = false;
    }

    void snapshot(ServerMessage.Snapshot s) {
        session.reset(SessionState.fromSnapshot(s.seq(), s.snapshot()), s.seq());
        resyncing = false;
        if (initialSnapshot == null) {
            initialSnapshot = s.snapshot();
        }
        EventLoop.safely(() -> listener.onSnapshot(session, s.seq(), s.snapshot()));
        completeStart();
    }

    void subscribed(AckResult result) {
        acked = true;
        resyncing = false;
        if (result instanceof AckResult.Subscribed sub) {
            subscribedSeq = sub.seq();
        }
        completeStart();
    }

    void error(RelayErrorException failure) {
        EventLoop.safely(() -> listener.onError(session, failure));
    }

    /** Replaces the timer that fails a subscription the relay never answers. */
    void timeout(ScheduledFuture<?> next) {
        EventLoop.cancel(timeout);
        timeout = next;
    }

    Flow.Publisher<ServerMessage.Event> publisher(Executor events) {
        if (publisher == null) {
            publisher = new SubmissionPublisher<>(events, Flow.defaultBufferSize());
        }
        return publisher;
    }

    void close() {
        EventLoop.cancel(timeout);
        if (publisher != null) {
            publisher.close();
        }
    }

    private void completeStart() {
        if (started.isDone() || !acked) {
            return;
        }
        if (fromSeq == null) {
            if (initialSnapshot != null) {
                started.complete(initialSnapshot);
            }
        } else {
            started.complete(null);
        }
    }
}
