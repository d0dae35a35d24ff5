package dev.rooremote.relay.bridge;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The bridge's answer to hello (docs/BRIDGE.md section 4): which bridge and which Roo-family extension it
 * found, and what it can do, each capability found by checking that Roo's functions exist.
 *
 * @param rooId the Roo-family extension in use, or null when none is installed
 * @param status {@code ok}, {@code not_installed}, {@code activation_failed} or {@code no_api}
 * @param message the bridge's sentence for people
 */
public record BridgeHello(
        int protocol,
        String bridgeId,
        String bridgeVersion,
        String rooId,
        String rooVersion,
        Boolean rooReady,
        String status,
        String message,
        Map<String, Capability> capabilities) {

    public static final String APPROVE = "approve";
    public static final String DENY = "deny";
    public static final String READ_SETTINGS = "readSettings";
    public static final String WRITE_SETTINGS = "writeSettings";
    public static final String PROFILES = "profiles";

    /** One capability: available (and how), or not (and why). */
    public record Capability(boolean available, String how, String reason) {}

    public BridgeHello {
        capabilities = Map.copyOf(Objects.requireNonNull(capabilities, "capabilities"));
    }

    static BridgeHello parse(JsonNode hello) {
        JsonNode bridge = hello.path("bridge");
        JsonNode roo = hello.path("roo");
        Map<String, Capability> capabilities = new LinkedHashMap<>();
        hello.path("capabilities").fields().forEachRemaining(e -> {
            JsonNode c = e.getValue();
            capabilities.put(
                    e.getKey(),
                    new Capability(c.path("available").asBoolean(false), text(c.get("how")), text(c.get("reason"))));
        });
        return new BridgeHello(
                hello.path("protocol").asInt(-1),
                text(bridge.get("id")),
                text(bridge.get("version")),
                text(roo.get("id")),
                text(roo.get("version")),
                roo.hasNonNull("ready") ? roo.get("ready").asBoolean() : null,
                text(hello.get("status")),
                text(hello.get("message")),
                capabilities);
    }

    public boolean has(String capability) {
        Capability c = capabilities.get(capability);
        return c != null && c.available();
    }

    /** Why a capability is missing, in the bridge's words. */
    public String whyNot(String capability) {
        Capability c = capabilities.get(capability);
        if (c == null) {
            return "the bridge (" + bridgeVersion + ") does not offer " + capability + "; update it";
        }
        return c.reason() == null ? message : c.reason();
    }

    /** E.g. {@code roo-remote-bridge 0.1.0 with RooVeterinaryInc.roo-cline 3.52.1}. */
    public String describe() {
        String bridge = "roo-remote-bridge " + (bridgeVersion == null ? "?" : bridgeVersion);
        return rooId == null ? bridge : bridge + " with " + rooId + " " + (rooVersion == null ? "?" : rooVersion);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
