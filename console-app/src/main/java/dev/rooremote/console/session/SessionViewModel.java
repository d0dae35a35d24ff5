package dev.rooremote.console.session;

import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.connect.RelayUpdate;
import dev.rooremote.console.connect.RequestFailedException;
import dev.rooremote.console.fx.DialogService;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.history.HistoryViewModel;
import dev.rooremote.console.settings.ProfilesViewModel;
import dev.rooremote.console.settings.SettingsViewModel;
import dev.rooremote.console.transcript.TranscriptViewModel;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionSnapshot;
import dev.rooremote.protocol.relay.TaskState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.relay.Tokens;
import dev.rooremote.protocol.roo.FollowupQuestion;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * One Roo session of one relay: its state, its live transcript and everything a person can do with
 * it. Lives on the FX thread: what the client library's fold made of the relay's snapshots and events
 * arrives in batches through the console's bridge; this view-model shows it and folds nothing itself.
 */
public final class SessionViewModel {

    /**
     * Something in a session that wants a person's attention (for desktop notifications).
     *
     * @param key the event, unique in the session
     * @param ask the ask it is about; null for a finished task
     * @param taskId the task it is about
     */
    public record Attention(String key, Kind kind, String title, String text, PendingAsk ask, String taskId) {

        /** What the session wants. */
        public enum Kind {
            /** A followup question: an answer is typed. */
            QUESTION,
            /** A tool, command or MCP ask: approve or deny. */
            APPROVAL,
            /** A request failed or Roo is stuck: a message continues the task. */
            FAILED,
            /** The task finished. */
            FINISHED
        }
    }

    private final RelayLink link;
    private final String relayName;
    private final String sessionId;
    private final UiExecutor ui;
    private final DialogService dialogs;

    private final TranscriptViewModel transcript = new TranscriptViewModel();
    private final TranscriptBatch batch = new TranscriptBatch(transcript);
    private final AttentionWatch attentions;
    // The fold's latest state; the session list's latest entry once it renamed or re-described the session.
    private RelayUpdate.Folded folded;
    private SessionInfo described;

    private final ReadOnlyStringWrapper name = new ReadOnlyStringWrapper(this, "name");
    private final ReadOnlyObjectWrapper<SessionInfo> info = new ReadOnlyObjectWrapper<>(this, "info");
    private final ReadOnlyObjectWrapper<SessionBadge> badge =
            new ReadOnlyObjectWrapper<>(this, "badge", SessionBadge.DISCONNECTED);
    private final ReadOnlyObjectWrapper<PendingAsk> pendingAsk = new ReadOnlyObjectWrapper<>(this, "pendingAsk");
    private final ReadOnlyObjectWrapper<FollowupQuestion> followup = new ReadOnlyObjectWrapper<>(this, "followup");
    private final ReadOnlyObjectWrapper<Tokens> tokens = new ReadOnlyObjectWrapper<>(this, "tokens", Tokens.ZERO);
    private final ReadOnlyStringWrapper mode = new ReadOnlyStringWrapper(this, "mode");
    private final ObservableList<SessionEvent.Mode> modes = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would drop listeners when collected.
    private final ObservableList<SessionEvent.Mode> modesView = FXCollections.unmodifiableObservableList(modes);
    private final ObservableList<SessionEvent.QueuedMessage> queued = FXCollections.observableArrayList();
    // One read-only view, kept: a fresh wrapper per call would drop listeners when collected.
    private final ObservableList<SessionEvent.QueuedMessage> queuedView =
            FXCollections.unmodifiableObservableList(queued);
    private final ReadOnlyBooleanWrapper linkUp = new ReadOnlyBooleanWrapper(this, "linkUp", false);
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded", false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper(this, "notice", "");
    private final ReadOnlyObjectWrapper<Attention> attention = new ReadOnlyObjectWrapper<>(this, "attention");
    private final ReadOnlyBooleanWrapper removed = new ReadOnlyBooleanWrapper(this, "removed", false);

    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final ObjectProperty<String> promptMode = new SimpleObjectProperty<>(this, "promptMode");
    private final ObservableList<Attachment> attachments = FXCollections.observableArrayList();

    private final BooleanBinding canOperate;
    private final BooleanBinding canApprove;
    private final BooleanBinding canDeny;
    private final BooleanBinding canCancel;
    private final BooleanBinding canResume;
    private final BooleanBinding canSend;
    private final StringBinding sendLabel;

