package dev.rooremote.console.status;

/** Desktop notifications. */
public interface Notifier {
    void notify(String title, String text);
}
