package dev.rooremote.console.transcript;

import dev.rooremote.protocol.roo.ClineMessage;
import javafx.beans.value.ChangeListener;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.ListCell;

/** A transcript cell: renders its message once, and again only when that message streams. */
final class MessageCell extends ListCell<MessageViewModel> {

    private final ChangeListener<ClineMessage> onUpdate = (o, before, after) -> render();
    private MessageViewModel bound;

    MessageCell() {
        setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
        // Lets the cell shrink to the list's width so text wraps instead of scrolling sideways.
        setPrefWidth(0);
        getStyleClass().add("message-cell");
    }

    @Override
    protected void updateItem(MessageViewModel item, boolean empty) {
        super.updateItem(item, empty);
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
            setGraphic(null);
            setText(null);
            setId(null);
        } else {
            setId("message-" + bound.ts());
            setGraphic(MessageRenderer.render(bound));
        }
    }
}
