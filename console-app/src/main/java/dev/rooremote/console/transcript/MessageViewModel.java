package dev.rooremote.console.transcript;

import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.MessageKind;
import dev.rooremote.protocol.roo.ToolAsk;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

/**
 * One transcript message as the view shows it. Only its {@link #messageProperty()} changes, and only
 * while Roo streams it; cells listen to it, so a streaming update re-renders one cell.
 */
public final class MessageViewModel {

    private final long ts;
    private final boolean first;
    private final ReadOnlyObjectWrapper<ClineMessage> message;
    private MessageKind kind;
    private boolean expanded;

    MessageViewModel(ClineMessage message, boolean first) {
        this.ts = message.ts();
        this.first = first;
        this.message = new ReadOnlyObjectWrapper<>(this, "message", message);
        this.kind = MessageKind.of(message, first);
    }

    public long ts() {
        return ts;
    }

    public ClineMessage message() {
        return message.get();
    }

    public ReadOnlyObjectProperty<ClineMessage> messageProperty() {
        return message.getReadOnlyProperty();
    }

    public MessageKind kind() {
        return kind;
    }

    public boolean streaming() {
        return message.get().isPartial();
    }

    /**
     * Whether the person opened this message's folded part (its reasoning, or a long command output);
     * kept here so it survives cell reuse.
     */
    public boolean expanded() {
        return expanded;
    }

    public void setExpanded(boolean expanded) {
        this.expanded = expanded;
    }

    void update(ClineMessage next) {
        kind = MessageKind.of(next, first);
        message.set(next);
    }

    /** The message as plain text, for copying. */
    public String plainText() {
        ClineMessage m = message.get();
        String text = m.text() == null ? "" : m.text();
        switch (kind) {
            case FOLLOWUP:
                return FollowupQuestion.parse(text)
                        .map(f -> f.question()
                                + f.suggestions().stream()
                                        .map(s -> "\n- " + s.answer())
                                        .reduce("", String::concat))
                        .orElse(text);
            case TOOL:
                return ToolAsk.parse(text)
                        .map(t -> t.toolOpt().orElse("tool")
                                + t.pathOpt().map(p -> " " + p).orElse("")
                                + (t.diff() != null ? "\n" + t.diff() : t.content() != null ? "\n" + t.content() : ""))
                        .orElse(text);
            case API_REQUEST:
                return "API request: "
                        + RooText.apiRequest(text).map(RooText::describe).orElse(text);
            default:
                return KindLabels.label(kind) + ": " + text;
        }
    }
}
