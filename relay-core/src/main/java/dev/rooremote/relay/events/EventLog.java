package dev.rooremote.relay.events;

import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.relay.RelayException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The relay's per-session event log: numbers every event, persists it, folds it into the
 * session's {@link SessionState} and hands it to the session's watchers, all under one lock per
 * session so that numbering, state and delivery agree. A watcher that subscribes gets a snapshot
 * or the missed events and then every live event, with no gap and no duplicate.
 */
public final class EventLog implements AutoCloseable {

    /** Replay pages read from the store at a time. */
    private static final int PAGE = 5_000;

    private final EventStore store;
    private final Clock clock;
    /** Numbers the previous run may have handed out without storing them; skipped once per session. */
    private final long unstoredLastRun;

    private final Map<String, Log> logs = new ConcurrentHashMap<>();
    private final List<Consumer<SessionInfo>> infoListeners = new CopyOnWriteArrayList<>();

    public EventLog(EventStore store) {
        this(store, Clock.systemUTC());
    }

    public EventLog(EventStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
        this.unstoredLastRun = store.unstoredLastRun();
    }

    /**
     * Opens a session's log, rebuilding its state from the stored events. Opening an open session
     * only updates its description.
     */
    public void open(String sessionId, String name, EndpointKind endpoint, Capabilities capabilities) {
        boolean[] replayed = new boolean[1];
        Log log = logs.computeIfAbsent(sessionId, id -> {
            replayed[0] = true;
            return replay(new Log(new SessionState(id, name, endpoint, capabilities)));
        });
        boolean changed;
        synchronized (log) {
            if (replayed[0]) {
                // Capabilities are events: if the last run's differ, watchers that resume are told.
                log.state.describe(name, endpoint, null);
                changed = !capabilities.equals(log.state.info().capabilities());
            } else {
                log.state.describe(name, endpoint, capabilities);
                changed = false;
            }
        }
        if (changed) {
            append(sessionId, new SessionEvent.CapabilitiesChanged(capabilities));
        }
    }

    public boolean isOpen(String sessionId) {
        return logs.containsKey(sessionId);
    }

    public List<String> sessionIds() {
        return List.copyOf(logs.keySet());
    }

    /** Called with a session's new summary after every event that may change it. */
    public void addInfoListener(Consumer<SessionInfo> listener) {
        infoListeners.add(listener);
    }

    /** Numbers, persists, applies and delivers one event; returns it as sent to watchers. */
    public ServerMessage.Event append(String sessionId, SessionEvent event) {
        Log log = log(sessionId);
        ServerMessage.Event sequenced;
        SessionInfo info;
        synchronized (log) {
            sequenced = new ServerMessage.Event(sessionId, log.state.seq() + 1, clock.millis(), event);
            if (!store.append(sequenced)) {
                log.notKept(sequenced.seq());
            }
            log.state.apply(sequenced.seq(), sequenced.time(), event);
            for (Consumer<ServerMessage> watcher : log.watchers) {
                watcher.accept(sequenced);
            }
            info = changesInfo(event) ? log.state.info() : null;
        }
        if (info != null) {
            infoListeners.forEach(listener -> listener.accept(info));
        }
        return sequenced;
    }

    /** Reads a session's state under its lock; {@code reader} must not keep the state. */
    public <T> T read(String sessionId, Function<SessionState, T> reader) {
        Log log = log(sessionId);
        synchronized (log) {
            return reader.apply(log.state);
        }
    }

    /**
     * Starts delivering a session's events to {@code watcher}. With {@code afterSeq} null the
     * watcher first gets a {@link ServerMessage.Snapshot}; otherwise every stored event after
     * {@code afterSeq}, or a snapshot when those would not follow on exactly: when {@code afterSeq} is
     * ahead of the log (the relay's data was reset) or is one of the numbers a run that stopped abruptly
     * may have handed out without storing (the watcher saw an event the log no longer has). Numbers
     * skipped after {@code afterSeq} are announced by a stored {@link SessionEvent.EventsSkipped}, so a
     * watcher that had seen none of them resumes with the stored events. Then live events. The stored
     * events are read without holding the session's lock (reading waits for the store's commit, live
     * events never do); events appended meanwhile are held and follow them in order. The watcher is
     * called under the session's lock: it must only enqueue. Returns the sequence number live events
     * continue after.
     */
    public long subscribe(String sessionId, Long afterSeq, Consumer<ServerMessage> watcher) {
        Log log = log(sessionId);
        long current;
        List<ServerMessage> meanwhile = new ArrayList<>();
        Consumer<ServerMessage> holder = meanwhile::add;
        synchronized (log) {
            current = log.state.seq();
            if (afterSeq == null || afterSeq > current || log.skipsNumbersAfter(afterSeq, current)) {
                watcher.accept(new ServerMessage.Snapshot(sessionId, current, log.state.snapshot()));
                log.watchers.add(watcher);
                return current;
            }
            // Stored events are read outside the lock: reading waits for the store's commit, and the
            // session's live events must not. What is appended meanwhile is held and delivered after them.
            log.watchers.add(holder);
        }
        List<ServerMessage.Event> stored = new ArrayList<>();
        try {
            long from = afterSeq;
            while (from < current) {
                List<ServerMessage.Event> page = store.load(sessionId, from, PAGE);
                List<ServerMessage.Event> upToCurrent =
                        page.stream().filter(e -> e.seq() <= current).toList();
                stored.addAll(upToCurrent);
                if (upToCurrent.size() < PAGE) {
                    break;
                }
                from = page.get(page.size() - 1).seq();
            }
        } catch (RuntimeException e) {
            synchronized (log) {
                log.watchers.remove(holder);
            }
            throw e;
        }
        synchronized (log) {
            log.watchers.remove(holder);
            stored.forEach(watcher);
            meanwhile.forEach(watcher);
            log.watchers.add(watcher);
            return log.state.seq();
        }
    }

