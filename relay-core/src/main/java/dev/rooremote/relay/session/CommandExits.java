package dev.rooremote.relay.session;

import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.AskKind;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.SayKind;
import dev.rooremote.relay.bridge.BridgeCommandExit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The exit statuses the session's bridge reported, put on the commands' output messages: a status for a
 * message the log already has becomes a {@code message} update with {@code exitStatus} set; one for a
 * message not seen yet waits for it; and a later update of the message from Roo (which knows nothing of
 * exit statuses) keeps it. A status for a message that does not show a command is refused with a log line.
 *
 * <p>Confined to the session thread.
 */
final class CommandExits {

    private static final Logger LOG = LoggerFactory.getLogger(CommandExits.class);
    /** Statuses remembered per session, so that a later update from Roo keeps them; the oldest go first. */
    static final int LIMIT = 2000;

    private final String sessionId;
    private final SessionLog log;
    private final Map<String, ExitStatus> statuses = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ExitStatus> eldest) {
            return size() > LIMIT;
        }
    };

    CommandExits(String sessionId, SessionLog log) {
        this.sessionId = sessionId;
        this.log = log;
    }

    /** Takes a status from the bridge: logs the update of its message when that message is known. */
    void report(BridgeCommandExit exit) {
        Optional<ClineMessage> known = log.read(s -> s.message(exit.taskId(), exit.ts()));
        if (known.isPresent() && !showsCommand(known.get())) {
            LOG.warn(
                    "session '{}': ignored an exit status from the bridge for message {} of task {}: that message"
                            + " is not a command's output (say {}, ask {})",
                    sessionId,
                    exit.ts(),
                    exit.taskId(),
                    known.get().say() == null ? "-" : known.get().say().value(),
                    known.get().ask() == null ? "-" : known.get().ask().value());
            return;
        }
        statuses.put(key(exit.taskId(), exit.ts()), exit.status());
        if (known.isEmpty() || Objects.equals(known.get().exitStatus(), exit.status())) {
            return;
        }
        SessionEvent.Message update =
                log.read(s -> s.messageEvent(exit.taskId(), known.get().withExitStatus(exit.status())));
        log.append(update);
    }

    /**
     * {@code message} from Roo, with the exit status the bridge reported for it, if any: one reported in
     * this run, or the one the log already holds for the message (from before a restart of the relay).
     */
    ClineMessage decorate(String taskId, ClineMessage message) {
        if (message.exitStatus() != null || !showsCommand(message)) {
            return message;
        }
        ExitStatus status = statuses.get(key(taskId, message.ts()));
        if (status == null) {
            status = log.read(s -> s.message(taskId, message.ts()))
                    .map(ClineMessage::exitStatus)
                    .orElse(null);
        }
        return status == null ? message : message.withExitStatus(status);
    }

    private static boolean showsCommand(ClineMessage message) {
        return message.isSay()
                ? SayKind.COMMAND_OUTPUT.equals(message.say())
                : AskKind.COMMAND.equals(message.ask()) || AskKind.COMMAND_OUTPUT.equals(message.ask());
    }

    private static String key(String taskId, long ts) {
        return taskId + '\u0000' + ts;
    }
}
