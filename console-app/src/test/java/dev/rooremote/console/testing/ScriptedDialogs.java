package dev.rooremote.console.testing;

import dev.rooremote.console.fx.DialogService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link DialogService} whose answers the test sets; it records what was asked. */
public final class ScriptedDialogs implements DialogService {

    public boolean confirmAnswer = true;
    public boolean trustAnswer = true;
    public final List<String> confirmations = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();
    public final List<String> fingerprintsShown = new ArrayList<>();

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
    public boolean trustFingerprint(String relayUrl, String fingerprint) {
        fingerprintsShown.add(fingerprint);
        return trustAnswer;
    }
}
