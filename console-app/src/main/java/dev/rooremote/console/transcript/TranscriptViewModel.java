package dev.rooremote.console.transcript;

import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.MessageKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The messages of one task, in order. New messages are appended; an update replaces the message in
 * its {@link MessageViewModel} without touching the list, so finished messages are never re-rendered.
 * Messages with nothing to show are kept out of the list.
 */
public final class TranscriptViewModel {

    /** Told around every change, so the view can keep the scroll position at the bottom. */
    public interface ChangeListener {
        void beforeChange();

        void afterChange();
    }

    private final ObservableList<MessageViewModel> messages = FXCollections.observableArrayList();
    private final ObservableList<MessageViewModel> readOnly = FXCollections.unmodifiableObservableList(messages);
    private final Map<Long, MessageViewModel> byTs = new HashMap<>();
    private final ReadOnlyStringWrapper taskId = new ReadOnlyStringWrapper(this, "taskId");
    private final List<ChangeListener> listeners = new CopyOnWriteArrayList<>();

    public ObservableList<MessageViewModel> messages() {
        return readOnly;
    }

    public ReadOnlyStringProperty taskIdProperty() {
        return taskId.getReadOnlyProperty();
    }

    public String taskId() {
        return taskId.get();
    }

    public void addChangeListener(ChangeListener listener) {
        listeners.add(listener);
    }

    /** Shows {@code all} as the transcript of {@code task}, replacing what was shown. */
    public void show(String task, List<ClineMessage> all) {
        listeners.forEach(ChangeListener::beforeChange);
        byTs.clear();
        List<MessageViewModel> visible = new ArrayList<>(all.size());
        for (ClineMessage message : all) {
            MessageViewModel vm = new MessageViewModel(message, byTs.isEmpty());
            byTs.put(message.ts(), vm);
            if (vm.kind() != MessageKind.HIDDEN) {
                visible.add(vm);
            }
        }
        taskId.set(task);
        messages.setAll(visible);
        listeners.forEach(ChangeListener::afterChange);
    }

    /** Adds or updates messages of the shown task, as rebuilt from the relay's deltas. */
    public void upsert(List<ClineMessage> changed) {
        if (changed.isEmpty()) {
            return;
        }
        listeners.forEach(ChangeListener::beforeChange);
        List<MessageViewModel> added = new ArrayList<>();
        for (ClineMessage message : changed) {
            MessageViewModel vm = byTs.get(message.ts());
            if (vm == null) {
                vm = new MessageViewModel(message, byTs.isEmpty());
                byTs.put(message.ts(), vm);
                if (vm.kind() != MessageKind.HIDDEN) {
                    added.add(vm);
                }
            } else if (vm.message() != message) {
                MessageKind before = vm.kind();
                vm.update(message);
                if (before == MessageKind.HIDDEN && vm.kind() != MessageKind.HIDDEN) {
                    added.add(vm);
                }
            }
        }
        messages.addAll(added);
        listeners.forEach(ChangeListener::afterChange);
    }

    public void clear() {
        show(null, List.of());
    }

    /** The view-model of the message with {@code ts}, if the task has it. */
    public java.util.Optional<MessageViewModel> find(long ts) {
        return java.util.Optional.ofNullable(byTs.get(ts));
    }
}
