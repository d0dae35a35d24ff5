package dev.rooremote.agent.mcp;

import dev.rooremote.client.RelayClient;
import dev.rooremote.protocol.relay.SessionInfo;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.spec.McpSchema.ResourcesUpdatedNotification;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Tells subscribed hosts that a resource changed (notifications/resources/updated): a session's status
 * whenever the relay reports a change of its connection, task state or pending ask (and then the
 * session list, and the transcript of its current task), and a transcript whenever a task this server
 * follows gets a message. Transcript updates are gathered for a moment, so a streamed reply makes a
 * few notifications, not one per fragment. The SDK sends each only to the hosts subscribed to it.
 */
final class ResourceUpdates implements TaskChanges, AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ResourceUpdates.class.getName());
    private static final Duration GATHER = Duration.ofMillis(250);

    private final RelayClient client;
    private final ScheduledExecutorService notifier = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mcp-resource-updates");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> due = ConcurrentHashMap.newKeySet();
    private final Map<String, SessionInfo> known = new HashMap<>();
    private final Consumer<List<SessionInfo>> listener = this::sessionsChanged;
    private volatile McpAsyncServer server;

    ResourceUpdates(RelayClient client) {
        this.client = client;
    }

    /** Starts telling {@code mcp}'s subscribers. */
    void start(McpAsyncServer mcp) {
        this.server = mcp;
        client.addSessionsListener(listener);
    }

    @Override
    public void transcriptChanged(String sessionId, String taskId) {
        String uri = ResourceCatalog.transcript(sessionId, taskId);
        if (due.add(uri)) {
            notifier.schedule(
                    () -> {
                        due.remove(uri);
                        send(uri);
                    },
                    GATHER.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    /** On the client's event thread, with the whole list. */
    private void sessionsChanged(List<SessionInfo> sessions) {
        boolean listChanged = sessions.size() != known.size();
        Map<String, SessionInfo> now = new HashMap<>();
        for (SessionInfo s : sessions) {
            now.put(s.sessionId(), s);
            if (!Objects.equals(known.get(s.sessionId()), s)) {
                listChanged = true;
                later(ResourceCatalog.status(s.sessionId()));
                if (s.task() != null) {
                    transcriptChanged(s.sessionId(), s.task().taskId());
                }
            }
        }
        known.clear();
        known.putAll(now);
        if (listChanged) {
            later(ResourceCatalog.SESSIONS);
        }
    }

    private void later(String uri) {
        notifier.execute(() -> send(uri));
    }

    private void send(String uri) {
        McpAsyncServer mcp = server;
        if (mcp == null) {
            return;
        }
        mcp.notifyResourcesUpdated(new ResourcesUpdatedNotification(uri))
                .subscribe(
                        ok -> {},
                        error ->
                                LOG.log(System.Logger.Level.DEBUG, "cannot notify " + uri + ": " + error.getMessage()));
    }

    @Override
    public void close() {
        client.removeSessionsListener(listener);
        notifier.shutdownNow();
    }
}
