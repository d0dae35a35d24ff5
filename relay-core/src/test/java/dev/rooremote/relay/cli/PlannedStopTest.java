package dev.rooremote.relay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcEventStore;
import dev.rooremote.testsupport.roo.WsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A planned stop is not a crash: {@code roo-relay serve} stopped with SIGTERM (as systemd and Ctrl+C
 * stop it) stores every event and records the clean stop, so the next start goes on numbering where
 * it stopped and resuming clients get exactly the events they missed, not a snapshot.
 */
class PlannedStopTest {

    @TempDir
    Path dataDir;

    @Test
    void aRelayStoppedWithSigtermRecordsACleanStopEveryTime() throws Exception {
        for (int run = 1; run <= 2; run++) {
            Process relay = new ProcessBuilder(List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            RelayMain.class.getName(),
                            "serve",
                            "--data-dir",
                            dataDir.toString(),
                            "--demo",
                            "2",
                            "--bind",
                            "127.0.0.1",
                            "--port",
                            "0",
                            "--plain"))
                    .start();
            CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(relay.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(relay.getInputStream(), StandardCharsets.UTF_8));
            String url = null;
            for (String line = out.readLine(); line != null && !line.contains("Stop with Ctrl+C"); ) {
                if (line.strip().startsWith("URL")) {
                    url = line.strip().substring(3).strip();
                }
                line = out.readLine();
            }
            assertThat(url).as("the relay printed its URL").startsWith("ws://");

            // Roo streams a long reply to a watching client while the relay is told to stop.
            if (run == 1) {
                int added = CliRun.run(
                                "bob-password\n",
                                "user",
                                "add",
                                "bob",
                                "--role",
                                "operator",
                                "--password-stdin",
                                "--data-dir",
                                dataDir.toString())
                        .code();
                assertThat(added).isZero();
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = url.replace("ws://", "http://").replace("/v1/ws", "");
            String token = RooJson.parse(http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/v1/auth/login"))
                                            .POST(HttpRequest.BodyPublishers.ofString(
                                                    "{\"username\":\"bob\",\"password\":\"bob-password\"}"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .get("accessToken")
                    .asText();
            try (WsClient client = WsClient.connect(http, url, token)) {
                client.send(new ClientMessage.Subscribe("s", "demo-1", null));
                client.await(ServerMessage.Snapshot.class);
                client.send(new ClientMessage.StartTask("t", "demo-1", "Write it all down: long 60000", null, null));
                client.ack("t");
                for (int i = 0; i < 20; i++) {
                    client.await(ServerMessage.Event.class);
                }

                relay.destroy();
            }

            assertThat(relay.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(relay.exitValue()).as("a planned stop is a success").isZero();
            String log = errors.get(10, TimeUnit.SECONDS);
            assertThat(log).as("run " + run).doesNotContain("already closed").doesNotContain("closing the event store");
            try (Database database = Database.open(dataDir)) {
                JdbcEventStore store = new JdbcEventStore(database);
                assertThat(store.unstoredLastRun())
                        .as("run " + run + " stopped cleanly")
                        .isZero();
                store.close();
            }
        }
    }
}
