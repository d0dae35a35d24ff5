package dev.rooremote.console.connect;

import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

/** The "add a relay" window: saved relays on top, then the relay's name, URL and user/password or token. */
public final class ConnectDialog {

    private final Stage stage = new Stage();

    public ConnectDialog(Window owner, ConnectViewModel vm, BiConsumer<String, RelayLink> onConnected) {
        stage.setTitle("Add a relay");
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }

        ListView<ConnectionStore.SavedConnection> saved = new ListView<>(vm.saved());
        saved.setId("connect-saved");
        saved.setPrefHeight(90);
        saved.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ConnectionStore.SavedConnection c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.name() + ": " + c.user() + " @ " + c.url());
            }
        });
        saved.getSelectionModel().selectedItemProperty().addListener((o, a, c) -> {
            if (c != null) {
                vm.choose(c);
            }
        });
        Label savedLabel = new Label("Saved relays");
        VBox savedBox = new VBox(4, savedLabel, saved);
        savedBox.visibleProperty().bind(Bindings.isNotEmpty(vm.saved()));
        savedBox.managedProperty().bind(savedBox.visibleProperty());

        TextField name = new TextField();
        name.setId("connect-name");
        name.setPromptText("e.g. build-2 (empty: the host's name)");
        name.textProperty().bindBidirectional(vm.nameProperty());
        TextField url = new TextField();
        url.setId("connect-url");
        url.textProperty().bindBidirectional(vm.urlProperty());
        url.setPrefColumnCount(30);
        TextField user = new TextField();
        user.setId("connect-user");
        user.textProperty().bindBidirectional(vm.userProperty());
        PasswordField password = new PasswordField();
        password.setId("connect-password");
        password.textProperty().bindBidirectional(vm.passwordProperty());
        CheckBox useToken = new CheckBox("Sign in with a token instead");
        useToken.setId("connect-use-token");
        useToken.selectedProperty().bindBidirectional(vm.useTokenProperty());
        PasswordField token = new PasswordField();
        token.setId("connect-token");
        token.textProperty().bindBidirectional(vm.tokenProperty());
        token.disableProperty().bind(vm.useTokenProperty().not());
        password.disableProperty().bind(vm.useTokenProperty());
        CheckBox remember = new CheckBox("Connect at every start (keeps a refresh token, never the password)");
        remember.setId("connect-remember");
        remember.selectedProperty().bindBidirectional(vm.rememberProperty());

        GridPane form = new GridPane();
        form.setHgap(10);
        form.setVgap(8);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("Relay URL"), url);
        form.addRow(2, new Label("User"), user);
        form.addRow(3, new Label("Password"), password);
        form.add(useToken, 1, 4);
        form.addRow(5, new Label("Token"), token);
        form.add(remember, 1, 6);

        Label error = new Label();
        error.setId("connect-error");
        error.setWrapText(true);
        error.getStyleClass().add("connect-error");
        error.textProperty().bind(vm.errorProperty());
        error.setMaxWidth(520);

        ProgressIndicator progress = new ProgressIndicator();
        progress.setPrefSize(20, 20);
        progress.visibleProperty().bind(vm.busyProperty());
        Button forget = new Button("Forget certificate");
        forget.setId("connect-forget-certificate");
        forget.setOnAction(e -> vm.forgetCertificate());
        Button cancel = new Button("Close");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> stage.close());
        Button connect = new Button("Add and connect");
        connect.setId("connect-button");
        connect.setDefaultButton(true);
        connect.getStyleClass().add("accent");
        connect.disableProperty().bind(vm.busyProperty());
        connect.setOnAction(e -> vm.connectNamed((relayName, link) -> {
            stage.close();
            onConnected.accept(relayName, link);
        }));
        HBox buttons = new HBox(8, progress, forget, cancel, connect);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox root = new VBox(12, savedBox, form, error, buttons);
        root.setPadding(new Insets(16));
        root.setId("connect-dialog");
        Scene scene = new Scene(root);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        stage.setScene(scene);
    }

    public Stage stage() {
        return stage;
    }

    public void show() {
        stage.show();
        stage.requestFocus();
    }
}
