package dev.rooremote.console.app;

import dev.rooremote.console.connect.LinkState;
import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.connect.RelayUpdate;
import dev.rooremote.console.fx.CoalescingBridge;
import dev.rooremote.console.fx.DialogService;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.session.SessionViewModel;
import dev.rooremote.protocol.relay.SessionInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One connected relay: its sessions, its connection state and latency. Everything the link delivers
 * goes through one {@link CoalescingBridge}, so a streaming reply costs one FX-thread update per
 * pulse; each batch is handed to the sessions and then published once per touched session.
 */
public final class RelayViewModel implements AutoCloseable {

    /** Pulse of the bridge: short enough to look live, long enough to batch a fast stream. */
    public static final Duration PULSE = Duration.ofMillis(40);

    private static final int BRIDGE_CAPACITY = 100_000;

    private final RelayLink link;
    private final UiExecutor ui;
    private final DialogService dialogs;
    private final ScheduledExecutorService timer;
    private final Consumer<SessionViewModel> onAdded;
    private final Consumer<SessionViewModel> onRemoved;
    private final CoalescingBridge<RelayUpdate> bridge;
    private final Map<String, SessionViewModel> sessions = new LinkedHashMap<>();
    private final String name;

    private final ReadOnlyObjectWrapper<LinkState> state =
            new ReadOnlyObjectWrapper<>(this, "state", LinkState.connected());
    private final ReadOnlyObjectWrapper<Long> latency = new ReadOnlyObjectWrapper<>(this, "latency");
    private final ReadOnlyStringWrapper statusText = new ReadOnlyStringWrapper(this, "statusText", "");
    private ScheduledFuture<?> ticker;

    public RelayViewModel(
            RelayLink link,
            UiExecutor ui,
            DialogService dialogs,
            ScheduledExecutorService timer,
            Consumer<SessionViewModel> onAdded,
            Consumer<SessionViewModel> onRemoved) {
        this(null, link, ui, dialogs, timer, onAdded, onRemoved);
    }

    /** A relay called {@code name} (null: named after its user and host, user@host:port). */
    public RelayViewModel(
            String name,
            RelayLink link,
            UiExecutor ui,
            DialogService dialogs,
            ScheduledExecutorService timer,
            Consumer<SessionViewModel> onAdded,
            Consumer<SessionViewModel> onRemoved) {
        this.link = link;
        this.ui = ui;
        this.dialogs = dialogs;
        this.timer = timer;
        this.onAdded = onAdded;
        this.onRemoved = onRemoved;
        this.bridge = new CoalescingBridge<>(this::handle, ui, timer, PULSE, BRIDGE_CAPACITY);
        if (name != null) {
            this.name = name;
        } else {
            URI uri = URI.create(link.url());
            this.name = link.user() + "@" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        }
    }

    /** Shows the relay's sessions and starts watching them. Call on the UI thread. */
    public void start() {
        link.setListener(new RelayLink.Listener() {
            @Override
            public void onUpdate(RelayUpdate update) {
                bridge.offer(update);
            }

            @Override
            public void onState(LinkState next) {
                ui.runOnUi(() -> setState(next));
            }
        });
        for (SessionInfo info : link.sessions()) {
            add(info);
        }
        ticker = timer.scheduleAtFixedRate(this::tick, 0, 1, TimeUnit.SECONDS);
        updateStatus();
    }

    private void add(SessionInfo info) {
        if (sessions.containsKey(info.sessionId())) {
            sessions.get(info.sessionId()).applyStatus(info);
            return;
        }
        SessionViewModel session = new SessionViewModel(link, name, info, ui, dialogs);
        session.setLinkUp(state.get().isUp());
        sessions.put(info.sessionId(), session);
        onAdded.accept(session);
        link.watch(info.sessionId());
    }

    private void handle(CoalescingBridge.Batch<RelayUpdate> batch) {
        Set<SessionViewModel> touched = new LinkedHashSet<>();
        for (RelayUpdate update : batch.items()) {
            if (update instanceof RelayUpdate.Applied applied) {
                SessionViewModel session = sessions.get(applied.sessionId());
                if (session != null) {
                    session.applied(applied);
                    touched.add(session);
                }
            } else if (update instanceof RelayUpdate.Reset reset) {
                SessionViewModel session = sessions.get(reset.sessionId());
                if (session != null) {
                    session.reset(reset);
                    touched.remove(session);
                }
            } else if (update instanceof RelayUpdate.Sessions listed) {
                list(listed.sessions());
            }
        }
        touched.forEach(SessionViewModel::endBatch);
        if (batch.overflowed()) {
            // The FX thread fell behind and the bridge dropped items: read everything again.
            sessions.keySet().forEach(link::watch);
        }
    }

    /** The relay listed its sessions: new ones get a tab, known ones an update, missing ones are marked gone. */
    private void list(List<SessionInfo> listed) {
        Set<String> present = new HashSet<>();
        for (SessionInfo info : listed) {
            present.add(info.sessionId());
            add(info);
        }
        for (String id : List.copyOf(sessions.keySet())) {
            if (!present.contains(id)) {
                SessionViewModel session = sessions.remove(id);
                session.markRemoved();
                onRemoved.accept(session);
            }
        }
    }

    private void setState(LinkState next) {
        state.set(next);
        sessions.values().forEach(s -> s.setLinkUp(next.isUp()));
        if (!next.isUp()) {
            latency.set(null);
        }
        updateStatus();
    }

    private void tick() {
        if (state.get().isUp()) {
            link.ping()
                    .whenComplete((millis, error) -> ui.runOnUi(() -> {
                        latency.set(error == null ? millis : null);
                        updateStatus();
                    }));
        } else {
            ui.runOnUi(this::updateStatus);
        }
    }

    private void updateStatus() {
        LinkState s = state.get();
        StringBuilder text = new StringBuilder(name).append(": ");
        switch (s.phase()) {
            case CONNECTED:
                text.append("connected");
                if (latency.get() != null) {
                    text.append(" · ").append(latency.get()).append(" ms");
                }
                break;
            case RECONNECTING:
                long seconds = s.retryAt() == null
                        ? 0
                        : Math.max(
                                0, Duration.between(Instant.now(), s.retryAt()).toSeconds());
                text.append("connection lost, reconnecting in ").append(seconds).append(" s");
                if (s.detail() != null) {
                    text.append(" (").append(s.detail()).append(')');
                }
                break;
            case CONNECTING:
                text.append("connecting…");
                break;
            case FAILED:
                text.append("not connected: ").append(s.detail() == null ? "failed" : s.detail());
                break;
            default:
                text.append("closed");
        }
        statusText.set(text.toString());
    }

    public String name() {
        return name;
    }

    public RelayLink link() {
        return link;
    }

    public java.util.Collection<SessionViewModel> sessions() {
        return java.util.Collections.unmodifiableCollection(sessions.values());
    }

    public ReadOnlyObjectProperty<LinkState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Long> latencyProperty() {
        return latency.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusTextProperty() {
        return statusText.getReadOnlyProperty();
    }

    /** For tests and the benchmark: hands pending pushes to the UI thread now. */
    public void flushBridge() {
        bridge.flush();
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel(false);
        }
        link.close();
        setState(new LinkState(LinkState.Phase.CLOSED, null, null));
    }
}
