package dev.rooremote.console.fx;

import java.util.function.Function;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.control.ComboBox;

/** Combo boxes whose choices follow a list that changes while they are shown. */
public final class ComboBoxes {

    private ComboBoxes() {}

    /**
     * Keeps {@code box}'s items equal to {@code source} mapped by {@code item}, now and whenever the list
     * changes, without losing the value the user picked or typed. Call on the FX thread.
     */
    public static <T> void follow(ComboBox<String> box, ObservableList<T> source, Function<T, String> item) {
        Runnable fill = () -> {
            String keep = box.getValue();
            box.getItems().setAll(source.stream().map(item).toList());
            box.setValue(keep);
        };
        source.addListener((ListChangeListener<T>) change -> fill.run());
        fill.run();
    }
}
