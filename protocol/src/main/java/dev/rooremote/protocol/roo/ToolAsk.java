package dev.rooremote.protocol.roo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The JSON text of a {@code tool} ask, e.g. {@code {"tool":"newFileCreated","path":"out.txt","content":<diff>,
 * "isOutsideWorkspace":false,"diffStats":{...}}}. Every field is optional; others are kept in {@code extra}.
 * For file edits Roo puts the unified diff in {@code content} (newFileCreated, editedExistingFile) or in
 * {@code diff} (appliedDiff); {@link #diffText()} picks whichever is present.
 */
public record ToolAsk(
        String tool,
        String path,
        String diff,
        String content,
        Boolean isOutsideWorkspace,
        Map<String, JsonNode> extra) {

    private static final Set<String> KNOWN = Set.of("tool", "path", "diff", "content", "isOutsideWorkspace");

    public ToolAsk {
        extra = Extras.copy(extra);
    }

    /** Reads a tool ask's text; empty when it is not a JSON object (e.g. blank, or cut off mid-stream). */
    public static Optional<ToolAsk> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        JsonNode json = RooJson.parseObject(text).orElse(null);
        if (json == null) {
            return Optional.empty();
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = json.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!KNOWN.contains(e.getKey())) {
                extra.put(e.getKey(), e.getValue());
            }
        }
        JsonNode outside = json.get("isOutsideWorkspace");
        return Optional.of(new ToolAsk(
                textOf(json, "tool"),
                textOf(json, "path"),
                textOf(json, "diff"),
                textOf(json, "content"),
                outside != null && outside.isBoolean() ? outside.booleanValue() : null,
                extra));
    }

    public Optional<String> toolOpt() {
        return Optional.ofNullable(tool);
    }

    public Optional<String> pathOpt() {
        return Optional.ofNullable(path);
    }

    /** The diff of a file edit, from {@code diff} or else {@code content}; empty if it has none. */
    public Optional<String> diffText() {
        if (diff != null) {
            return Optional.of(diff);
        }
        return content != null && content.startsWith("@@") || content != null && content.contains("\n+++ ")
                ? Optional.of(content)
                : Optional.empty();
    }

    /** Whether Roo marked the target as write-protected (e.g. its own config files). */
    public boolean isProtected() {
        JsonNode p = extra.get("isProtected");
        return p != null && p.asBoolean(false);
    }

    /**
     * What Roo wants to do, in words for people, to follow "Roo wants to": "create greeting.txt",
     * "edit README.md", "read src/App.java", or, for a tool without words here, "use the tool X on PATH".
     */
    public String action() {
        String on = path == null || path.isBlank() ? null : path;
        String what = tool == null ? "" : tool;
        String words =
                switch (what) {
                    case "newFileCreated" -> on == null ? "create a file" : "create " + on;
                    case "editedExistingFile", "appliedDiff", "insertContent", "searchAndReplace" ->
                        on == null ? "edit a file" : "edit " + on;
                    case "readFile" -> on == null ? "read a file" : "read " + on;
                    case "listFilesTopLevel", "listFilesRecursive" ->
                        on == null ? "list files" : "list the files in " + on;
                    case "searchFiles" -> on == null ? "search the files" : "search the files in " + on;
                    case "codebaseSearch" -> "search the codebase";
                    case "listCodeDefinitionNames" ->
                        on == null ? "list code definitions" : "list the code definitions in " + on;
                    case "switchMode" ->
                        field("mode")
                                .map(m -> "switch to " + m.asText() + " mode")
                                .orElse("switch modes");
                    case "newTask" -> "start a subtask";
                    case "finishTask" -> "finish the subtask";
                    case "updateTodoList" -> "update its to-do list";
                    case "fetchInstructions" -> "fetch instructions";
                    case "generateImage" -> on == null ? "generate an image" : "generate an image at " + on;
                    case "runSlashCommand" -> "run a slash command";
                    default -> null;
                };
        if (words != null) {
            return words + (Boolean.TRUE.equals(isOutsideWorkspace) ? " (outside the workspace)" : "");
        }
        return (what.isBlank() ? "use a tool" : "use the tool " + what) + (on == null ? "" : " on " + on);
    }

    /** Any other field of the ask, such as {@code reason} or {@code diffStats}. */
    public Optional<JsonNode> field(String name) {
        return Optional.ofNullable(extra.get(name));
    }

    private static String textOf(JsonNode json, String field) {
        JsonNode v = json.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
