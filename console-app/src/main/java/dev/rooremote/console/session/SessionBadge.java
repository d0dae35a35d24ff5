package dev.rooremote.console.session;

import dev.rooremote.protocol.relay.ConnectionStatus;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.TaskState;

/** The state a session's tab and list entry show. */
public enum SessionBadge {
    RUNNING("running"),
    NEEDS_YOU("needs you"),
    IDLE("idle"),
    DISCONNECTED("disconnected");

    private final String label;

    SessionBadge(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The badge for a session as the relay describes it, over a link that is up or not. */
    public static SessionBadge of(SessionInfo info, boolean linkUp) {
        if (!linkUp || info.connection() != ConnectionStatus.CONNECTED) {
            return DISCONNECTED;
        }
        PendingAsk ask = info.pendingAsk();
        if (ask != null && ask.category() == PendingAsk.Category.INTERACTIVE) {
            return NEEDS_YOU;
        }
        TaskState state = info.task() == null ? null : info.task().state();
        if (state == TaskState.NEEDS_INPUT) {
            return NEEDS_YOU;
        }
        if (state == TaskState.RUNNING) {
            return RUNNING;
        }
        return IDLE;
    }
}