    private SettingsViewModel settings;
    private ProfilesViewModel profiles;
    private HistoryViewModel history;

    public SessionViewModel(
            RelayLink link, String relayName, SessionInfo initial, UiExecutor ui, DialogService dialogs) {
        this.link = link;
        this.relayName = relayName;
        this.sessionId = initial.sessionId();
        this.ui = ui;
        this.dialogs = dialogs;
        name.set(initial.name());
        info.set(initial);

        boolean operator = link.role().atLeast(Role.OPERATOR);
        attentions = new AttentionWatch(operator);
        canOperate = Bindings.createBooleanBinding(() -> operator && linkUp.get() && !busy.get(), linkUp, busy);
        canApprove = Bindings.createBooleanBinding(
                () -> canOperate.get()
                        && pendingAsk.get() != null
                        && pendingAsk.get().isApproval()
                        && info.get().capabilities().approve(),
                canOperate,
                pendingAsk,
                info);
        canDeny = Bindings.createBooleanBinding(
                () -> canOperate.get()
                        && pendingAsk.get() != null
                        && pendingAsk.get().isApproval(),
                canOperate,
                pendingAsk);
        canCancel = Bindings.createBooleanBinding(
                () -> {
                    TaskSummary task = info.get().task();
                    return canOperate.get()
                            && task != null
                            && (task.state() == TaskState.RUNNING || task.state() == TaskState.NEEDS_INPUT);
                },
                canOperate,
                info);
        canResume = Bindings.createBooleanBinding(
                () -> canOperate.get()
                        && pendingAsk.get() != null
                        && pendingAsk.get().category() == PendingAsk.Category.RESUMABLE,
                canOperate,
                pendingAsk);
        canSend = Bindings.createBooleanBinding(
                () -> canOperate.get()
                        && (!prompt.get().isBlank() || !attachments.isEmpty())
                        && (pendingAsk.get() == null || !pendingAsk.get().isApproval()),
                canOperate,
                prompt,
                attachments,
                pendingAsk);
        sendLabel = Bindings.createStringBinding(
                () -> {
                    PendingAsk ask = pendingAsk.get();
                    if (ask == null) {
                        return "Start task";
                    }
                    if (ask.isFollowup()) {
                        return "Answer";
                    }
                    if (ask.category() == PendingAsk.Category.RESUMABLE) {
                        return "Resume with message";
                    }
                    if (ask.category() == PendingAsk.Category.IDLE) {
                        return "Continue task";
                    }
                    return "Start task";
                },
                pendingAsk);
        refresh(initial);
    }

    // ---------------------------------------------------------------- from the relay (FX thread)

    /** Shows the session as a snapshot has it (first watch, or after the relay could not resume). */
    public void reset(RelayUpdate.Reset reset) {
        SessionSnapshot snap = reset.snapshot();
        folded = reset.folded();
        described = null;
        TaskSummary task = snap.info().task();
        batch.clear();
        transcript.show(task == null ? null : task.taskId(), task == null ? List.of() : snap.messages());
        attentions.alreadyShown(snap.info());
        loaded.set(true);
        refresh(snap.info());
    }

    /** Takes one event as the client library's fold applied it; {@link #endBatch()} publishes. */
    public void applied(RelayUpdate.Applied applied) {
        folded = applied.after();
        SessionEvent e = applied.event().event();
        if (applied.current() != null) {
            batch.switchTo(applied.after().info().task().taskId(), applied.current());
        }
        if (e instanceof SessionEvent.Message m && applied.message() != null) {
            batch.changed(m.taskId(), applied.message());
        }
        attentions.on(e, name.get()).ifPresent(attention::set);
        if (e instanceof SessionEvent.UserAction action && !action.by().equals(link.user())) {
            notice.set(action.by() + " " + action.action().replace('_', ' '));
        }
    }

    /** Publishes what the events of one batch changed: one transcript update, one property refresh. */
    public void endBatch() {
        batch.publish();
        if (folded != null) {
            refresh(described(folded.info()));
        }
    }

    /** The relay's session list changed this session's summary (also for sessions not yet loaded). */
    public void applyStatus(SessionInfo latest) {
        if (!loaded.get()) {
            refresh(latest);
        } else {
            described = latest;
            refresh(described(folded.info()));
        }
    }

