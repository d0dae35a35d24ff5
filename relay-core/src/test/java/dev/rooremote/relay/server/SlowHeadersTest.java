package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.testsupport.roo.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send their request headers a byte at a time (slowloris), or open a connection and never
 * finish the TLS handshake, are cut once the header deadline passes, however often they send a byte;
 * people with ordinary requests are served meanwhile.
 */
class SlowHeadersTest {

    private static final Duration DEADLINE = Duration.ofSeconds(2);

    @TempDir
    Path dataDir;

    private RelayRuntime relay;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
        TestRelays.close(List.of(), relay);
    }

    @Test
    void fiftySlowClientsAreCutAtTheHeaderDeadlineWhileOthersAreServed() throws Exception {
        relay = TestRelays.start(new RelayRuntime.Options(
                dataDir, "127.0.0.1", 0, false, null, null, Limits.defaults().withHeaderTimeout(DEADLINE), null, null));
        int port = URI.create(relay.url()).getPort();

        // Forty that finish the handshake and trickle their headers, ten that never say anything.
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            SSLSocket socket = (SSLSocket) WsClient.trusting(relay.tls().certificate())
                    .getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), port);
            socket.startHandshake();
            slow.add(socket);
        }
        for (int i = 0; i < 10; i++) {
            slow.add(new Socket(InetAddress.getLoopbackAddress(), port));
        }
        sockets.addAll(slow);
        List<Socket> closed = new CopyOnWriteArrayList<>();
        Thread trickle = new Thread(() -> trickle(slow.subList(0, 40), closed), "slowloris");
        trickle.setDaemon(true);
        long start = System.nanoTime();
        trickle.start();
        for (Socket silent : slow.subList(40, 50)) {
            watchForClose(silent, closed);
        }

        HttpClient http = WsClient.http(relay.tls().certificate());
        HttpResponse<String> health = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);

        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> closed.size() == 50);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            List<Integer> open = new ArrayList<>();
            for (int i = 0; i < slow.size(); i++) {
                if (!closed.contains(slow.get(i))) {
                    open.add(i);
                }
            }
            throw new AssertionError("still open (0-39 TLS, 40-49 silent): " + open, e);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("not cut before the deadline").isGreaterThanOrEqualTo(DEADLINE);
        // Still serving once they are gone.
        assertThat(http.send(
                                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/health"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .statusCode())
                .isEqualTo(200);
    }

    /** Sends a request's headers a byte every 200 ms on each socket, noting those the relay closes. */
    private static void trickle(List<Socket> sockets, List<Socket> closed) {
        byte[] request = ("GET /v1/health HTTP/1.1\r\nHost: localhost\r\n" + "X-Slow: " + "a".repeat(1000))
                .getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < request.length && !closed.containsAll(sockets); i++) {
            for (Socket socket : sockets) {
                if (closed.contains(socket)) {
                    continue;
                }
                try {
                    OutputStream out = socket.getOutputStream();
                    out.write(request[i]);
                    out.flush();
                    socket.setSoTimeout(1);
                    InputStream in = socket.getInputStream();
                    if (in.read() < 0) {
                        closed.add(socket);
                    }
                } catch (java.net.SocketTimeoutException e) {
                    // nothing to read: still open
                } catch (IOException e) {
                    closed.add(socket);
                }
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void watchForClose(Socket socket, List<Socket> closed) {
        Thread watcher = new Thread(
                () -> {
                    try {
                        while (socket.getInputStream().read() >= 0) {
                            // a TLS alert or nothing: wait for the end
                        }
                    } catch (IOException e) {
                        // reset: closed too
                    }
                    closed.add(socket);
                },
                "silent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }
}
