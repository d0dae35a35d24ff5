package dev.rooremote.relay.auth;

import dev.rooremote.protocol.relay.Role;
import java.time.Instant;

/** An account as {@code user list} shows it (never the hash). */
public record User(String name, Role role, Instant createdAt, Instant updatedAt) {}
