package dev.rooremote.console.transcript;

import java.util.stream.Collectors;
import javafx.application.Platform;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.IndexedCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.skin.VirtualFlow;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.StackPane;

/**
 * The live transcript: a virtualised list of messages. It follows new output only while the user
 * is at the bottom; scrolling up to read stops the following until they scroll back down. Messages
 * are selected with the mouse or keyboard and copied with Ctrl+C or the context menu.
 */
public final class TranscriptView extends StackPane {

    private final TranscriptViewModel viewModel;
    private final ListView<MessageViewModel> list = new ListView<>();
    private boolean followBottom = true;
    private boolean scrollPending;

    public TranscriptView(TranscriptViewModel viewModel) {
        this(viewModel, null);
    }

    /** With {@code dialogs}, a double-click (or Enter) opens the message as text for partial copying. */
    public TranscriptView(TranscriptViewModel viewModel, dev.rooremote.console.fx.DialogService dialogs) {
        this.viewModel = viewModel;
        list.setId("transcript");
        list.getStyleClass().add("transcript");
        list.setItems(viewModel.messages());
        list.setCellFactory(l -> new MessageCell());
        list.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        list.setPlaceholder(new javafx.scene.control.Label("No messages yet."));
        getChildren().add(list);

        if (dialogs != null) {
            list.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2) {
                    openSelected(dialogs);
                }
            });
            list.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
                if (e.getCode() == KeyCode.ENTER) {
                    openSelected(dialogs);
                }
            });
        }
        MenuItem copy = new MenuItem("Copy");
        copy.setOnAction(e -> copySelected());
        MenuItem copyAll = new MenuItem("Copy whole transcript");
        copyAll.setOnAction(e -> copy(
                viewModel.messages().stream().map(MessageViewModel::plainText).collect(Collectors.joining("\n\n"))));
        list.setContextMenu(new ContextMenu(copy, copyAll));
        list.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (KeyCombination.keyCombination("Shortcut+C").match(e)) {
                copySelected();
                e.consume();
            } else if (e.getCode() == KeyCode.END) {
                followBottom = true;
            }
        });

        // Whether to follow is the person's choice, read from what they do (wheel, keys, scroll bar), not
        // from where the list happens to be: a bar that appears below the list for an ask, or a message
        // that grows as it streams, must not stop the following.
        list.addEventFilter(ScrollEvent.SCROLL, e -> rereadFollowLater());
        list.addEventFilter(KeyEvent.KEY_RELEASED, e -> rereadFollowLater());
        list.addEventFilter(MouseEvent.MOUSE_RELEASED, e -> rereadFollowLater());
        list.heightProperty().addListener((o, before, now) -> {
            if (followBottom) {
                scrollToBottomLater();
            }
        });
        viewModel.addChangeListener(new TranscriptViewModel.ChangeListener() {
            @Override
            public void beforeChange() {}

            @Override
            public void afterChange() {
                if (followBottom) {
                    scrollToBottomLater();
                }
            }
        });
    }

    public ListView<MessageViewModel> list() {
        return list;
    }

    /** True when the last message is fully visible (or nothing is shown yet). */
    public boolean isAtBottom() {
        VirtualFlow<?> flow = flow();
        int count = list.getItems().size();
        if (flow == null || count == 0) {
            return true;
        }
        IndexedCell<?> last = flow.getLastVisibleCell();
        if (last == null) {
            return true;
        }
        if (last.getIndex() < count - 1) {
            return false;
        }
        return last.getLayoutY() + last.getHeight() <= flow.getHeight() + 2;
    }

    /** Whether new output is followed: until the person scrolls away from the bottom. */
    public boolean following() {
        return followBottom;
    }

    private void rereadFollowLater() {
        Platform.runLater(() -> followBottom = isAtBottom());
    }

    private void scrollToBottomLater() {
        if (scrollPending) {
            return;
        }
        scrollPending = true;
        Platform.runLater(() -> {
            scrollPending = false;
            scrollToBottom();
            // Cells just added are measured in the next layout pass, which may move the end further down.
            list.layout();
            if (followBottom && !isAtBottom()) {
                scrollToBottom();
            }
        });
    }

    private void scrollToBottom() {
        VirtualFlow<?> flow = flow();
        int count = list.getItems().size();
        if (flow != null && count > 0) {
            flow.scrollTo(count - 1);
            // scrollTo shows a tall last cell's top; the flow stops at the end of it.
            flow.scrollPixels(Double.MAX_VALUE / 4);
        }
    }

    private VirtualFlow<?> flow() {
        return list.lookup(".virtual-flow") instanceof VirtualFlow<?> f ? f : null;
    }

    private void openSelected(dev.rooremote.console.fx.DialogService dialogs) {
        MessageViewModel selected = list.getSelectionModel().getSelectedItem();
        if (selected != null) {
            dialogs.showText(KindLabels.label(selected.kind()), selected.plainText());
        }
    }

    private void copySelected() {
        copy(list.getSelectionModel().getSelectedItems().stream()
                .map(MessageViewModel::plainText)
                .collect(Collectors.joining("\n\n")));
    }

    private static void copy(String text) {
        ClipboardContent content = new ClipboardContent();
        content.putString(text);
        Clipboard.getSystemClipboard().setContent(content);
    }
}
