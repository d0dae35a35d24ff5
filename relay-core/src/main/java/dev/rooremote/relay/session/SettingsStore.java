package dev.rooremote.relay.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Where the relay keeps each session's settings profile (the object sent to Roo as
 * {@code StartNewTask.configuration}), secrets included. Only the relay reads the secrets.
 */
public interface SettingsStore {

    Optional<ObjectNode> load(String sessionId);

    void save(String sessionId, ObjectNode settings);
}
