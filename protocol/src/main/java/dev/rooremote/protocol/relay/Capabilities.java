package dev.rooremote.protocol.relay;

/**
 * What a session's endpoint can do. Stock Roo IPC can neither approve a pending tool or command
 * ask nor read Roo's live settings; a companion extension can.
 */
public record Capabilities(boolean approve, boolean readSettings, boolean deny) {

    /** A Roo reached over stock IPC: deny (a rejection with feedback) works, approve does not. */
    public static Capabilities stockIpc() {
        return new Capabilities(false, false, true);
    }
}
