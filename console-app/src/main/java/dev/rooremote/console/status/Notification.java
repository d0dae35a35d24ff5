package dev.rooremote.console.status;

import java.util.List;
import java.util.Objects;

/**
 * A notification for a person: what it says, never the ask's code or content beyond its words.
 *
 * @param group what it is about (a relay's session): a group's next notification replaces its previous one
 * @param key the event it tells of (an ask, a finished task): withdrawing names it, so a newer one stays
 * @param actions buttons beyond {@link #OPEN}, shown where the desktop supports them
 */
public record Notification(String group, String key, String title, String text, List<Action> actions) {

    /** The action of a click on the notification itself: open the session at the ask. */
    public static final String OPEN = "default";

    public Notification {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(title, "title");
        text = text == null ? "" : text;
        actions = actions == null ? List.of() : List.copyOf(actions);
    }

    /** A button on the notification: {@code key} comes back when it is chosen, {@code label} is shown. */
    public record Action(String key, String label) {
        public Action {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(label, "label");
        }
    }
}
