package dev.rooremote.webtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Chromium performance trace of the page's main thread (category {@code devtools.timeline}, as
 * the DevTools Performance panel records), summed by kind of work: where a page's
 * long tasks go.
 */
final class MainThreadTrace implements AutoCloseable {

    /** The kinds of work reported, as the trace names them. */
    static final List<String> KINDS = List.of(
            "FunctionCall",
            "FireAnimationFrame",
            "UpdateLayoutTree",
            "Layout",
            "PrePaint",
            "Paint",
            "Layerize",
            "MinorGC",
            "MajorGC",
            // content-visibility: auto finds out from this which elements came into view
            "IntersectionObserverController::computeIntersections");

    private final DevTools page;

    private MainThreadTrace(DevTools page) {
        this.page = page;
    }

    /** Starts tracing the browser's page. */
    static MainThreadTrace start(Browser browser) throws Exception {
        DevTools page = DevTools.attach(
                browser.debuggerAddress(), t -> t.path("type").asText().equals("page"));
        page.send("Tracing.start", Map.of("categories", "devtools.timeline", "transferMode", "ReportEvents"));
        return new MainThreadTrace(page);
    }

    /** Ends the trace; milliseconds of each of {@link #KINDS} on the renderer's main thread (nested kinds overlap). */
    Map<String, Double> stop() throws Exception {
        page.send("Tracing.end", Map.of());
        page.event("Tracing.tracingComplete", p -> true, Duration.ofSeconds(60));
        List<JsonNode> events = page.events("Tracing.dataCollected").stream()
                .flatMap(batch -> java.util.stream.StreamSupport.stream(
                        batch.path("value").spliterator(), false))
                .toList();
        Map<String, Long> mainThreads = new java.util.HashMap<>();
        for (JsonNode e : events) {
            if (e.path("ph").asText().equals("M")
                    && e.path("name").asText().equals("thread_name")
                    && e.path("args").path("name").asText().equals("CrRendererMain")) {
                mainThreads.put(e.path("pid").asText() + "/" + e.path("tid").asText(), 1L);
            }
        }
        Map<String, Double> millis = new LinkedHashMap<>();
        KINDS.forEach(k -> millis.put(k, 0.0));
        for (JsonNode e : events) {
            String kind = e.path("name").asText();
            if (e.path("ph").asText().equals("X")
                    && millis.containsKey(kind)
                    && mainThreads.containsKey(
                            e.path("pid").asText() + "/" + e.path("tid").asText())) {
                millis.merge(kind, e.path("dur").asDouble() / 1000, Double::sum);
            }
        }
        return millis;
    }

    @Override
    public void close() {
        page.close();
    }
}
