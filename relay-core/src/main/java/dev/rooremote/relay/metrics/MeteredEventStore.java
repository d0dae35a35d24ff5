package dev.rooremote.relay.metrics;

import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.relay.events.EventStore;
import java.util.List;
import java.util.Optional;

/** Counts the events an {@link EventStore} persists. */
public final class MeteredEventStore implements EventStore {

    private final EventStore delegate;
    private final RelayMetrics metrics;

    public MeteredEventStore(EventStore delegate, RelayMetrics metrics) {
        this.delegate = delegate;
        this.metrics = metrics;
    }

    @Override
    public boolean append(ServerMessage.Event event) {
        boolean kept = delegate.append(event);
        metrics.event();
        return kept;
    }

    @Override
    public List<ServerMessage.Event> load(String sessionId, long afterSeq, int limit) {
        return delegate.load(sessionId, afterSeq, limit);
    }

    @Override
    public long unstoredLastRun() {
        return delegate.unstoredLastRun();
    }

    @Override
    public Optional<String> problem() {
        return delegate.problem();
    }

    @Override
    public long unstored() {
        return delegate.unstored();
    }

    @Override
    public long notKept() {
        return delegate.notKept();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
