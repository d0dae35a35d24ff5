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
 * Tells when a session wants a person, as the relay's Web Push does: each question, tool, command or
 * MCP approval Roo waits for and each failed request or stuck task (only to people who can act on
 * them), and each finished task (to everyone), once. What a snapshot already shows is not news.
 */
final class AttentionWatch {

    private static final int MAX_QUESTION = 200;

    private final boolean mayAct;
    private final Set<String> seen = new HashSet<>();

    /** @param mayAct whether this person can answer asks (an operator or admin, not a viewer) */
    AttentionWatch(boolean mayAct) {
        this.mayAct = mayAct;
    }

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
        if (event instanceof SessionEvent.AskPending pending && mayAct) {
            PendingAsk ask = pending.ask();
            SessionViewModel.Attention.Kind kind = kind(ask);
            if (kind != null) {
                String title = kind == SessionViewModel.Attention.Kind.FAILED
                        ? sessionName + " stopped"
                        : sessionName + " needs you";
                return raise(new SessionViewModel.Attention(askKey(ask), kind, title, words(ask), ask, ask.taskId()));
            }
        }
        if (event instanceof SessionEvent.TaskStateChanged changed && changed.state() == TaskState.COMPLETED) {
            return raise(new SessionViewModel.Attention(
                    completedKey(changed.taskId()),
                    SessionViewModel.Attention.Kind.FINISHED,
                    sessionName + " finished",
                    "Roo completed the task.",
                    null,
                    changed.taskId()));
        }
        return Optional.empty();
    }

    private static SessionViewModel.Attention.Kind kind(PendingAsk ask) {
        if (ask.isFollowup()) {
            return SessionViewModel.Attention.Kind.QUESTION;
        }
        if (ask.isApproval()) {
            return SessionViewModel.Attention.Kind.APPROVAL;
        }
        if ("api_req_failed".equals(ask.ask()) || "mistake_limit_reached".equals(ask.ask())) {
            return SessionViewModel.Attention.Kind.FAILED;
        }
        return null;
    }

    /**
     * The ask in words, as short as a notification wants them and without what may hold a secret: a
     * command's text is left out (it may carry a token), a file's content never was in the words.
     */
    static String words(PendingAsk ask) {
        if ("command".equals(ask.ask())) {
            return "Roo wants to run a command.";
        }
        if ("api_req_failed".equals(ask.ask())) {
            return "A request to the model failed. A message continues the task.";
        }
        if ("mistake_limit_reached".equals(ask.ask())) {
            return "Roo is stuck and needs guidance.";
        }
        String words = AskWords.describe(ask).strip();
        return words.length() <= MAX_QUESTION ? words : words.substring(0, MAX_QUESTION) + "…";
    }

    private Optional<SessionViewModel.Attention> raise(SessionViewModel.Attention attention) {
        return seen.add(attention.key()) ? Optional.of(attention) : Optional.empty();
    }

    private static String askKey(PendingAsk ask) {
        return ask.taskId() + ":" + ask.ts();
    }

    private static String completedKey(String taskId) {
        return taskId + ":completed";
    }
}
