package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a session's endpoint can do. Stock Roo IPC can neither approve a pending tool or command
 * ask nor read Roo's live settings; the companion extension (roo-remote-bridge) can. A session whose
 * bridge is connected has {@code approve}; one whose bridge is missing, too old or gone has the stock
 * IPC capabilities and says why in {@code reason}.
 *
 * @param profiles whether Roo's provider profiles can be listed and switched ({@code get_profiles},
 *     {@code use_profile}); absent (false) from relays that predate it
 * @param reason for people: what gives the session these capabilities, or why approve is missing;
 *     null for a session that has no bridge configured (added in protocol 1; older relays omit it)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Capabilities(boolean approve, boolean readSettings, boolean deny, boolean profiles, String reason) {

    public Capabilities(boolean approve, boolean readSettings, boolean deny) {
        this(approve, readSettings, deny, false, null);
    }

    public Capabilities(boolean approve, boolean readSettings, boolean deny, String reason) {
        this(approve, readSettings, deny, false, reason);
    }

    /** A Roo reached over stock IPC: deny (a rejection with feedback) works, approve does not. */
    public static Capabilities stockIpc() {
        return new Capabilities(false, false, true);
    }

    /** Stock IPC, with the reason the bridge gives nothing more. */
    public static Capabilities stockIpc(String reason) {
        return new Capabilities(false, false, true, reason);
    }
}
