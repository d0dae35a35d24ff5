package dev.rooremote.console.session;

import dev.rooremote.protocol.relay.AskWords;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.TaskState;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Tells when a session wants a person: each question or approval Roo waits for, and each finished
 * task, once. What a snapshot already shows is not news.
 */
final class AttentionWatch {

    private final Set<String> seen = new HashSet<>();

    /** What {@code info} shows (from a snapshot) was there before the person looked. */
    void alreadyShown(SessionInfo info) {
        if (info.pendingAsk() != null) {
            seen.add(askKey(info.pendingAsk()));
        }
        if (info.task() != null && info.task().state() == TaskState.COMPLETED) {
            seen.add(completedKey(info.task().taskId()));
        }
    }

    /** The attention {@code event} asks for, the first time. */
    Optional<SessionViewModel.Attention> on(SessionEvent event, String sessionName) {
        if (event instanceof SessionEvent.AskPending pending
                && pending.ask().category() == PendingAsk.Category.INTERACTIVE) {
            return raise(askKey(pending.ask()), sessionName + " needs you", AskWords.describe(pending.ask()));
        }
        if (event instanceof SessionEvent.TaskStateChanged changed && changed.state() == TaskState.COMPLETED) {
            return raise(completedKey(changed.taskId()), sessionName + " finished", "Roo completed the task.");
        }
        return Optional.empty();
    }

    private Optional<SessionViewModel.Attention> raise(String key, String title, String text) {
        return seen.add(key) ? Optional.of(new SessionViewModel.Attention(key, title, text)) : Optional.empty();
    }

    private static String askKey(PendingAsk ask) {
        return ask.taskId() + ":" + ask.ts();
    }

    private static String completedKey(String taskId) {
        return taskId + ":completed";
    }
}
