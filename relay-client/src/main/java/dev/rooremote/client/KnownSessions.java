package dev.rooremote.client;

import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The relay's last welcome and its session list as kept up to date by its pushes; written on the event thread. */
final class KnownSessions {

    private final CopyOnWriteArrayList<Consumer<List<SessionInfo>>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, SessionInfo> sessions = new LinkedHashMap<>();
    private volatile List<SessionInfo> list = List.of();
    private volatile ServerMessage.Welcome welcome;

    void addListener(Consumer<List<SessionInfo>> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<List<SessionInfo>> listener) {
        listeners.remove(listener);
    }

    Optional<ServerMessage.Welcome> welcome() {
        return Optional.ofNullable(welcome);
    }

    List<SessionInfo> list() {
        return list;
    }

    void welcomed(ServerMessage.Welcome w) {
        welcome = w;
        sessions.clear();
        w.sessions().forEach(s -> sessions.put(s.sessionId(), s));
        publish();
    }

    void put(SessionInfo session) {
        sessions.put(session.sessionId(), session);
        publish();
    }

    void remove(String sessionId) {
        sessions.remove(sessionId);
        publish();
    }

    private void publish() {
        List<SessionInfo> now = List.copyOf(sessions.values());
        list = now;
        listeners.forEach(l -> EventLoop.safely(() -> l.accept(now)));
    }
}
