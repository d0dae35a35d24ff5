package dev.rooremote.client;

import java.nio.file.Path;

/**
 * A running relay with a demo Roo session for integration tests, and how each test user reaches it.
 * Users: alice (admin), bob (operator), carol (viewer).
 */
public interface TestRelay extends AutoCloseable {

    String url();

    /** The certificate's fingerprint, or null for a plain loopback relay. */
    String fingerprint();

    /** The demo session the tests drive. */
    String session();

    Credentials credentials(String user);

    /** An agent token (or equivalent bearer token) for {@code user}, for {@code --token}. */
    String token(String user);

    /** Stops the relay and starts it again on the same data and port. */
    void restart() throws Exception;

    static TestRelay start(Path dataDir) throws Exception {
        StandInRelay relay = new StandInRelay(dataDir);
        return new TestRelay() {
            @Override
            public String url() {
                return relay.url();
            }

            @Override
            public String fingerprint() {
                return null;
            }

            @Override
            public String session() {
                return StandInRelay.SESSION;
            }

            @Override
            public Credentials credentials(String user) {
                return Credentials.token(user);
            }

            @Override
            public String token(String user) {
                return user;
            }

            @Override
            public void restart() throws Exception {
                relay.restart();
            }

            @Override
            public void close() throws Exception {
                relay.close();
            }
        };
    }
}
