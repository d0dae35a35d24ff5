package dev.rooremote.console.testing;

import dev.rooremote.console.fx.DialogService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link DialogService} whose answers the test sets; it records what was asked. */
public final class ScriptedDialogs implements DialogService {

    public boolean confirmAnswer = true;
    public boolean trustAnswer = true;
    /** The file the next file chooser picks; null cancels it. */
    public Path chosenFile;

    public final List<String> confirmations = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();
    public final List<String> fingerprintsShown = new ArrayList<>();
    public final List<String> fileChoosers = new ArrayList<>();
    public final List<Picture> pictures = new ArrayList<>();

    /** A picture the console showed, with its words. */
    public record Picture(String title, String message, int width, int height, int[] argb) {}

    @Override
    public boolean confirm(String title, String message, String confirmLabel) {
        confirmations.add(title + ": " + message);
        return confirmAnswer;
    }

    @Override
    public void showError(String title, String message) {
        errors.add(title + ": " + message);
    }

    @Override
    public Optional<String> askText(String title, String message, String initial) {
        return Optional.empty();
    }

    @Override
    public void showText(String title, String text) {}

    @Override
    public void showPicture(String title, String message, int width, int height, int[] argb) {
        pictures.add(new Picture(title, message, width, height, argb));
    }

    @Override
    public Optional<Path> chooseFile(String title, String filterName, List<String> extensions) {
        fileChoosers.add(title + ": " + filterName + " " + extensions);
        return Optional.ofNullable(chosenFile);
    }

    @Override
    public boolean trustFingerprint(String relayUrl, String fingerprint) {
        fingerprintsShown.add(fingerprint);
        return trustAnswer;
    }
}
