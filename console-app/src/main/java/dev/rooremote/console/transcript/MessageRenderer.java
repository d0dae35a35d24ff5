package dev.rooremote.console.transcript;

import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.protocol.roo.ExitStatus;
import dev.rooremote.protocol.roo.FollowupQuestion;
import dev.rooremote.protocol.roo.MessageKind;
import dev.rooremote.protocol.roo.ToolAsk;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/** Builds the node of one transcript message according to its {@link MessageKind}. */
final class MessageRenderer {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());
    private static final int MAX_BLOCK_LINES = 60;
    /** Command output longer than this is folded under a line that counts its lines. */
    static final int FOLDED_OUTPUT_LINES = 12;

    private MessageRenderer() {}

    static Node render(MessageViewModel vm) {
        ClineMessage m = vm.message();
        MessageKind kind = vm.kind();
        VBox box = new VBox(4);
        box.getStyleClass().addAll("message", KindLabels.styleClass(kind));
        box.setPadding(new Insets(6, 10, 6, 10));

        if (kind == MessageKind.API_REQUEST) {
            String summary = RooText.apiRequest(m.text()).map(RooText::describe).orElse("");
            Label line = new Label("API request · " + summary);
            line.getStyleClass().add("message-muted");
            box.getChildren().add(line);
            return box;
        }

        Label tag = new Label(KindLabels.label(kind));
        tag.getStyleClass().add("message-tag");
        Label time = new Label(TIME.format(Instant.ofEpochMilli(m.ts())));
        time.getStyleClass().add("message-time");
        HBox header = new HBox(8, tag, time);
        if (m.exitStatus() != null && (kind == MessageKind.COMMAND_OUTPUT || kind == MessageKind.COMMAND)) {
            header.getChildren().add(exitStatus(m.exitStatus()));
        }
        if (vm.streaming()) {
            Label streaming = new Label("streaming…");
            streaming.getStyleClass().add("message-streaming");
            header.getChildren().add(streaming);
        }
        box.getChildren().add(header);

        if (m.reasoning() != null && !m.reasoning().isBlank()) {
            box.getChildren().add(reasoning(vm, m.reasoning()));
        }
        String text = m.text() == null ? "" : m.text();
        switch (kind) {
            case ASSISTANT:
            case COMPLETION:
                box.getChildren().addAll(markdown(text));
                break;
            case REASONING:
                box.getChildren().add(reasoning(vm, text));
                break;
            case TOOL:
                tool(box, text);
                break;
            case COMMAND:
                box.getChildren().add(code("$ " + text));
                break;
            case COMMAND_OUTPUT:
                box.getChildren().add(commandOutput(vm, text));
                break;
            case FOLLOWUP:
                followup(box, text);
                break;
            case RESUME:
                box.getChildren()
                        .add(plain(
                                "resume_completed_task"
                                                .equals(
                                                        m.ask() == null
                                                                ? null
                                                                : m.ask().value())
                                        ? "This task finished earlier. Send a message to continue it."
                                        : "The task was interrupted. Resume it to continue.",
                                "message-muted"));
                break;
            case INFO:
                String kindName = m.isAsk() ? "ask " + m.ask() : "say " + m.say();
                box.getChildren()
                        .add(plain(kindName + (text.isEmpty() ? "" : ": " + abbreviate(text, 300)), "message-muted"));
                break;
            default:
                box.getChildren().add(plain(text, null));
        }
        if (m.images() != null && !m.images().isEmpty()) {
            box.getChildren().add(plain(m.images().size() + " image(s) attached", "message-muted"));
        }
        return box;
    }

    private static Node reasoning(MessageViewModel vm, String text) {
        Label body = new Label(text);
        body.setWrapText(true);
        body.getStyleClass().add("message-muted");
        return folded(vm, "Reasoning", body, "message-reasoning");
    }

    /**
     * How the command ended, beside its output: "exit 0", or "✗ exit 2" / "✗ killed by SIGTERM" marked as a
     * failure. Only there when the session's bridge reported it; never guessed.
     */
    static Label exitStatus(ExitStatus status) {
        Label label = new Label(status.success() ? status.describe() : "✗ " + status.describe());
        label.getStyleClass().addAll("exit-status", status.success() ? "exit-ok" : "exit-failed");
        label.setAccessibleText("Command " + (status.success() ? "succeeded: " : "failed: ") + status.describe());
        return label;
    }

    /**
     * A command's output, monospaced: short output inline, long output folded under a line that says
     * how long it is. Its exit status, when known, is in the message's header.
     */
    private static Node commandOutput(MessageViewModel vm, String text) {
        if (text.isEmpty()) {
            return plain("No output yet", "message-muted");
        }
        int lines = lineCount(text);
        if (lines <= FOLDED_OUTPUT_LINES) {
            return code(text);
        }
        String title = String.format("%,d lines of output%s", lines, vm.streaming() ? " so far" : "");
        return folded(vm, title, code(text), "message-output");
    }

    private static Node folded(MessageViewModel vm, String title, Node body, String styleClass) {
        TitledPane pane = new TitledPane(title, body);
        pane.getStyleClass().add(styleClass);
        pane.setExpanded(vm.expanded());
        pane.setAnimated(false);
        pane.expandedProperty().addListener((o, a, b) -> vm.setExpanded(b));
        return pane;
    }

    static int lineCount(String text) {
        String trimmed = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return (int) trimmed.chars().filter(c -> c == '\n').count() + 1;
    }

    private static void tool(VBox box, String text) {
        ToolAsk tool = ToolAsk.parse(text).orElse(null);
        if (tool == null) {
            box.getChildren().add(code(text));
            return;
        }
        StringBuilder title = new StringBuilder(tool.toolOpt().orElse("tool"));
        tool.pathOpt().ifPresent(p -> title.append("  ").append(p));
        if (Boolean.TRUE.equals(tool.isOutsideWorkspace())) {
            title.append("  (outside the workspace)");
        }
        Label heading = new Label(title.toString());
        heading.getStyleClass().add("message-tool-title");
        box.getChildren().add(heading);
        tool.field("reason")
                .filter(com.fasterxml.jackson.databind.JsonNode::isTextual)
                .ifPresent(r -> box.getChildren().add(plain(r.asText(), "message-muted")));
        java.util.Optional<String> diff = tool.diffText();
        if (diff.isPresent() && !diff.get().isEmpty()) {
            box.getChildren().add(diff(diff.get()));
        } else if (tool.content() != null && !tool.content().isEmpty()) {
            box.getChildren().add(code(tool.content()));
        }
    }

    private static void followup(VBox box, String text) {
        FollowupQuestion followup = FollowupQuestion.parse(text).orElse(null);
        if (followup == null) {
            box.getChildren().add(plain(text, null));
            return;
        }
        box.getChildren().add(plain(followup.question(), null));
        for (FollowupQuestion.Suggestion s : followup.suggestions()) {
            box.getChildren()
                    .add(plain(
                            "→ " + s.answer() + (s.mode() == null ? "" : "  (switches to " + s.mode() + ")"),
                            "message-suggestion"));
        }
    }

    static List<Node> markdown(String text) {
        List<Node> nodes = new java.util.ArrayList<>();
        for (Markdown.Block block : Markdown.parse(text)) {
            if (block instanceof Markdown.Code code) {
                nodes.add(code(code.code()));
            } else if (block instanceof Markdown.Heading h) {
                TextFlow flow = flow(h.spans());
                flow.getStyleClass().add("md-h" + Math.min(h.level(), 3));
                nodes.add(flow);
            } else if (block instanceof Markdown.ListItem item) {
                Label marker = new Label(item.marker());
                marker.setMinWidth(Region.USE_PREF_SIZE);
                TextFlow flow = flow(item.spans());
                HBox row = new HBox(6, marker, flow);
                row.setPadding(new Insets(0, 0, 0, 8 + item.indent() * 16));
                nodes.add(row);
            } else if (block instanceof Markdown.Quote q) {
                TextFlow flow = flow(q.spans());
                flow.getStyleClass().add("md-quote");
                nodes.add(flow);
            } else if (block instanceof Markdown.Paragraph p) {
                nodes.add(flow(p.spans()));
            }
        }
        return nodes;
    }

    private static TextFlow flow(List<Markdown.Span> spans) {
        TextFlow flow = new TextFlow();
        for (Markdown.Span span : spans) {
            Text t = new Text(span.text());
            t.getStyleClass().add("md-" + span.style().name().toLowerCase(java.util.Locale.ROOT));
            flow.getChildren().add(t);
        }
        flow.getStyleClass().add("md-paragraph");
        return flow;
    }

    /**
     * Monospaced text on its own background, every line shown: a text flow measures its height from the
     * width it gets, where a wrapping label in a list cell is measured one line high and shows "...".
     */
    private static Node code(String code) {
        Text text = new Text(limitLines(code));
        text.getStyleClass().add("code-text");
        TextFlow block = new TextFlow(text);
        block.getStyleClass().add("code-block");
        block.setMaxWidth(Double.MAX_VALUE);
        return block;
    }

    private static Node diff(String diff) {
        VBox lines = new VBox();
        lines.getStyleClass().add("code-block");
        String[] all = diff.split("\n", -1);
        int shown = Math.min(all.length, MAX_BLOCK_LINES);
        for (int i = 0; i < shown; i++) {
            String line = all[i];
            Label l = new Label(line.isEmpty() ? " " : line);
            l.setWrapText(true);
            l.getStyleClass().add("diff-line");
            if (line.startsWith("+") && !line.startsWith("+++")) {
                l.getStyleClass().add("diff-add");
            } else if (line.startsWith("-") && !line.startsWith("---")) {
                l.getStyleClass().add("diff-del");
            } else if (line.startsWith("@@")) {
                l.getStyleClass().add("diff-hunk");
            }
            lines.getChildren().add(l);
        }
        if (all.length > shown) {
            lines.getChildren()
                    .add(new Label("… " + (all.length - shown) + " more lines (copy the message to see all)"));
        }
        return lines;
    }

    private static Label plain(String text, String style) {
        Label label = new Label(text);
        label.setWrapText(true);
        if (style != null) {
            label.getStyleClass().add(style);
        }
        return label;
    }

    private static String limitLines(String text) {
        int count = 0;
        int index = -1;
        while ((index = text.indexOf('\n', index + 1)) >= 0) {
            if (++count == MAX_BLOCK_LINES) {
                long rest = text.substring(index).chars().filter(c -> c == '\n').count();
                return text.substring(0, index) + "\n… " + rest + " more lines (copy the message to see all)";
            }
        }
        return text;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max) + "…";
    }
}
