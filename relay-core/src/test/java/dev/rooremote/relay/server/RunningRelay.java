package dev.rooremote.relay.server;

import dev.rooremote.testsupport.data.TestFiles;
import dev.rooremote.testsupport.roo.WsClient;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link TestRelays} relay for one test, with an HTTPS client that trusts it; the clients the test
 * opened and the relay are closed after the test. Register it with
 * {@code @RegisterExtension final RunningRelay running = new RunningRelay();}.
 */
final class RunningRelay implements AfterEachCallback {

    private final List<WsClient> clients = new ArrayList<>();
    private Path dataDir;
    private RelayRuntime relay;
    private HttpClient http;

    /** Starts the relay on a loopback port: TLS, or plain HTTP with {@code plain}. */
    RelayRuntime start(boolean plain) throws Exception {
        dataDir = Files.createTempDirectory("relay-data");
        relay = TestRelays.start(
                new RelayRuntime.Options(dataDir, "127.0.0.1", 0, plain, null, null, null, null, null));
        http = WsClient.http(plain ? null : relay.tls().certificate());
        return relay;
    }

    RelayRuntime relay() {
        return relay;
    }

    HttpClient http() {
        return http;
    }

    /** Closes {@code client} after the test. */
    WsClient closeAfter(WsClient client) {
        clients.add(client);
        return client;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        try {
            TestRelays.close(clients, relay);
        } finally {
            if (dataDir != null) {
                TestFiles.deleteTree(dataDir);
            }
        }
    }
}
