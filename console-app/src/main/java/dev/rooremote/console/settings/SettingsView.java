package dev.rooremote.console.settings;

import dev.rooremote.console.fx.ComboBoxes;
import dev.rooremote.console.fx.ModeNames;
import dev.rooremote.console.fx.Whole;
import dev.rooremote.protocol.relay.SessionEvent;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The settings editor of a session: where the settings come from, Roo's provider profile (where the
 * session's bridge can switch it), and the form; every field disabled for people who may not change
 * settings.
 */
public final class SettingsView extends javafx.scene.layout.BorderPane {

    public SettingsView(SettingsViewModel vm, ProfilesViewModel profiles) {
        setId("settings-view");
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.setPadding(new Insets(12));
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(160);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        int row = 0;

        ComboBox<String> mode = new ComboBox<>();
        mode.setId("settings-mode");
        mode.setEditable(true);
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        ComboBoxes.follow(mode, vm.modes(), SessionEvent.Mode::slug);
        // the names Roo lists ("Code"); a name or a slug may be typed (custom modes too)
        mode.setConverter(ModeNames.converter(vm.modes()));
        grid.addRow(row++, new Label("Mode"), mode);

        ComboBox<String> provider = new ComboBox<>();
        provider.setId("settings-provider");
        provider.setEditable(true);
        provider.getItems().setAll(SettingsViewModel.PROVIDERS);
        provider.valueProperty().bindBidirectional(vm.providerProperty());
        grid.addRow(row++, new Label("Provider"), provider);

        TextField model = field("settings-model", vm.modelProperty(), "e.g. claude-sonnet-4-5");
        grid.addRow(row++, new Label("Model"), model);
        TextField baseUrl = field("settings-base-url", vm.baseUrlProperty(), "only for OpenAI-compatible servers");
        grid.addRow(row++, new Label("Base URL"), baseUrl);

        PasswordField apiKey = new PasswordField();
        apiKey.setId("settings-api-key");
        apiKey.textProperty().bindBidirectional(vm.apiKeyProperty());
        apiKey.promptTextProperty()
                .bind(Bindings.when(vm.apiKeySetProperty())
                        .then("a key is set (hidden); type a new one to replace it")
                        .otherwise("no key set"));
        CheckBox clearKey = new CheckBox("Remove the key");
        clearKey.setId("settings-clear-key");
        clearKey.selectedProperty().bindBidirectional(vm.clearApiKeyProperty());
        clearKey.visibleProperty().bind(vm.apiKeySetProperty());
        HBox keyRow = new HBox(8, apiKey, clearKey);
        HBox.setHgrow(apiKey, Priority.ALWAYS);
        grid.addRow(row++, new Label("API key"), keyRow);

        VBox approvals = new VBox(4);
        SettingsViewModel.APPROVALS.forEach((key, label) -> {
            CheckBox box = new CheckBox(label);
            box.setId("settings-" + key);
            box.selectedProperty().bindBidirectional(vm.approvalProperty(key));
            approvals.getChildren().add(box);
        });
        grid.addRow(row++, new Label("Auto-approve"), approvals);

        grid.addRow(
                row++,
                new Label("Allowed commands"),
                area(
                        "settings-allowed",
                        vm.allowedCommandsProperty(),
                        3,
                        "one command prefix per line, e.g. npm test"));
        grid.addRow(
                row++,
                new Label("Denied commands"),
                area("settings-denied", vm.deniedCommandsProperty(), 3, "one command prefix per line, e.g. rm -rf"));
        grid.addRow(
                row++,
                new Label("Custom instructions"),
                area(
                        "settings-instructions",
                        vm.customInstructionsProperty(),
                        5,
                        "added to every task's system prompt"));

        ListView<String> errors = new ListView<>(vm.errors());
        errors.setId("settings-errors");
        errors.setPrefHeight(90);
        errors.getStyleClass().add("settings-errors");
        errors.visibleProperty().bind(Bindings.isNotEmpty(vm.errors()));
        errors.managedProperty().bind(errors.visibleProperty());

        Button save = new Button("Save");
        save.setId("settings-save");
        save.getStyleClass().add("accent");
        save.setOnAction(e -> vm.save());
        save.disableProperty().bind(vm.editableProperty().not().or(vm.busyProperty()));
        Button revert = new Button("Revert");
        revert.setId("settings-revert");
        revert.setOnAction(e -> vm.revert());
        revert.disableProperty().bind(vm.editableProperty().not());
        Button reload = new Button("Reload");
        reload.setOnAction(e -> vm.load());
        Label message = new Label();
        message.setId("settings-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        HBox buttons = new HBox(8, save, revert, reload, message);
        buttons.setPadding(new Insets(8, 12, 8, 12));
        buttons.setAlignment(javafx.geometry.Pos.CENTER_LEFT);

        grid.getChildren().stream().filter(n -> !(n instanceof Label)).forEach(n -> n.disableProperty()
                .bind(vm.editableProperty().not()));
        ScrollPane scroll = new ScrollPane(new VBox(header(vm, profiles), grid));
        scroll.setFitToWidth(true);
        setCenter(scroll);
        // Problems and buttons stay in view however long the form is.
        VBox bottom = new VBox(4, errors, buttons);
        bottom.setPadding(new Insets(0, 12, 0, 12));
        setBottom(bottom);
    }

    /** Where the settings were read, and Roo's provider profile with the way to switch it. */
    private static VBox header(SettingsViewModel vm, ProfilesViewModel profiles) {
        Label source = new Label();
        source.setId("settings-source");
        source.setWrapText(true);
        source.getStyleClass().add("settings-source");
        source.textProperty().bind(vm.sourceProperty());

        ComboBox<String> chooser = new ComboBox<>(profiles.names());
        chooser.setId("settings-profile");
        chooser.setPromptText("no profiles");
        chooser.valueProperty().bindBidirectional(profiles.selectedProperty());
        chooser.setCellFactory(list -> new ProfileCell(profiles));
        chooser.setButtonCell(new ProfileCell(profiles));
        chooser.disableProperty().bind(profiles.busyProperty());
        chooser.setMaxWidth(Double.MAX_VALUE);
        Button use = new Button("Use this profile");
        use.setId("settings-use-profile");
        use.setOnAction(e -> profiles.use());
        use.disableProperty().bind(profiles.canUseProperty().not());
        Whole.width(chooser, use);
        use.setVisible(profiles.admin());
        use.setManaged(profiles.admin());
        use.setTooltip(new javafx.scene.control.Tooltip(
                "Switch Roo to this provider profile now; every new task in this session uses it too."));
        Label profileMessage = new Label();
        profileMessage.setId("settings-profile-message");
        profileMessage.setWrapText(true);
        profileMessage.textProperty().bind(profiles.messageProperty());
        HBox.setHgrow(chooser, Priority.ALWAYS);
        HBox choose = new HBox(8, chooser, use);
        choose.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        Label title = new Label("Provider profile");
        title.setMinWidth(160);
        HBox profileRow = new HBox(12, title, choose);
        HBox.setHgrow(choose, Priority.ALWAYS);
        profileRow.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox profileBox = new VBox(4, profileRow, profileMessage);
        profileBox.setId("settings-profiles");
        profileBox.visibleProperty().bind(profiles.availableProperty());
        profileBox.managedProperty().bind(profileBox.visibleProperty());
        // The bridge may connect after the tab opened: list the profiles once it can.
        profiles.availableProperty().addListener((o, was, now) -> {
            if (now) {
                profiles.load();
            }
        });

        VBox header = new VBox(8, source, profileBox);
        header.setPadding(new Insets(12, 12, 0, 12));
        return header;
    }

    /** A profile by name, with what it uses. */
    private static final class ProfileCell extends javafx.scene.control.ListCell<String> {
        private final ProfilesViewModel profiles;

        ProfileCell(ProfilesViewModel profiles) {
            this.profiles = profiles;
        }

        @Override
        protected void updateItem(String name, boolean empty) {
            super.updateItem(name, empty);
            if (empty || name == null) {
                setText(null);
                return;
            }
            String uses = profiles.describe(name);
            String active = name.equals(profiles.activeProperty().get()) ? " (active)" : "";
            setText(name + active + (uses.isEmpty() ? "" : " — " + uses));
        }
    }

    private static TextField field(String id, javafx.beans.property.StringProperty property, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(property);
        return field;
    }

    private static TextArea area(String id, javafx.beans.property.StringProperty property, int rows, String prompt) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setPrefRowCount(rows);
        area.setWrapText(true);
        area.setPromptText(prompt);
        area.textProperty().bindBidirectional(property);
        return area;
    }
}
