package dev.rooremote.console.history;

import dev.rooremote.console.fx.Whole;
import dev.rooremote.console.transcript.TranscriptView;
import dev.rooremote.protocol.relay.TaskSummary;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/** Past tasks of a session on the left, the selected task's transcript on the right. */
public final class HistoryView extends BorderPane {

    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    public HistoryView(HistoryViewModel vm, dev.rooremote.console.fx.DialogService dialogs) {
        ListView<TaskSummary> tasks = new ListView<>(vm.tasks());
        tasks.setId("history-list");
        tasks.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(TaskSummary t, boolean empty) {
                super.updateItem(t, empty);
                if (empty || t == null) {
                    setText(null);
                    return;
                }
                String title = t.text() == null ? t.taskId() : t.text();
                if (title.length() > 80) {
                    title = title.substring(0, 80) + "…";
                }
                setText(title + "\n" + WHEN.format(Instant.ofEpochMilli(t.startedAt())) + " · "
                        + t.state().words()
                        + (t.tokens().cost() > 0
                                ? String.format(" · $%.4f", t.tokens().cost())
                                : ""));
            }
        });
        tasks.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty()
                .set(b));
        Button refresh = new Button("Refresh");
        refresh.setOnAction(e -> vm.refresh());
        Button resume = new Button("Resume this task");
        resume.setId("history-resume");
        resume.disableProperty().bind(vm.selectedProperty().isNull());
        resume.setOnAction(e -> vm.resumeSelected());
        Label message = new Label();
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        Whole.width(refresh, resume);
        VBox left = new VBox(6, new HBox(6, refresh, resume), message, tasks);
        left.setPadding(new Insets(6));
        javafx.scene.layout.VBox.setVgrow(tasks, javafx.scene.layout.Priority.ALWAYS);
        SplitPane split = new SplitPane(left, new TranscriptView(vm.transcript(), dialogs));
        split.setDividerPositions(0.3);
        setCenter(split);
    }
}