    /** How many events a watcher resuming after {@code afterSeq} would be sent before live ones. */
    public long backlog(String sessionId, long afterSeq) {
        Log log = log(sessionId);
        synchronized (log) {
            long current = log.state.seq();
            long skipped = log.skipped.stream()
                    .mapToLong(range -> range.countBetween(afterSeq, current))
                    .sum();
            return Math.max(0, current - afterSeq - skipped);
        }
    }

    public void unsubscribe(String sessionId, Consumer<ServerMessage> watcher) {
        Log log = logs.get(sessionId);
        if (log != null) {
            synchronized (log) {
                log.watchers.remove(watcher);
            }
        }
    }

    /** Events this run sent to watchers but could not store. */
    public long notKept() {
        return store.notKept();
    }

    /** What keeps events from being stored now; empty while they are. */
    public Optional<String> storeProblem() {
        return store.problem();
    }

    /** Events logged and sent but not stored yet. */
    public long unstored() {
        return store.unstored();
    }

    @Override
    public void close() {
        store.close();
    }

    private Log log(String sessionId) {
        Log log = logs.get(sessionId);
        if (log == null) {
            throw new RelayException(ErrorCode.UNKNOWN_SESSION, "no session '" + sessionId + "' on this relay");
        }
        return log;
    }

    /**
     * Rebuilds a session's state from its stored events, noting where numbers were skipped. After a run
     * that stopped abruptly, the numbers it may have handed out unstored are skipped and the skip is
     * stored as an event, so that clients resuming across it can tell the gap from a loss.
     */
    private Log replay(Log log) {
        long after = 0;
        while (true) {
            List<ServerMessage.Event> page = store.load(log.state.sessionId(), after, PAGE);
            for (ServerMessage.Event event : page) {
                long expected = log.state.seq() + 1;
                if (event.seq() > expected && log.state.seq() > 0) {
                    boolean announced = event.event() instanceof SessionEvent.EventsSkipped skip
                            && skip.first() == expected
                            && skip.last() == event.seq() - 1;
                    log.skipped.add(new Skipped(expected, event.seq() - 1, announced));
                }
                log.state.apply(event.seq(), event.time(), event.event());
            }
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1).seq();
        }
        long last = log.state.seq();
        if (unstoredLastRun > 0 && last > 0) {
            SessionEvent.EventsSkipped skip = new SessionEvent.EventsSkipped(last + 1, last + unstoredLastRun);
            ServerMessage.Event announcement =
                    new ServerMessage.Event(log.state.sessionId(), skip.last() + 1, clock.millis(), skip);
            store.append(announcement);
            log.skipped.add(new Skipped(skip.first(), skip.last(), true));
            log.state.apply(announcement.seq(), announcement.time(), skip);
        }
        return log;
    }

    private static boolean changesInfo(SessionEvent event) {
        return event instanceof SessionEvent.Connection
                || event instanceof SessionEvent.TaskStarted
                || event instanceof SessionEvent.TaskStateChanged
                || event instanceof SessionEvent.AskPending
                || event instanceof SessionEvent.AskResolved
                || event instanceof SessionEvent.TokenUsage
                || event instanceof SessionEvent.CapabilitiesChanged;
    }

    /**
     * Sequence numbers {@code first} to {@code last} that no stored event has; {@code announced} when
     * the event after them is the {@link SessionEvent.EventsSkipped} that says so.
     */
    private record Skipped(long first, long last, boolean announced) {

        /** How many of these numbers lie after {@code afterSeq} and up to {@code current}. */
        long countBetween(long afterSeq, long current) {
            return Math.max(0, Math.min(last, current) - Math.max(first, afterSeq + 1) + 1);
        }

        /** Whether a watcher whose last event was {@code afterSeq} cannot go on with the stored events. */
        boolean breaks(long afterSeq, long current) {
            if (announced) {
                return afterSeq >= first && afterSeq <= last;
            }
            return countBetween(afterSeq, current) > 0;
        }
    }

    private static final class Log {
        final SessionState state;
        final List<Consumer<ServerMessage>> watchers = new ArrayList<>();
        /** Numbers no stored event has, from runs that stopped abruptly. */
        final List<Skipped> skipped = new ArrayList<>();

        Log(SessionState state) {
            this.state = state;
        }

        /** Event {@code seq} was sent but not stored: a watcher resuming across it gets a snapshot. */
        void notKept(long seq) {
            Skipped last = skipped.isEmpty() ? null : skipped.get(skipped.size() - 1);
            if (last != null && !last.announced() && last.last() == seq - 1) {
                skipped.set(skipped.size() - 1, new Skipped(last.first(), seq, false));
            } else {
                skipped.add(new Skipped(seq, seq, false));
            }
        }

        /** Whether skipped numbers keep a watcher whose last event was {@code afterSeq} from resuming. */
        boolean skipsNumbersAfter(long afterSeq, long current) {
            return skipped.stream().anyMatch(range -> range.breaks(afterSeq, current));
        }
    }
}