    /** The name, endpoint and capabilities are configuration: the session list has the latest. */
    private SessionInfo described(SessionInfo info) {
        if (described == null) {
            return info;
        }
        return new SessionInfo(
                info.sessionId(),
                described.name(),
                described.endpoint(),
                info.connection(),
                described.capabilities(),
                info.task(),
                info.pendingAsk());
    }

    public void setLinkUp(boolean up) {
        linkUp.set(up);
        badge.set(SessionBadge.of(info.get(), up));
    }

    public void markRemoved() {
        removed.set(true);
        linkUp.set(false);
        badge.set(SessionBadge.DISCONNECTED);
        notice.set("The relay no longer offers this session.");
    }

    private void refresh(SessionInfo latest) {
        SessionInfo before = info.get();
        info.set(latest);
        if (history != null && taskMoved(before, latest)) {
            // A task started, finished or changed state: the history list would otherwise show it as it was.
            history.refresh();
        }
        name.set(latest.name());
        badge.set(SessionBadge.of(latest, linkUp.get()));
        PendingAsk ask = latest.pendingAsk();
        if (ask == null ? pendingAsk.get() != null : !ask.equals(pendingAsk.get())) {
            pendingAsk.set(ask);
            followup.set(
                    ask != null && ask.isFollowup()
                            ? FollowupQuestion.parse(ask.text()).orElse(null)
                            : null);
        }
        tokens.set(latest.task() == null ? Tokens.ZERO : latest.task().tokens());
        if (loaded.get()) {
            mode.set(folded.mode());
            if (!modes.equals(folded.modes())) {
                modes.setAll(folded.modes());
            }
            if (!queued.equals(folded.queued())) {
                queued.setAll(folded.queued());
            }
        }
    }

    // ---------------------------------------------------------------- actions

    /**
     * Sends the prompt box: the answer to a pending followup, a message that continues an idle or
     * resumable task, or otherwise a new task (after confirming when Roo is still working).
     */
    public void send() {
        if (!canSend.get()) {
            if (pendingAsk.get() != null && pendingAsk.get().isApproval()) {
                notice.set("Roo waits for an approval: use Approve or Deny (your text goes with Deny).");
            }
            return;
        }
        PendingAsk ask = pendingAsk.get();
        String text = prompt.get().trim();
        List<String> images = attachments.stream().map(Attachment::dataUrl).toList();
        if (ask != null && ask.isFollowup() && images.isEmpty()) {
            run(() -> link.answerAsk(sessionId, ask.taskId(), ask.ts(), text), "answer", this::clearPrompt);
        } else if (ask != null && ask.category() != PendingAsk.Category.NON_BLOCKING && !ask.isApproval()) {
            run(() -> link.sendMessage(sessionId, ask.taskId(), ask.ts(), text, images), "message", this::clearPrompt);
        } else {
            newTask();
        }
    }

    /** Starts a new task with the prompt box, stopping the current one after confirmation. */
    public void newTask() {
        String text = prompt.get().trim();
        if (text.isEmpty()) {
            notice.set("Type the task for Roo first.");
            return;
        }
        if (!canOperate.get()) {
            return;
        }
        TaskSummary task = info.get().task();
        if (task != null
                && (task.state() == TaskState.RUNNING || task.state() == TaskState.NEEDS_INPUT)
                && !dialogs.confirm(
                        "Start a new task?",
                        "Roo is still working on \"" + abbreviate(task.text()) + "\". Starting a new task stops it.",
                        "Stop it and start")) {
            return;
        }
        List<String> images = attachments.stream().map(Attachment::dataUrl).toList();
        String taskMode = promptMode.get();
        run(() -> link.startTask(sessionId, text, images, taskMode), "new task", this::clearPrompt);
    }

    /** Answers the pending followup with one of its suggestions. */
    public void answer(FollowupQuestion.Suggestion suggestion) {
        PendingAsk ask = pendingAsk.get();
        if (ask == null || !ask.isFollowup() || !canOperate.get()) {
            return;
        }
        run(() -> link.answerAsk(sessionId, ask.taskId(), ask.ts(), suggestion.answer()), "answer", () -> {});
    }

    public void approve() {
        PendingAsk ask = pendingAsk.get();
        if (!canApprove.get()) {
            return;
        }
        run(() -> link.approve(sessionId, ask.taskId(), ask.ts()), "approval", () -> {});
    }

