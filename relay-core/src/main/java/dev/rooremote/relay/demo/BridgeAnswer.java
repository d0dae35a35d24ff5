package dev.rooremote.relay.demo;

import com.fasterxml.jackson.databind.JsonNode;

/** The demo Roo's answer to a bridge request: its result, or its error code and message. */
record BridgeAnswer(JsonNode result, String code, String message) {

    static BridgeAnswer ok(JsonNode result) {
        return new BridgeAnswer(result, null, null);
    }

    static BridgeAnswer error(String code, String message) {
        return new BridgeAnswer(null, code, message);
    }
}
