package dev.rooremote.client;

import java.time.Clock;
import java.time.Duration;

/** What {@link RelayClient.Builder} collected: the settings every part of a client reads. */
record ClientConfig(
        RelayUrl url,
        Credentials credentials,
        TlsTrust trust,
        String clientName,
        Duration requestTimeout,
        Duration connectTimeout,
        Duration reconnectInitial,
        Duration reconnectMax,
        Duration keepAlive,
        boolean retryFirstConnect,
        int maxBufferedFrames,
        int maxPendingRequests,
        Clock clock) {}
