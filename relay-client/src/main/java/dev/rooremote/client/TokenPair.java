package dev.rooremote.client;

import java.time.Instant;

/**
 * Tokens the relay issued at login or refresh.
 *
 * @param expiresAt when the access token expires
 * @param refreshToken single use: refreshing spends it and returns a new one
 */
public record TokenPair(String accessToken, String refreshToken, Instant expiresAt, String role, String user) {}
