package dev.rooremote.client;

import java.time.Clock;
import java.time.Duration;

/** An {@link AuthClient} without a {@link RelayClient}, for logging in before any connection exists. */
public final class AuthClientFactory {

    private AuthClientFactory() {}

    /** @param url the relay, {@code wss://host:port} (or {@code ws://} to this machine) */
    public static AuthClient create(String url, TlsTrust trust, Duration timeout) {
        RelayUrl relay = RelayUrl.parse(url);
        return new AuthClient(relay, trust.newContext(), trust.verifiesHostName(), timeout, Clock.systemUTC());
    }
}
