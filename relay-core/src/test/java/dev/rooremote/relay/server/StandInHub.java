package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.Capabilities;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.EndpointKind;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.session.SessionHub;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The session side for server tests: opens its sessions in the event log and answers start_task by
 * logging what Roo would (no Roo behind it). Tests drive the events through the log directly.
 */
final class StandInHub implements SessionHub {

    private final EventLog log;
    private final List<String> ids;
    private final AtomicInteger tasks = new AtomicInteger();

    StandInHub(EventLog log, List<String> ids) {
        this.log = log;
        this.ids = List.copyOf(ids);
        for (String id : ids) {
            log.open(id, id, EndpointKind.DEMO, Capabilities.stockIpc());
        }
    }

    @Override
    public List<String> sessionIds() {
        return ids;
    }

    @Override
    public CompletableFuture<AckResult> execute(Caller caller, ClientMessage.SessionRequest request) {
        if (request instanceof ClientMessage.StartTask start) {
            String taskId = "task-" + tasks.incrementAndGet();
            log.append(start.sessionId(), new SessionEvent.UserAction(caller.name(), "start_task", null, null));
            log.append(start.sessionId(), new SessionEvent.TaskStarted(taskId, start.text(), null));
            log.append(start.sessionId(), new SessionEvent.TaskStateChanged(taskId, TaskState.RUNNING));
            return CompletableFuture.completedFuture(new AckResult.TaskStarted(taskId));
        }
        if (request instanceof ClientMessage.GetSettings settings) {
            return CompletableFuture.completedFuture(new AckResult.Settings(settings.sessionId(), null, null));
        }
        return CompletableFuture.failedFuture(
                new RelayException(ErrorCode.SESSION_UNAVAILABLE, "the stand-in session cannot do this"));
    }

    @Override
    public void start() {
        for (String id : ids) {
            if (log.read(id, s -> s.connection()) != ConnectionStatus.CONNECTED) {
                log.append(id, new SessionEvent.Connection(ConnectionStatus.CONNECTED, null));
            }
        }
    }

    @Override
    public void close() {}
}
