package dev.rooremote.console.session;

import dev.rooremote.console.fx.ComboBoxes;
import dev.rooremote.console.fx.DialogService;
import dev.rooremote.console.fx.ModeNames;
import dev.rooremote.console.fx.Whole;
import dev.rooremote.console.history.HistoryView;
import dev.rooremote.console.settings.SettingsView;
import dev.rooremote.console.transcript.TranscriptView;
import dev.rooremote.protocol.relay.AskWords;
import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.FollowupQuestion;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * A session's tab: header with state and task, the live transcript, the pending ask's answers,
 * queued messages and the prompt box; history and settings in their own sub-tabs.
 */
public final class SessionView extends BorderPane {

    private final SessionViewModel vm;
    private final TextArea prompt = new TextArea();
    private final DialogService dialogs;

    private final TabPane inner = new TabPane();
    private final Tab live = new Tab("Live");

    public SessionView(SessionViewModel vm, DialogService dialogs) {
        this.vm = vm;
        this.dialogs = dialogs;
        getStyleClass().add("session-view");
        setTop(header());

        inner.setId("session-sections");
        inner.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        live.setContent(live());
        live.setId("live-tab");
        Tab history = new Tab("History");
        history.setId("history-tab");
        Tab settings = new Tab("Settings");
        settings.setId("settings-tab");
        // Built when first opened: most sessions never show them.
        history.selectedProperty().addListener((o, a, selected) -> {
            if (selected) {
                if (history.getContent() == null) {
                    history.setContent(new HistoryView(vm.history(), dialogs));
                }
                vm.history().refresh();
            }
        });
        settings.selectedProperty().addListener((o, a, selected) -> {
            if (selected && settings.getContent() == null) {
                settings.setContent(new SettingsView(vm.settings(), vm.profiles()));
                vm.settings().load();
                vm.profiles().load();
            }
        });
        inner.getTabs().addAll(live, history, settings);
        setCenter(inner);
    }

