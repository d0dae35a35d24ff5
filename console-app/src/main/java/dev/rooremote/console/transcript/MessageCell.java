package dev.rooremote.console.transcript;

import dev.rooremote.protocol.roo.ClineMessage;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ListCell;

/** A transcript cell: renders its message once, and again only when that message streams. */
final class MessageCell extends ListCell<MessageViewModel> {

    private final ChangeListener<ClineMessage> onUpdate = (o, before, after) -> render();
    private MessageViewModel bound;
    private ClineMessage rendered;

    MessageCell() {
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        // Lets the cell shrink to the list's width so text wraps instead of scrolling sideways.
        setPrefWidth(0);
        getStyleClass().add("message-cell");
    }

    @Override
    protected void updateItem(MessageViewModel item, boolean empty) {
        super.updateItem(item, empty);
        if (!empty && item != null && item == bound && item.message() == rendered) {
            // Layout passes call this again for the same, unchanged message: keep its node.
            return;
        }
        if (bound != item) {
            if (bound != null) {
                bound.messageProperty().removeListener(onUpdate);
            }
            bound = empty ? null : item;
            if (bound != null) {
                bound.messageProperty().addListener(onUpdate);
            }
        }
        render();
    }

    private void render() {
        if (bound == null) {
            rendered = null;
            setGraphic(null);
            setText(null);
            setId(null);
        } else {
            rendered = bound.message();
            setId("message-" + bound.ts());
            setGraphic(MessageRenderer.render(bound));
        }
    }
}
