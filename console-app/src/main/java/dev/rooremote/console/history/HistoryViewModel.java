package dev.rooremote.console.history;

import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.connect.RequestFailedException;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.transcript.TranscriptViewModel;
import dev.rooremote.protocol.relay.TaskSummary;
import java.util.function.BiConsumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** A session's past tasks; selecting one loads its transcript from the relay; one can be resumed. */
public final class HistoryViewModel {

    private final RelayLink link;
    private final String sessionId;
    private final UiExecutor ui;
    private final BiConsumer<String, Runnable> resumer;

    private final ObservableList<TaskSummary> tasks = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would drop listeners when collected.
    private final ObservableList<TaskSummary> tasksView = FXCollections.unmodifiableObservableList(tasks);
    private final ObjectProperty<TaskSummary> selected = new SimpleObjectProperty<>(this, "selected");
    private final TranscriptViewModel transcript = new TranscriptViewModel();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    public HistoryViewModel(RelayLink link, String sessionId, UiExecutor ui, BiConsumer<String, Runnable> resumer) {
        this.link = link;
        this.sessionId = sessionId;
        this.ui = ui;
        this.resumer = resumer;
        selected.addListener((o, before, task) -> {
            if (task != null) {
                loadTranscript(task);
            } else {
                transcript.clear();
            }
        });
    }

    public void refresh() {
        busy.set(true);
        ui.whenDone(
                link.history(sessionId),
                history -> {
                    busy.set(false);
                    TaskSummary keep = selected.get();
                    tasks.setAll(history);
                    message.set(history.isEmpty() ? "No tasks yet." : "");
                    if (keep != null) {
                        tasks.stream()
                                .filter(t -> t.taskId().equals(keep.taskId()))
                                .findFirst()
                                .ifPresent(selected::set);
                    }
                },
                error -> {
                    busy.set(false);
                    message.set(RequestFailedException.describe("history request", error));
                });
    }

    private void loadTranscript(TaskSummary task) {
        busy.set(true);
        ui.whenDone(
                link.transcript(sessionId, task.taskId()),
                result -> {
                    busy.set(false);
                    transcript.show(task.taskId(), result.messages());
                },
                error -> {
                    busy.set(false);
                    message.set(RequestFailedException.describe("transcript request", error));
                });
    }

    /** Reopens the selected task in the session. */
    public void resumeSelected() {
        TaskSummary task = selected.get();
        if (task == null) {
            message.set("Select a task to resume.");
            return;
        }
        resumer.accept(task.taskId(), () -> message.set("Resumed: the task is live in the session's tab."));
    }

    public ObservableList<TaskSummary> tasks() {
        return tasksView;
    }

    public ObjectProperty<TaskSummary> selectedProperty() {
        return selected;
    }

    public TranscriptViewModel transcript() {
        return transcript;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
