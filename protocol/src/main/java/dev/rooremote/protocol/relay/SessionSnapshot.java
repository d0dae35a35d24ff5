package dev.rooremote.protocol.relay;

import dev.rooremote.protocol.roo.ClineMessage;
import java.util.List;

/**
 * A session's whole state at one sequence number: what a late joiner needs to show it.
 *
 * @param info the session as a session list shows it
 * @param mode Roo's current mode, when known
 * @param modes the modes Roo offers
 * @param messages the current task's transcript, in order
 * @param queued messages queued in Roo for the current task
 * @param history every task of the session, newest first
 */
public record SessionSnapshot(
        SessionInfo info,
        String mode,
        List<SessionEvent.Mode> modes,
        List<ClineMessage> messages,
        List<SessionEvent.QueuedMessage> queued,
        List<TaskSummary> history) {

    public SessionSnapshot {
        Ids.require(info, "info");
        modes = modes == null ? List.of() : List.copyOf(modes);
        messages = messages == null ? List.of() : List.copyOf(messages);
        queued = queued == null ? List.of() : List.copyOf(queued);
        history = history == null ? List.of() : List.copyOf(history);
    }
}
