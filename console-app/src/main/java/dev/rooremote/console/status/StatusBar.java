package dev.rooremote.console.status;

import javafx.beans.value.ObservableStringValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** The bottom line: each relay's connection state and latency, and the selected task's tokens and cost. */
public final class StatusBar extends HBox {

    public StatusBar(ObservableStringValue connections, ObservableStringValue usage) {
        setId("status-bar");
        getStyleClass().add("status-bar");
        setPadding(new Insets(4, 10, 4, 10));
        setSpacing(12);
        setAlignment(Pos.CENTER_LEFT);
        Label connection = new Label();
        connection.setId("status-connection");
        connection.textProperty().bind(connections);
        Label tokens = new Label();
        tokens.setId("status-usage");
        tokens.textProperty().bind(usage);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(connection, spacer, tokens);
    }
}
