package dev.rooremote.console.fx;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputDialog;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** {@link DialogService} with JavaFX alerts owned by the main window. Buttons carry ids for tests. */
public final class FxDialogService implements DialogService {

    private final Window owner;

    public FxDialogService(Window owner) {
        this.owner = owner;
    }

    @Override
    public boolean confirm(String title, String message, String confirmLabel) {
        ButtonType yes = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        ButtonType no = new ButtonType("Keep going", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, message, yes, no);
        prepare(alert, title);
        ((Button) alert.getDialogPane().lookupButton(yes)).setId("dialog-confirm");
        ((Button) alert.getDialogPane().lookupButton(no)).setId("dialog-cancel");
        return alert.showAndWait().filter(yes::equals).isPresent();
    }

    @Override
    public void showError(String title, String message) {
        Alert alert = new Alert(Alert.AlertType.ERROR, message, ButtonType.OK);
        prepare(alert, title);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.OK)).setId("dialog-ok");
        alert.showAndWait();
    }

    @Override
    public Optional<String> askText(String title, String message, String initial) {
        TextInputDialog dialog = new TextInputDialog(initial == null ? "" : initial);
        dialog.setTitle(title);
        dialog.setHeaderText(null);
        dialog.setContentText(message);
        dialog.getEditor().setId("dialog-text");
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.OK)).setId("dialog-confirm");
        if (owner != null) {
            dialog.initOwner(owner);
        }
        return dialog.showAndWait();
    }

    @Override
    public void showText(String title, String text) {
        javafx.scene.control.TextArea area = new javafx.scene.control.TextArea(text);
        area.setId("dialog-text-view");
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefSize(720, 480);
        area.getStyleClass().add("monospace");
        Alert alert = new Alert(Alert.AlertType.NONE, null, ButtonType.CLOSE);
        prepare(alert, title);
        alert.setHeaderText(null);
        alert.getDialogPane().setContent(area);
        alert.setResizable(true);
        alert.show();
    }

    @Override
    public void showPicture(String title, String message, int width, int height, int[] argb) {
        javafx.scene.image.WritableImage image = new javafx.scene.image.WritableImage(width, height);
        image.getPixelWriter()
                .setPixels(0, 0, width, height, javafx.scene.image.PixelFormat.getIntArgbInstance(), argb, 0, width);
        javafx.scene.image.ImageView view = new javafx.scene.image.ImageView(image);
        view.setId("dialog-picture");
        javafx.scene.control.TextArea text = new javafx.scene.control.TextArea(message);
        text.setId("dialog-picture-text");
        text.setEditable(false);
        text.setWrapText(true);
        text.setPrefRowCount(4);
        text.setPrefColumnCount(48);
        javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(12, view, text);
        box.setAlignment(javafx.geometry.Pos.CENTER);
        Alert alert = new Alert(Alert.AlertType.NONE, null, ButtonType.CLOSE);
        prepare(alert, title);
        alert.setHeaderText(null);
        alert.getDialogPane().setContent(box);
        alert.show();
    }

    @Override
    public Optional<Path> chooseFile(String title, String filterName, List<String> extensions) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        chooser.getExtensionFilters()
                .add(new FileChooser.ExtensionFilter(
                        filterName, extensions.stream().map(e -> "*." + e).toList()));
        return Optional.ofNullable(chooser.showOpenDialog(owner)).map(File::toPath);
    }

    @Override
    public boolean trustFingerprint(String relayUrl, String fingerprint) {
        ButtonType trust = new ButtonType("Trust this relay", ButtonBar.ButtonData.OK_DONE);
        ButtonType cancel = new ButtonType("Don't connect", ButtonBar.ButtonData.CANCEL_CLOSE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, null, trust, cancel);
        prepare(alert, "First connection to " + relayUrl);
        Label intro = new Label("This is the first connection to this relay. Check that the certificate "
                + "fingerprint below is the one the relay printed when it started (or that "
                + "'roo-relay fingerprint' shows on its machine). The console will remember it and refuse "
                + "to connect if it ever changes.");
        intro.setWrapText(true);
        // Whole, on two lines of 16 bytes, so every pair can be compared; never cut or scrolled.
        Label value = new Label(twoLines(fingerprint));
        value.setId("dialog-fingerprint");
        value.getStyleClass().add("monospace");
        value.setMinSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        VBox content = new VBox(10, intro, value);
        content.setPrefWidth(560);
        alert.getDialogPane().setContent(content);
        ((Button) alert.getDialogPane().lookupButton(trust)).setId("dialog-trust");
        ((Button) alert.getDialogPane().lookupButton(cancel)).setId("dialog-cancel");
        return alert.showAndWait().filter(trust::equals).isPresent();
    }

    /** "AB:CD:...(16 bytes)" and the rest on a second line; anything else as it is. */
    static String twoLines(String fingerprint) {
        String[] bytes = fingerprint.split(":");
        if (bytes.length != 32) {
            return fingerprint;
        }
        return String.join(":", java.util.Arrays.asList(bytes).subList(0, 16)) + ":\n"
                + String.join(":", java.util.Arrays.asList(bytes).subList(16, 32));
    }

    private void prepare(Alert alert, String title) {
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        if (owner != null) {
            alert.initOwner(owner);
        }
    }
}