    private Region header() {
        Label name = new Label();
        name.textProperty().bind(vm.nameProperty());
        name.getStyleClass().add("session-title");
        Label badge = new Label();
        badge.setId("badge");
        badge.textProperty().bind(Bindings.createStringBinding(() -> vm.badge().label(), vm.badgeProperty()));
        vm.badgeProperty().addListener((o, before, now) -> styleBadge(badge, now));
        styleBadge(badge, vm.badge());
        Label task = new Label();
        task.setId("task-title");
        task.getStyleClass().add("session-task");
        task.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> {
                            TaskSummary t = vm.infoProperty().get().task();
                            if (t == null) {
                                return "No task yet";
                            }
                            return (t.text() == null ? t.taskId() : t.text()) + "  ·  "
                                    + t.state().words();
                        },
                        vm.infoProperty()));
        task.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(task, Priority.ALWAYS);
        Label mode = new Label();
        mode.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.modeProperty().get() == null
                                ? ""
                                : "Mode: " + modeName(vm.modeProperty().get()),
                        vm.modeProperty(),
                        vm.modes()));
        mode.getStyleClass().add("message-muted");

        Button cancel = new Button("Cancel task");
        cancel.setId("cancel-button");
        cancel.disableProperty().bind(vm.canCancelBinding().not());
        cancel.setOnAction(e -> vm.cancel());
        Button resume = new Button("Resume");
        resume.setId("resume-button");
        resume.visibleProperty().bind(vm.canResumeBinding());
        resume.managedProperty().bind(resume.visibleProperty());
        resume.setOnAction(e -> vm.resume());

        // The task's own text wraps; everything else keeps its whole text.
        task.setWrapText(true);
        task.setMinWidth(0);
        Whole.width(name, badge, mode, resume, cancel);
        HBox box = new HBox(10, name, badge, task, mode, resume, cancel);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setPadding(new Insets(8, 12, 8, 12));
        box.getStyleClass().add("session-header");
        return box;
    }

    static void styleBadge(Label badge, SessionBadge state) {
        badge.getStyleClass().removeIf(s -> s.startsWith("badge"));
        badge.getStyleClass().addAll("badge", "badge-" + state.name().toLowerCase(java.util.Locale.ROOT));
    }

    private Region live() {
        TranscriptView transcript = new TranscriptView(vm.transcript(), dialogs);
        VBox bottom = new VBox(6, askPane(), queuedPane(), promptPane());
        bottom.setPadding(new Insets(6, 12, 10, 12));
        BorderPane pane = new BorderPane(transcript);
        pane.setBottom(bottom);
        return pane;
    }

    private Region askPane() {
        Label question = new Label();
        question.setId("ask-question");
        question.setWrapText(true);
        question.getStyleClass().add("ask-question");
        FlowPane suggestions = new FlowPane(6, 6);
        suggestions.setId("ask-suggestions");
        Button approve = new Button("Approve");
        approve.setId("approve-button");
        approve.getStyleClass().add("success");
        approve.disableProperty().bind(vm.canApproveBinding().not());
        approve.setOnAction(e -> vm.approve());
        Button deny = new Button("Deny");
        deny.setId("deny-button");
        deny.getStyleClass().add("danger");
        deny.disableProperty().bind(vm.canDenyBinding().not());
        deny.setOnAction(e -> vm.deny());
        Label approvalHint = new Label();
        approvalHint.getStyleClass().add("message-muted");
        approvalHint.setWrapText(true);
        HBox approvals = new HBox(8, approve, deny, approvalHint);
        approvals.setAlignment(Pos.CENTER_LEFT);

        VBox box = new VBox(6, question, suggestions, approvals);
        box.setId("ask-pane");
        box.getStyleClass().add("ask-pane");
        box.setPadding(new Insets(8));
        Runnable update = () -> {
            PendingAsk ask = vm.pendingAskProperty().get();
            boolean show = ask != null
                    && (ask.category() == PendingAsk.Category.INTERACTIVE
                            || ask.category() == PendingAsk.Category.RESUMABLE);
            box.setVisible(show);
            box.setManaged(show);
            suggestions.getChildren().clear();
            if (!show) {
                return;
            }
            boolean approval = ask.isApproval();
            approvals.setVisible(approval);
            approvals.setManaged(approval);
            boolean canApproveHere = vm.infoProperty().get().capabilities().approve();
            approve.setVisible(canApproveHere);
            approve.setManaged(canApproveHere);
            approvalHint.setText(
                    canApproveHere
                            ? "Text in the prompt box goes to Roo as feedback with Deny."
                            : "This session cannot approve from here (stock Roo IPC): allow the action with the "
                                    + "session's auto-approval settings, or Deny with feedback from the prompt box.");
            if (ask.isFollowup()) {
                FollowupQuestion f = vm.followupProperty().get();
                question.setText(f == null ? "Roo asks a question." : f.question());
                if (f != null) {
                    int i = 0;
                    for (FollowupQuestion.Suggestion s : f.suggestions()) {
                        Button b = new Button(s.answer());
                        b.setId("suggestion-" + i++);
                        b.getStyleClass().add("suggestion");
                        b.disableProperty().bind(vm.canOperateBinding().not());
                        b.setOnAction(e -> vm.answer(s));
                        suggestions.getChildren().add(b);
                    }
                }
            } else {
                question.setText(AskWords.describe(ask));
            }
        };
        vm.pendingAskProperty().addListener(o -> update.run());
        vm.followupProperty().addListener(o -> update.run());
        vm.infoProperty().addListener((o, a, b) -> {
            if (a == null || !a.capabilities().equals(b.capabilities())) {
                update.run();
            }
        });
        update.run();
        return box;
    }

    private Region queuedPane() {
        ListView<SessionEvent.QueuedMessage> list = new ListView<>(vm.queued());
        list.setId("queued-list");
        list.setPrefHeight(80);
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SessionEvent.QueuedMessage item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label text = new Label(item.text());
                text.setMaxWidth(Double.MAX_VALUE);
                HBox.setHgrow(text, Priority.ALWAYS);
                Button delete = new Button("Delete");
                delete.getStyleClass().add("flat");
                delete.disableProperty().bind(vm.canOperateBinding().not());
                delete.setOnAction(e -> vm.deleteQueued(item));
                setGraphic(new HBox(8, text, delete));
            }
        });
        Label title = new Label("Queued messages");
        title.getStyleClass().add("message-muted");
        VBox box = new VBox(4, title, list);
        box.visibleProperty().bind(Bindings.isNotEmpty(vm.queued()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private String modeName(String slug) {
        return ModeNames.name(vm.modes(), slug);
    }

    private Region promptPane() {
        prompt.setId("prompt");
        prompt.setPromptText(
                vm.mayOperate()
                        ? "Tell Roo what to do. Ctrl+Enter sends."
                        : "You can watch this session; your role cannot act on it.");
        prompt.setWrapText(true);
        prompt.setPrefRowCount(3);
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        prompt.disableProperty()
                .bind(vm.canOperateBinding().not().and(vm.busyProperty().not()));
        prompt.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && e.isShortcutDown()) {
                vm.send();
                e.consume();
            }
        });

        ComboBox<String> mode = new ComboBox<>();
        mode.setId("mode-picker");
        // Until a mode is picked, a new task runs in the session's own: show that one.
        mode.promptTextProperty()
                .bind(Bindings.createStringBinding(
                        () -> {
                            String slug = vm.modeProperty().get();
                            if (slug == null || slug.isBlank()) {
                                return "Session's mode";
                            }
                            return modeName(slug);
                        },
                        vm.modeProperty(),
                        vm.modes()));
        mode.setTooltip(new javafx.scene.control.Tooltip(
                "The mode a new task starts in; the session's current mode unless you pick another."));
        mode.valueProperty().bindBidirectional(vm.promptModeProperty());
        ComboBoxes.follow(mode, vm.modes(), SessionEvent.Mode::slug);
        mode.setConverter(ModeNames.converter(vm.modes()));

        Button attach = new Button("Attach image…");
        attach.setId("attach-button");
        attach.disableProperty().bind(vm.canOperateBinding().not());
        attach.setOnAction(e -> vm.attachImage());
        FlowPane chips = new FlowPane(6, 6);
        chips.setId("attachments");
        Runnable fillChips = () -> {
            chips.getChildren().clear();
            for (Attachment a : vm.attachments()) {
                Button chip = new Button(a.name() + " ✕");
                chip.getStyleClass().add("flat");
                chip.setOnAction(e -> vm.removeAttachment(a));
                chips.getChildren().add(chip);
            }
        };
        vm.attachments().addListener((javafx.collections.ListChangeListener<Attachment>) c -> fillChips.run());

        Button send = new Button();
        send.setId("send-button");
        send.getStyleClass().add("accent");
        send.textProperty().bind(vm.sendLabelBinding());
        send.disableProperty().bind(vm.canSendBinding().not());
        send.setOnAction(e -> vm.send());
        Button newTask = new Button("New task");
        newTask.setId("new-task-button");
        newTask.disableProperty().bind(vm.canOperateBinding().not());
        newTask.setOnAction(e -> vm.newTask());

        Label notice = new Label();
        notice.setId("session-notice");
        notice.setWrapText(true);
        notice.getStyleClass().add("session-notice");
        notice.textProperty().bind(vm.noticeProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Whole.width(mode, attach, newTask, send);
        HBox actions = new HBox(8, mode, attach, chips, spacer, newTask, send);
        actions.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, prompt, actions, notice);
    }

    /** Puts the keyboard focus into the prompt box. */
    public void focusPrompt() {
        prompt.requestFocus();
    }

    /** Shows the live transcript with the ask Roo waits for, the prompt box ready to answer it. */
    public void showAsk() {
        inner.getSelectionModel().select(live);
        focusPrompt();
    }
}
