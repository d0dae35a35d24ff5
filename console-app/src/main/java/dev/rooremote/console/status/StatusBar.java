package dev.rooremote.console.status;

import java.util.List;
import java.util.Locale;
import javafx.beans.value.ObservableStringValue;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;

/**
 * The bottom line: the relays' connection states and latency, and the selected task's tokens and
 * cost. With one relay (or none) a single line says how it is; with more, each relay has its own
 * entry, a coloured dot and its state, the whole reason in its tooltip.
 */
public final class StatusBar extends HBox {

    /** Longest a relay's entry gets before it ends in "…" (its tooltip has it all). */
    private static final double MAX_RELAY_WIDTH = 380;

    private final HBox relays = new HBox(14);

    public StatusBar(
            ObservableStringValue connections,
            ObservableValue<List<RelayStatus>> perRelay,
            ObservableStringValue usage) {
        setId("status-bar");
        getStyleClass().add("status-bar");
        setPadding(new Insets(4, 10, 4, 10));
        setSpacing(12);
        setAlignment(Pos.CENTER_LEFT);
        Label connection = new Label();
        connection.setId("status-connection");
        connection.textProperty().bind(connections);
        relays.setId("status-relays");
        relays.setAlignment(Pos.CENTER_LEFT);
        Label tokens = new Label();
        tokens.setId("status-usage");
        tokens.textProperty().bind(usage);
        tokens.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(connection, relays, spacer, tokens);
        perRelay.addListener((o, before, now) -> show(connection, now));
        show(connection, perRelay.getValue());
    }

    private void show(Label connection, List<RelayStatus> statuses) {
        boolean several = statuses != null && statuses.size() > 1;
        connection.setVisible(!several);
        connection.setManaged(!several);
        relays.setVisible(several);
        relays.setManaged(several);
        relays.getChildren().clear();
        if (!several) {
            return;
        }
        for (RelayStatus status : statuses) {
            Circle dot = new Circle(4);
            dot.getStyleClass().add("relay-" + status.state().name().toLowerCase(Locale.ROOT));
            Label entry = new Label(status.text(), dot);
            entry.setId("status-relay-" + status.name());
            entry.setTextOverrun(OverrunStyle.ELLIPSIS);
            entry.setMaxWidth(MAX_RELAY_WIDTH);
            entry.setMinWidth(0);
            Tooltip tip = new Tooltip(status.text());
            tip.setWrapText(true);
            tip.setMaxWidth(600);
            entry.setTooltip(tip);
            relays.getChildren().add(entry);
        }
    }
}
