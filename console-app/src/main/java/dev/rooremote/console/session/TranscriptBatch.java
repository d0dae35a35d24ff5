package dev.rooremote.console.session;

import dev.rooremote.console.transcript.TranscriptViewModel;
import dev.rooremote.protocol.roo.ClineMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers what one bridge batch changed in the shown task's transcript and hands it to the
 * {@link TranscriptViewModel} at once: the whole transcript when another task became the current
 * one, otherwise each changed message once, as last folded.
 */
final class TranscriptBatch {

    private final TranscriptViewModel transcript;
    private final Map<Long, ClineMessage> changed = new LinkedHashMap<>();
    private String switchedTo;
    private Map<Long, ClineMessage> switched;

    TranscriptBatch(TranscriptViewModel transcript) {
        this.transcript = transcript;
    }

    /** Another task became the current one; these are its messages. */
    void switchTo(String taskId, List<ClineMessage> messages) {
        switchedTo = taskId;
        switched = new LinkedHashMap<>();
        messages.forEach(m -> switched.put(m.ts(), m));
        changed.clear();
    }

    /** A message of {@code taskId} was added or changed. */
    void changed(String taskId, ClineMessage message) {
        if (switched != null) {
            if (taskId.equals(switchedTo)) {
                switched.put(message.ts(), message);
            }
        } else if (taskId.equals(transcript.taskId())) {
            changed.put(message.ts(), message);
        }
    }

    void publish() {
        if (switched != null) {
            transcript.show(switchedTo, new ArrayList<>(switched.values()));
        } else if (!changed.isEmpty()) {
            transcript.upsert(new ArrayList<>(changed.values()));
        }
        clear();
    }

    void clear() {
        switchedTo = null;
        switched = null;
        changed.clear();
    }
}