    /**
     * Whether {@code attention} still holds: its ask still waits, or its task is still the finished one.
     * A notification of one that no longer holds is withdrawn.
     */
    public boolean stillHolds(Attention attention) {
        if (attention.ask() != null) {
            return sameAsk(attention.ask(), pendingAsk.get());
        }
        TaskSummary task = info.get().task();
        return task != null && task.taskId().equals(attention.taskId()) && task.state() == TaskState.COMPLETED;
    }

    /** The same ask: an answer names it by task and {@code ts}, whatever its text became since. */
    private static boolean sameAsk(PendingAsk ask, PendingAsk now) {
        return now != null && now.taskId().equals(ask.taskId()) && now.ts() == ask.ts();
    }

    /** Whether this person may approve {@code ask} from a notification (as the ask panel offers Approve). */
    public boolean mayApproveFromNotification(PendingAsk ask) {
        return mayDenyFromNotification(ask) && info.get().capabilities().approve();
    }

    /** Whether this person may deny {@code ask} from a notification (as the ask panel offers Deny). */
    public boolean mayDenyFromNotification(PendingAsk ask) {
        return mayOperate() && ask.isApproval();
    }

    /**
     * Approves ({@code approve}) or denies exactly {@code ask}, as a notification's button does: if it is
     * no longer the pending ask (handled here or elsewhere since), nothing is sent and the notice says so.
     */
    public void decideFromNotification(PendingAsk ask, boolean approve) {
        if (!sameAsk(ask, pendingAsk.get())) {
            notice.set("Already handled: Roo no longer waits for that ask, so nothing was "
                    + (approve ? "approved." : "denied."));
            return;
        }
        if (!(approve ? canApprove : canDeny).get()) {
            notice.set("Not " + (approve ? "approved" : "denied")
                    + ": the relay is not connected or a request is still under way. Try again here.");
            return;
        }
        if (approve) {
            run(() -> link.approve(sessionId, ask.taskId(), ask.ts()), "approval", () -> {});
        } else {
            run(() -> link.deny(sessionId, ask.taskId(), ask.ts(), null), "denial", () -> {});
        }
    }

    /** Rejects the pending tool or command ask; the prompt box's text goes to Roo as feedback. */
    public void deny() {
        PendingAsk ask = pendingAsk.get();
        if (!canDeny.get()) {
            return;
        }
        String feedback = prompt.get().isBlank() ? null : prompt.get().trim();
        run(() -> link.deny(sessionId, ask.taskId(), ask.ts(), feedback), "denial", this::clearPrompt);
    }

    /** Cancels the current task after the user confirms. */
    public void cancel() {
        TaskSummary task = info.get().task();
        if (!canCancel.get() || task == null) {
            return;
        }
        if (!dialogs.confirm(
                "Cancel the task?",
                "Roo stops working on \"" + abbreviate(task.text()) + "\". You can resume it afterwards.",
                "Cancel task")) {
            return;
        }
        run(() -> link.cancel(sessionId, task.taskId()), "cancel", () -> {});
    }

    /** Resumes the interrupted current task, with the prompt box's text when there is some. */
    public void resume() {
        PendingAsk ask = pendingAsk.get();
        if (!canResume.get()) {
            return;
        }
        String text = prompt.get().isBlank()
                ? "Continue with the task."
                : prompt.get().trim();
        run(() -> link.sendMessage(sessionId, ask.taskId(), ask.ts(), text, List.of()), "resume", this::clearPrompt);
    }

    /** Reopens an earlier task of this session. */
    public void resumeTask(String taskId, Runnable onDone) {
        if (!canOperate.get()) {
            notice.set("You cannot resume tasks: your role is " + link.role().wire() + ".");
            return;
        }
        run(() -> link.resume(sessionId, taskId), "resume", onDone);
    }

    public void deleteQueued(SessionEvent.QueuedMessage message) {
        if (!canOperate.get()) {
            return;
        }
        run(() -> link.deleteQueuedMessage(sessionId, message.id()), "delete", () -> {});
    }

    /** Asks for an image file and attaches it. */
    public void attachImage() {
        dialogs.chooseFile("Attach an image (at most 5 MB)", "Images", Attachment.EXTENSIONS)
                .ifPresent(this::attach);
    }

