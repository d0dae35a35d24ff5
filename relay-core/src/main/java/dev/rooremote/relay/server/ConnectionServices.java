package dev.rooremote.relay.server;

import dev.rooremote.relay.auth.AuthService;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.metrics.RelayMetrics;
import dev.rooremote.relay.session.SessionHub;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What a {@link ClientConnection} uses of the relay, handed to each one as it is made.
 *
 * @param auth checks the credentials a connection acts with, and renews them in band
 * @param sender runs the connections' writers
 * @param timer cuts off clients that do not finish closing
 * @param connections the open connections: each joins when it opens and leaves when it closes
 * @param push where browsers' push subscriptions are kept
 */
record ConnectionServices(
        EventLog eventLog,
        SessionHub sessions,
        RequestAudit audit,
        AuthService auth,
        RelayMetrics metrics,
        Limits limits,
        Clock clock,
        WireCodec codec,
        ExecutorService sender,
        ScheduledExecutorService timer,
        Set<ClientConnection> connections,
        dev.rooremote.relay.push.PushSetup push) {}
