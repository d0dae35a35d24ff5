package dev.rooremote.webtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.StreamSupport;

/**
 * A DevTools protocol connection to one of the browser's targets (a page or a service worker) on the
 * debugging port chromedriver opened: what Selenium's own CDP call cannot reach, such as code run
 * inside the service worker or the events a domain sends.
 */
final class DevTools implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();

    private DevTools(String webSocketUrl) throws Exception {
        socket = HTTP.newWebSocketBuilder()
                .buildAsync(URI.create(webSocketUrl), new Listener())
                .get(10, TimeUnit.SECONDS);
    }

    /** Connects to the first target on {@code debuggerAddress} (host:port) that {@code which} accepts. */
    static DevTools attach(String debuggerAddress, Predicate<JsonNode> which) throws Exception {
        HttpResponse<String> list = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://" + debuggerAddress + "/json/list"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode targets = JSON.readTree(list.body());
        JsonNode target = StreamSupport.stream(targets.spliterator(), false)
                .filter(which)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no such DevTools target among " + targets));
        return new DevTools(target.path("webSocketDebuggerUrl").asText());
    }

    /** Sends {@code method} with {@code params} and returns its result, failing on the protocol's error. */
    JsonNode send(String method, Map<String, ?> params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode();
        message.put("id", id);
        message.put("method", method);
        message.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        socket.sendText(JSON.writeValueAsString(message), true).get(10, TimeUnit.SECONDS);
        JsonNode reply = answer.get(30, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new AssertionError(method + " failed: " + reply.get("error"));
        }
        return reply.path("result");
    }

    /** Runs {@code expression} in the target (awaiting a promise) and returns its value as JSON. */
    JsonNode evaluate(String expression) throws Exception {
        JsonNode result =
                send("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
        if (result.has("exceptionDetails")) {
            throw new AssertionError("evaluation failed: " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** The first event named {@code method} that {@code which} accepts, waiting up to {@code timeout}. */
    JsonNode event(String method, Predicate<JsonNode> which, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            for (JsonNode e : events) {
                if (e.path("method").asText().equals(method) && which.test(e.path("params"))) {
                    return e.path("params");
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + method + " event within " + timeout + "; saw " + events);
    }

    /** Every event named {@code method} received so far, in order. */
    List<JsonNode> events(String method) {
        return events.stream()
                .filter(e -> e.path("method").asText().equals(method))
                .map(e -> e.path("params"))
                .toList();
    }

    @Override
    public void close() {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(text.toString());
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer =
                                waiting.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } else {
                        events.add(message);
                    }
                } catch (Exception e) {
                    waiting.values().forEach(f -> f.completeExceptionally(e));
                }
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