    /** Attaches an image file (read off the FX thread; too large or not an image is refused). */
    public void attach(Path file) {
        if (attachments.size() >= Attachment.MAX_COUNT) {
            notice.set("At most " + Attachment.MAX_COUNT + " images per message.");
            return;
        }
        ui.whenDone(
                ui.supplyInBackground(() -> Attachment.read(file)),
                attachment -> {
                    attachments.add(attachment);
                    notice.set("");
                },
                error -> notice.set("Not attached: " + error.getMessage()));
    }

    public void removeAttachment(Attachment attachment) {
        attachments.remove(attachment);
    }

    private void clearPrompt() {
        prompt.set("");
        attachments.clear();
    }

    private void run(Supplier<CompletableFuture<?>> request, String what, Runnable onSuccess) {
        busy.set(true);
        notice.set("");
        CompletableFuture<?> future;
        try {
            future = request.get();
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        ui.whenDone(
                future,
                result -> {
                    busy.set(false);
                    onSuccess.run();
                },
                error -> {
                    busy.set(false);
                    notice.set(RequestFailedException.describe(what, error));
                });
    }

    private static String abbreviate(String text) {
        if (text == null) {
            return "the current task";
        }
        return text.length() <= 60 ? text : text.substring(0, 60) + "…";
    }

    // ---------------------------------------------------------------- sub-view-models

    public SettingsViewModel settings() {
        if (settings == null) {
            settings = new SettingsViewModel(link, sessionId, ui, modes);
        }
        return settings;
    }

    /** Roo's provider profiles; reloads the settings after a switch, since the provider changed. */
    public ProfilesViewModel profiles() {
        if (profiles == null) {
            profiles = new ProfilesViewModel(
                    link,
                    sessionId,
                    ui,
                    Bindings.createBooleanBinding(
                            () -> info.get().capabilities().profiles(), info),
                    () -> settings().load());
        }
        return profiles;
    }

    private static boolean taskMoved(SessionInfo before, SessionInfo now) {
        TaskSummary was = before == null ? null : before.task();
        TaskSummary is = now.task();
        if (was == null || is == null) {
            return was != is;
        }
        return !was.taskId().equals(is.taskId()) || was.state() != is.state();
    }

    public HistoryViewModel history() {
        if (history == null) {
            history = new HistoryViewModel(link, sessionId, ui, this::resumeTask);
        }
        return history;
    }

    // ---------------------------------------------------------------- properties

    public String sessionId() {
        return sessionId;
    }

    public String relayName() {
        return relayName;
    }

    public RelayLink link() {
        return link;
    }

    public TranscriptViewModel transcript() {
        return transcript;
    }

    public ReadOnlyStringProperty nameProperty() {
        return name.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SessionInfo> infoProperty() {
        return info.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SessionBadge> badgeProperty() {
        return badge.getReadOnlyProperty();
    }

    public SessionBadge badge() {
        return badge.get();
    }

    public ReadOnlyObjectProperty<PendingAsk> pendingAskProperty() {
        return pendingAsk.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<FollowupQuestion> followupProperty() {
        return followup.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Tokens> tokensProperty() {
        return tokens.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty modeProperty() {
        return mode.getReadOnlyProperty();
    }

    public ObservableList<SessionEvent.Mode> modes() {
        return modesView;
    }

    public ObservableList<SessionEvent.QueuedMessage> queued() {
        return queuedView;
    }

    public ReadOnlyBooleanProperty linkUpProperty() {
        return linkUp.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty removedProperty() {
        return removed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty noticeProperty() {
        return notice.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Attention> attentionProperty() {
        return attention.getReadOnlyProperty();
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public ObjectProperty<String> promptModeProperty() {
        return promptMode;
    }

    public ObservableList<Attachment> attachments() {
        return attachments;
    }

    public BooleanBinding canOperateBinding() {
        return canOperate;
    }

    public BooleanBinding canApproveBinding() {
        return canApprove;
    }

    public BooleanBinding canDenyBinding() {
        return canDeny;
    }

    public BooleanBinding canCancelBinding() {
        return canCancel;
    }

    public BooleanBinding canResumeBinding() {
        return canResume;
    }

    public BooleanBinding canSendBinding() {
        return canSend;
    }

    public StringBinding sendLabelBinding() {
        return sendLabel;
    }

    /** Whether this person may act at all (role), regardless of the link. */
    public boolean mayOperate() {
        return link.role().atLeast(Role.OPERATOR);
    }
}
