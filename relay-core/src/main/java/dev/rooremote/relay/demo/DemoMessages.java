package dev.rooremote.relay.demo;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of the demo Roo's messages, in the shapes Roo Code 3.52.1 writes them: an API request's
 * {@code api_req_started} before and after it finishes, a followup question with its suggestions, and a
 * file edit, first proposed with the file's new content and then shown with its diff.
 */
final class DemoMessages {

    private static final int DEFAULT_LONG_CHARS = 6_000;
    private static final int MAX_LONG_CHARS = 200_000;
    private static final Pattern LONG_LENGTH = Pattern.compile("long\\D{0,12}(\\d{2,6})");
    /** The line Roo puts before the diff of a new file. */
    private static final String NEW_FILE_RULE = "=".repeat(67);

    static final FileEdit README_USAGE = new FileEdit(
            "editedExistingFile",
            "README.md",
            "# Roo Remote\n\nRoo Remote drives Roo Code from another machine.\n\n## Usage\n\n"
                    + "    roo-relay serve --data-dir ~/.roo-relay --demo 2\n\nThen open the console.\n\n## License\n",
            "@@ -2,4 +2,10 @@\n \n Roo Remote drives Roo Code from another machine.\n \n+## Usage\n+\n"
                    + "+    roo-relay serve --data-dir ~/.roo-relay --demo 2\n+\n+Then open the console.\n+\n"
                    + " ## License\n",
            6,
            0);

    static final String TEST_OUTPUT = "\n> demo@1.0.0 test\n> node --test\n\n✔ parses the config (0.9ms)\n"
            + "✔ streams deltas (1.4ms)\n✔ refuses stale asks (0.6ms)\nℹ tests 3\nℹ pass 3\nℹ fail 0\n";

    static final String LINT_OUTPUT = "\n> demo@1.0.0 lint\n> eslint src\n\nsrc/config.js\n"
            + "  12:7  error  'retries' is assigned a value but never used  no-unused-vars\n"
            + "  31:1  error  Expected indentation of 4 spaces but found 2   indent\n\n"
            + "✖ 2 problems (2 errors, 0 warnings)\n";

    private DemoMessages() {}

    /**
     * A file edit as a write tool's ask shows it.
     *
     * @param tool {@code newFileCreated} or {@code editedExistingFile}
     * @param content the file's whole new content, which the ask shows while the model still writes it
     * @param diff what the ask shows once the edit is ready for approval
     */
    record FileEdit(String tool, String path, String content, String diff, int added, int removed) {

        /** A new file with one or more lines. */
        static FileEdit newFile(String path, String content) {
            int lines = (int) content.lines().count();
            StringBuilder diff = new StringBuilder(NEW_FILE_RULE)
                    .append("\n--- /dev/null\n+++ ")
                    .append(path)
                    .append("\n@@ -0,0 +1,")
                    .append(lines)
                    .append(" @@\n");
            content.lines().forEach(line -> diff.append('+').append(line).append('\n'));
            return new FileEdit("newFileCreated", path, content, diff.toString(), lines, 0);
        }

        String proposed() {
            return RooJson.write(json(content));
        }

        String ready() {
            ObjectNode json = json(diff);
            ObjectNode stats = json.putObject("diffStats");
            stats.put("added", added);
            stats.put("removed", removed);
            return RooJson.write(json);
        }

        private ObjectNode json(String shown) {
            ObjectNode json = RooJson.object();
            json.put("tool", tool);
            json.put("path", path);
            json.put("content", shown);
            json.put("isOutsideWorkspace", false);
            json.put("isProtected", false);
            return json;
        }
    }

    static String requestStarted() {
        return RooJson.write(RooJson.object().put("apiProtocol", "openai"));
    }

    /** What Roo writes into a request it abandons when its task is cancelled or aborted. */
    static String requestCancelled() {
        ObjectNode info = RooJson.object();
        info.put("apiProtocol", "openai");
        info.put("cancelReason", "user_cancelled");
        return RooJson.write(info);
    }

    static String requestFinished(long in, long out, double cost) {
        ObjectNode info = RooJson.object();
        info.put("apiProtocol", "openai");
        info.put("tokensIn", in);
        info.put("tokensOut", out);
        info.put("cacheWrites", 0);
        info.put("cacheReads", 0);
        info.put("cost", cost);
        return RooJson.write(info);
    }

    /** A followup question; Roo writes {@code "mode": null} for a suggestion that switches no mode. */
    static String followup(String question, List<String> suggestions) {
        ObjectNode json = RooJson.object();
        json.put("question", question);
        ArrayNode suggest = json.putArray("suggest");
        for (String answer : suggestions) {
            suggest.addObject().put("answer", answer).putNull("mode");
        }
        return RooJson.write(json);
    }

    static String longText(String prompt) {
        Matcher matcher = LONG_LENGTH.matcher(prompt.toLowerCase(Locale.ROOT));
        int target = matcher.find()
                ? Math.min(MAX_LONG_CHARS, Math.max(100, Integer.parseInt(matcher.group(1))))
                : DEFAULT_LONG_CHARS;
        String[] parts = {
            "Roo Remote puts a relay next to a headless VS Code. ",
            "The relay speaks Roo's IPC over a Unix socket and numbers every event it sees. ",
            "Clients connect over WebSocket with TLS and a short-lived token. ",
            "A client that reconnects names the last event it saw and gets exactly the ones it missed. ",
            "Streaming text travels as deltas, so a long reply costs about its own size on the wire. ",
            "Asks that wait for a person are shown once Roo has clearly stopped to wait. ",
            "Typed messages only go to Roo while it waits for one, never while it works. "
        };
        StringBuilder out = new StringBuilder(target + 100);
        int i = 0;
        while (out.length() < target) {
            if (i > 0 && i % parts.length == 0) {
                out.append("\n\n");
            }
            out.append(parts[i % parts.length]);
            i++;
        }
        return out.toString().trim();
    }

    static String summarize(String text) {
        String oneLine = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return oneLine.length() <= 80 ? oneLine : oneLine.substring(0, 77) + "...";
    }
}
