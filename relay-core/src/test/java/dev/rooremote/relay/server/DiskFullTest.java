package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionEvent;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.store.Database;
import dev.rooremote.relay.store.JdbcEventStore;
import dev.rooremote.testsupport.roo.WsClient;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A relay whose disk fills up while Roo works: clients keep getting live events, health says plainly
 * what is wrong (503, "the disk ... is full"), nothing is lost or damaged, and once there is room again
 * every event is stored and the next start finds them all. The disk is a real file system: a small
 * tmpfs, which needs root to mount (the test says it was skipped where it cannot).
 */
class DiskFullTest {

    private static final int EVENTS = 400;

    @TempDir
    Path temp;

    private Path disk;
    private RelayRuntime relay;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void mountSmallDisk() throws Exception {
        disk = temp.resolve("disk");
        Files.createDirectories(disk);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=48m,mode=0700", "tmpfs", disk.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeThat(mount.waitFor(10, TimeUnit.SECONDS) && mount.exitValue() == 0)
                .as("a disk that can fill needs a small tmpfs, and mounting one needs root: " + output.strip())
                .isTrue();
    }

    @AfterEach
    void unmount() throws Exception {
        TestRelays.close(clients, relay);
        new ProcessBuilder("umount", "-l", disk.toString()).start().waitFor(10, TimeUnit.SECONDS);
    }

    @Test
    void aFullDiskIsReportedAndNoEventIsLostOrDamaged() throws Exception {
        Path dataDir = disk.resolve("data");
        relay = TestRelays.start(RelayRuntime.Options.of(dataDir, "127.0.0.1", 0));
        HttpClient http = WsClient.http(relay.tls().certificate());
        WsClient watcher = WsClient.connect(
                http,
                relay.url(),
                TestRelays.login(http, relay, "bob").get("accessToken").asText());
        clients.add(watcher);
        watcher.send(new ClientMessage.Subscribe("s", "demo-1", null));
        long before = watcher.await(ServerMessage.Snapshot.class).seq();
        assertThat(health(http).statusCode()).isEqualTo(200);

        Path filler = disk.resolve("filler");
        fill(filler);
        String text = "a line of Roo's reply that takes some room on the disk ".repeat(20);
        for (int i = 0; i < EVENTS; i++) {
            relay.eventLog().append("demo-1", new SessionEvent.ToolFailed("t-1", "write_to_file", i + " " + text));
        }

        // Clients still see every event live.
        watcher.await(ServerMessage.Event.class, e -> e.seq() == before + EVENTS);
        // Health says what is wrong and what to do.
        await().atMost(Duration.ofSeconds(30)).until(() -> health(http).statusCode() == 503);
        JsonNode degraded = RooJson.parse(health(http).body());
        assertThat(degraded.get("status").asText()).isEqualTo("degraded");
        assertThat(degraded.get("problem").asText())
                .contains("events are not being stored")
                .contains("is full")
                .contains("free space");
        assertThat(degraded.get("unstoredEvents").asLong()).isPositive();
        assertThat(metric(http, "roo_relay_events_unstored")).isPositive();

        Files.delete(filler);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> health(http).statusCode() == 200 && metric(http, "roo_relay_events_unstored") == 0);
        long last = before + EVENTS;
        TestRelays.close(clients, relay);
        relay = null;

        try (Database database = Database.open(dataDir)) {
            JdbcEventStore store = new JdbcEventStore(database);
            assertThat(store.unstoredLastRun()).as("stopped cleanly").isZero();
            List<ServerMessage.Event> stored = store.load("demo-1", before, EVENTS + 10);
            assertThat(stored).extracting(ServerMessage.Event::seq).hasSize(EVENTS);
            for (int i = 0; i < EVENTS; i++) {
                assertThat(stored.get(i).seq()).isEqualTo(before + 1 + i);
                assertThat(((SessionEvent.ToolFailed) stored.get(i).event()).error())
                        .startsWith(i + " ");
            }
            assertThat(stored.get(EVENTS - 1).seq()).isEqualTo(last);
            store.close();
        }
    }

    /** Writes to {@code file} until the disk is full. */
    private static void fill(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[64 * 1024];
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            assertThat(e.getMessage()).contains("No space left");
        }
    }

    private HttpResponse<String> health(HttpClient http) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/health"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long metric(HttpClient http, String name) throws Exception {
        String body = http.send(
                        HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/metrics"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        return body.lines()
                .filter(line -> line.startsWith(name + " "))
                .mapToLong(
                        line -> Long.parseLong(line.substring(name.length() + 1).strip()))
                .findFirst()
                .orElseThrow();
    }
}
