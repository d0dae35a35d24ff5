package dev.rooremote.console.fx;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Every dialog the console shows goes through here, so view-models stay free of JavaFX dialogs and
 * tests can answer them.
 */
public interface DialogService {

    /** Asks a yes/no question; true when the user confirmed. */
    boolean confirm(String title, String message, String confirmLabel);

    /** Shows a problem the user must read; there is only an OK button. */
    void showError(String title, String message);

    /** Asks for a line of text; empty when cancelled. */
    Optional<String> askText(String title, String message, String initial);

    /** Shows text in a read-only box where any part of it can be selected and copied. */
    void showText(String title, String text);

    /**
     * Asks for a file to open, offering the files whose names end in one of {@code extensions} (without
     * the dot) as {@code filterName}; empty when cancelled.
     */
    Optional<Path> chooseFile(String title, String filterName, List<String> extensions);

    /**
     * Shows a picture ({@code argb} pixels, row by row) above {@code message}, whose text can be selected
     * and copied; for a QR code to scan.
     */
    void showPicture(String title, String message, int width, int height, int[] argb);

    /** Shows a certificate fingerprint on first contact; true when the user trusts it. */
    boolean trustFingerprint(String relayUrl, String fingerprint);
}
