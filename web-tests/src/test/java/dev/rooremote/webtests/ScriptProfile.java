package dev.rooremote.webtests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sampling profile of the page's JavaScript (the DevTools protocol's {@code Profiler}, as the
 * DevTools Performance panel takes), summed by function: which of the page's own functions its script
 * time goes to. Names are the shipped script's (minified, unless the console was built without
 * minifying).
 */
final class ScriptProfile implements AutoCloseable {

    private final DevTools page;

    private ScriptProfile(DevTools page) {
        this.page = page;
    }

    /** Starts sampling the browser's page every {@code intervalMicros}. */
    static ScriptProfile start(Browser browser, int intervalMicros) throws Exception {
        DevTools page = DevTools.attach(
                browser.debuggerAddress(), t -> t.path("type").asText().equals("page"));
        page.send("Profiler.enable", Map.of());
        page.send("Profiler.setSamplingInterval", Map.of("interval", intervalMicros));
        page.send("Profiler.start", Map.of());
        return new ScriptProfile(page);
    }

    /**
     * Ends the profile; milliseconds of self time of the {@code top} functions that took most, each named
     * as {@code function file:line:column}, in descending order.
     */
    Map<String, Double> stop(int top) throws Exception {
        JsonNode profile = page.send("Profiler.stop", Map.of()).path("profile");
        Map<Integer, String> names = new HashMap<>();
        for (JsonNode node : profile.path("nodes")) {
            JsonNode frame = node.path("callFrame");
            String url = frame.path("url").asText();
            String name = frame.path("functionName").asText();
            names.put(
                    node.path("id").asInt(),
                    (name.isEmpty() ? "(anonymous)" : name)
                            + (url.isEmpty()
                                    ? ""
                                    : " " + url.substring(url.lastIndexOf('/') + 1) + ":"
                                            + (frame.path("lineNumber").asInt() + 1) + ":"
                                            + (frame.path("columnNumber").asInt() + 1)));
        }
        Map<String, Double> self = new HashMap<>();
        JsonNode samples = profile.path("samples");
        JsonNode deltas = profile.path("timeDeltas");
        // Each sample's time is the gap to the next one.
        for (int i = 0; i + 1 < samples.size(); i++) {
            self.merge(names.get(samples.get(i).asInt()), deltas.get(i + 1).asDouble() / 1000, Double::sum);
        }
        Map<String, Double> ranked = new LinkedHashMap<>();
        self.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("(idle)") && !e.getKey().startsWith("(program)"))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> ranked.put(e.getKey(), e.getValue()));
        return ranked;
    }

    @Override
    public void close() {
        page.close();
    }
}
