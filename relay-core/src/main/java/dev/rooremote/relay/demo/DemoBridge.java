package dev.rooremote.relay.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.bridge.BridgeLines;
import dev.rooremote.relay.bridge.BridgeSecrets;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo Roo's companion bridge: docs/BRIDGE.md (protocol 1) on its own Unix socket, as
 * roo-remote-bridge serves it beside a real Roo, so a demo session approves and denies asks and reads and
 * writes Roo's settings the way a real one does. It offers approve, deny, getPendingAsk, getSettings,
 * setSettings, listProfiles and activateProfile, answered by the {@link DemoBridgeAnswers} with the bridge's rules (only the ask waiting now, each
 * once; secrets named, never returned; unknown setting keys refused), with two provider profiles, "default" and "local".
 */
final class DemoBridge implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DemoBridge.class);
    static final String VERSION = "0.1.0-demo";

    private final Path socket;
    private final String secret;
    private final DemoEngine engine;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();
    /** The connections past their hello: the ones events go to. */
    private final Set<SocketChannel> greeted = ConcurrentHashMap.newKeySet();

    private final AtomicBoolean closed = new AtomicBoolean();

    private DemoBridge(Path socket, String secret, DemoEngine engine, ServerSocketChannel server) {
        this.socket = socket;
        this.secret = secret;
        this.engine = engine;
        this.server = server;
    }

    static DemoBridge start(Path socket, String secret, DemoEngine engine) throws IOException {
        Files.createDirectories(socket.toAbsolutePath().getParent());
        Files.deleteIfExists(socket);
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        DemoBridge bridge = new DemoBridge(socket, secret, engine, server);
        engine.bridge().bridgeEvents(bridge::broadcast);
        Thread acceptor = new Thread(bridge::acceptLoop, "demo-bridge-accept " + socket.getFileName());
        acceptor.setDaemon(true);
        acceptor.start();
        return bridge;
    }

    private void acceptLoop() {
        while (!closed.get()) {
            try {
                SocketChannel channel = server.accept();
                connections.add(channel);
                Thread reader = new Thread(() -> serve(channel), "demo-bridge-conn");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!closed.get()) {
                    LOG.warn("demo bridge at {} stopped accepting: {}", socket, e.toString());
                }
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        BridgeLines lines = new BridgeLines();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        boolean helloDone = false;
        try {
            while (channel.read(buffer.clear()) >= 0) {
                buffer.flip();
                List<String> batch;
                try {
                    batch = lines.feed(buffer);
                } catch (BridgeLines.FramingException e) {
                    fail(channel, e.code(), e.getMessage());
                    return;
                }
                for (String line : batch) {
                    JsonNode frame;
                    try {
                        frame = RooJson.parse(line);
                    } catch (RuntimeException e) {
                        fail(channel, "bad_frame", "a line is not a JSON object");
                        return;
                    }
                    if (!helloDone) {
                        if (!"hello".equals(frame.path("type").asText())) {
                            fail(channel, "hello_required", "say hello first");
                            return;
                        }
                        if (!BridgeSecrets.matches(secret, frame.path("secret").asText(null))) {
                            fail(channel, "unauthorized", "The secret is wrong. Use ROO_REMOTE_BRIDGE_SECRET.");
                            return;
                        }
                        if (frame.path("protocol").asInt(-1) != 1) {
                            fail(channel, "unsupported_protocol", "This bridge speaks protocol 1.");
                            return;
                        }
                        helloDone = true;
                        send(channel, hello());
                        greeted.add(channel);
                        continue;
                    }
                    if (!"request".equals(frame.path("type").asText())
                            || !frame.path("id").canConvertToLong()) {
                        fail(channel, "bad_frame", "expected a request with an integer id");
                        return;
                    }
                    send(channel, respond(frame));
                }
            }
        } catch (IOException e) {
            LOG.debug("demo bridge connection ended: {}", e.toString());
        } finally {
            connections.remove(channel);
            greeted.remove(channel);
            closeQuietly(channel);
        }
    }

    private ObjectNode respond(JsonNode request) {
        long id = request.path("id").asLong();
        String op = request.path("op").asText("");
        ObjectNode response = RooJson.object();
        response.put("type", "response");
        response.put("id", id);
        BridgeAnswer answer;
        try {
            answer = switch (op) {
                case "approve", "deny" -> {
                    if (!request.path("taskId").isTextual()
                            || !request.path("askTs").canConvertToLong()) {
                        yield BridgeAnswer.error("invalid", op + " needs taskId (string) and askTs (number)");
                    }
                    List<String> images = new ArrayList<>();
                    request.path("images").forEach(i -> images.add(i.asText()));
                    String text =
                            request.hasNonNull("text") ? request.get("text").asText() : null;
                    yield engine.bridge()
                            .answerThroughBridge(
                                    "approve".equals(op),
                                    request.get("taskId").asText(),
                                    request.get("askTs").asLong(),
                                    text,
                                    images)
                            .get(10, TimeUnit.SECONDS);
                }
                case "getPendingAsk" -> engine.bridge().pendingAskForBridge().get(10, TimeUnit.SECONDS);
                case "getSettings" -> engine.bridge().settingsForBridge().get(10, TimeUnit.SECONDS);
                case "setSettings" ->
                    engine.bridge().setSettingsFromBridge(request.get("values")).get(10, TimeUnit.SECONDS);
                case "listProfiles" -> engine.bridge().profilesForBridge().get(10, TimeUnit.SECONDS);
                case "activateProfile" ->
                    engine.bridge()
                            .activateProfileFromBridge(request.get("name"))
                            .get(10, TimeUnit.SECONDS);
                default -> BridgeAnswer.error("unsupported", "unknown op '" + op + "'");
            };
        } catch (Exception e) {
            answer = BridgeAnswer.error("failed", "the demo Roo did not answer: " + e);
        }
        if (answer.result() != null) {
            response.put("ok", true);
            response.set("result", answer.result());
        } else {
            response.put("ok", false);
            ObjectNode error = response.putObject("error");
            error.put("code", answer.code());
            error.put("message", answer.message());
        }
        return response;
    }

    private static ObjectNode hello() {
        ObjectNode hello = RooJson.object();
        hello.put("type", "hello");
        hello.put("protocol", 1);
        ObjectNode bridge = hello.putObject("bridge");
        bridge.put("id", "rooremote.roo-remote-bridge");
        bridge.put("version", VERSION);
        ObjectNode roo = hello.putObject("roo");
        roo.put("id", "rooremote.demo-roo");
        roo.put("version", "3.52.1");
        roo.put("ready", true);
        hello.putArray("tried").add("rooremote.demo-roo");
        hello.put("status", "ok");
        hello.put("message", "Using the relay's demo Roo.");
        ObjectNode capabilities = hello.putObject("capabilities");
        for (String name : List.of("approve", "deny")) {
            ObjectNode c = capabilities.putObject(name);
            c.put("available", true);
            c.put("how", "task");
        }
        capabilities.putObject("readSettings").put("available", true).put("how", "getConfiguration");
        capabilities.putObject("writeSettings").put("available", true).put("how", "setConfiguration");
        capabilities.putObject("profiles").put("available", true).put("how", "profiles");
        return hello;
    }

    private static void fail(SocketChannel channel, String code, String message) {
        ObjectNode error = RooJson.object();
        error.put("type", "error");
        error.put("code", code);
        error.put("message", message);
        try {
            send(channel, error);
        } catch (IOException e) {
            LOG.debug("demo bridge: cannot send {}", code);
        }
        closeQuietly(channel);
    }

    /** Sends an event frame to every client past its hello. */
    void broadcast(ObjectNode event) {
        for (SocketChannel channel : greeted) {
            try {
                send(channel, event);
            } catch (IOException e) {
                LOG.debug("demo bridge: cannot send an event: {}", e.toString());
            }
        }
    }

    private static void send(SocketChannel channel, ObjectNode frame) throws IOException {
        ByteBuffer bytes = BridgeLines.encode(RooJson.write(frame));
        synchronized (channel) {
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("closing a demo bridge connection", e);
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the demo bridge", e);
        }
        engine.bridge().bridgeEvents(null);
        connections.forEach(DemoBridge::closeQuietly);
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            LOG.debug("removing the demo bridge socket {}", socket, e);
        }
    }
}
