package dev.rooremote.relay.push;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.auth.User;
import dev.rooremote.relay.auth.UserStore;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.store.Database;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells people's phones when a session needs them (a followup, a tool or command ask, a failed request)
 * and when a task finishes, through Web Push. It watches live events only, so a restart or a client's
 * reconnect replays nothing; each ask is pushed at most once ({@code push_sent}), and only if it is still
 * waiting a moment later, so what someone answered at once elsewhere is not pushed. Asks go to operators
 * and admins, who can answer them; a finished task to everyone subscribed. The payload names the session,
 * the kind and the ask, never its text.
 */
public final class PushNotifier implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PushNotifier.class);
    private static final int MAX_WAITING = 1000;

    /** What Roo's asks mean to a person with a phone: the kind pushed, its title, whether one can act on it. */
    private record Kind(String name, String title, boolean actionable) {}

    private static final Map<String, Kind> KINDS = Map.of(
            "followup", new Kind("followup", "Roo has a question", true),
            "tool", new Kind("tool", "Roo asks to use a tool", true),
            "command", new Kind("command", "Roo asks to run a command", true),
            "use_mcp_server", new Kind("tool", "Roo asks to use an MCP server", true),
            "api_req_failed", new Kind("failed", "A request to the model failed", true),
            "mistake_limit_reached", new Kind("stuck", "Roo is stuck and needs guidance", true),
            "completion_result", new Kind("finished", "Task finished", false));

    private final EventLog eventLog;
    private final PushSubscriptions subscriptions;
    private final PushSender sender;
    private final Database database;
    private final UserStore users;
    private final Clock clock;
    private final Duration settle;
    private final ScheduledThreadPoolExecutor worker = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "relay-push");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Map<String, Consumer<ServerMessage>> watchers = new ConcurrentHashMap<>();

    /**
     * @param settle how long an ask must stay open before it is pushed (answered sooner: no push)
     */
    public PushNotifier(
            EventLog eventLog,
            PushSubscriptions subscriptions,
            PushSender sender,
            Database database,
            UserStore users,
            Clock clock,
            Duration settle) {
        this.eventLog = eventLog;
        this.subscriptions = subscriptions;
        this.sender = sender;
        this.database = database;
        this.users = users;
        this.clock = clock;
        this.settle = settle;
        worker.setRemoveOnCancelPolicy(true);
    }

    /** Watches every session the log has now and, through its summaries, each one opened later. */
    public void start() {
        eventLog.sessionIds().forEach(this::watch);
        eventLog.addInfoListener(info -> watch(info.sessionId()));
    }

    void watch(String sessionId) {
        if (!watched.add(sessionId)) {
            return;
        }
        Consumer<ServerMessage> watcher = message -> {
            if (message instanceof ServerMessage.Event event
                    && event.event() instanceof SessionEvent.AskPending pending) {
                scheduled(sessionId, pending.ask());
            }
        };
        watchers.put(sessionId, watcher);
        // No position: a snapshot first (ignored), then live events only.
        eventLog.subscribe(sessionId, null, watcher);
    }

    /** Runs under the session's lock: only schedules. */
    private void scheduled(String sessionId, PendingAsk ask) {
        Kind kind = KINDS.get(ask.ask());
        if (kind == null || worker.getQueue().size() >= MAX_WAITING) {
            return;
        }
        worker.schedule(() -> deliver(sessionId, ask, kind), settle.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void deliver(String sessionId, PendingAsk ask, Kind kind) {
        try {
            if (!stillPending(sessionId, ask) || !markSent(sessionId, ask)) {
                return;
            }
            String name = eventLog.read(sessionId, state -> state.info().name());
            String payload = payload(sessionId, name, ask, kind);
            for (PushSubscriptions.Subscription to : subscriptions.active()) {
                if (kind.actionable() && !mayAct(to.user())) {
                    continue;
                }
                try {
                    if (!sender.send(to, payload, sessionId, kind.actionable())) {
                        subscriptions.remove(to.endpoint(), null);
                        LOG.info("push subscription of {} is gone; removed it", to.user());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("cannot push to a phone of {}: {}", to.user(), e.toString());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("push for session {} failed: {}", sessionId, e.toString());
        }
    }

    private boolean stillPending(String sessionId, PendingAsk ask) {
        Optional<PendingAsk> now = eventLog.read(sessionId, SessionState::pendingAsk);
        return now.isPresent()
                && now.get().taskId().equals(ask.taskId())
                && now.get().ts() == ask.ts();
    }

    private boolean mayAct(String user) {
        return users.find(user)
                .map(User::role)
                .filter(r -> r.atLeast(Role.OPERATOR))
                .isPresent();
    }

    /** Records that this ask was pushed; false when it already was (by this run or an earlier one). */
    private boolean markSent(String sessionId, PendingAsk ask) {
        return database.run(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO push_sent (relay, session_id, task_id, ask_ts, sent_at) VALUES (?, ?, ?, ?, ?)")) {
                insert.setString(1, database.relayKey());
                insert.setString(2, sessionId);
                insert.setString(3, ask.taskId());
                insert.setLong(4, ask.ts());
                insert.setObject(5, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                insert.executeUpdate();
                return true;
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState())) {
                    return false;
                }
                throw e;
            }
        });
    }

    static String payload(String sessionId, String name, PendingAsk ask, Kind kind) {
        ObjectNode body = RooJson.object();
        body.put("v", 1);
        body.put("session", sessionId);
        body.put("sessionName", name);
        body.put("kind", kind.name());
        body.put("title", name + ": " + kind.title());
        body.put("taskId", ask.taskId());
        body.put("askTs", ask.ts());
        return body.toString();
    }

    @Override
    public void close() {
        watchers.forEach(eventLog::unsubscribe);
        worker.shutdownNow();
    }
}
