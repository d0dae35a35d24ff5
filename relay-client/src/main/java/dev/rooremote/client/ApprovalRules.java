package dev.rooremote.client;

import dev.rooremote.protocol.relay.PendingAsk;
import dev.rooremote.protocol.roo.ToolAsk;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which tool and command asks a program running Roo unattended approves, and what becomes of the rest:
 * approved by tool name ({@code approve-tool=newFileCreated}), by the path the tool works on
 * ({@code approve-path=src/**}, a glob on the workspace-relative path), or by command prefix
 * ({@code approve-command=npm test}); the rest are denied with feedback ({@code deny=TEXT}) or left to a
 * person. Nothing outside the workspace, no protected file (Roo's own {@code .roo} rules, ...) and no
 * MCP tool is ever approved by a rule, and a command matches only when it is one plain command: a line
 * that chains, pipes, redirects or substitutes ({@code ; & | < > ` $( } or a line break) never does, so
 * {@code npm test && curl ... | sh} is not "npm test".
 */
public final class ApprovalRules {

    private static final ApprovalRules NONE = new ApprovalRules(Set.of(), List.of(), List.of(), List.of(), null);
    private static final Pattern SHELL_SPECIAL = Pattern.compile("[;&|<>`\\n\\r]|\\$\\(");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private final Set<String> tools;
    private final List<String> globs;
    private final List<PathMatcher> paths;
    private final List<String> commands;
    private final String denyFeedback;

    private ApprovalRules(
            Set<String> tools,
            List<String> globs,
            List<PathMatcher> paths,
            List<String> commands,
            String denyFeedback) {
        this.tools = tools;
        this.globs = globs;
        this.paths = paths;
        this.commands = commands;
        this.denyFeedback = denyFeedback;
    }

    /** No rules: every tool and command ask is left to a person. */
    public static ApprovalRules none() {
        return NONE;
    }

    /**
     * Reads rules such as {@code approve-tool=NAME}, {@code approve-path=GLOB}, {@code approve-command=PREFIX}
     * and {@code deny=FEEDBACK}.
     *
     * @throws IllegalArgumentException naming the rule that is wrong and what is expected
     */
    public static ApprovalRules parse(List<String> rules) {
        Set<String> tools = new LinkedHashSet<>();
        List<String> globs = new ArrayList<>();
        List<PathMatcher> paths = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        String deny = null;
        for (String rule : rules) {
            int eq = rule.indexOf('=');
            String kind = eq < 0 ? rule.strip() : rule.substring(0, eq).strip();
            String value = eq < 0 ? "" : rule.substring(eq + 1).strip();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(
                        "'" + rule + "' has no value: write approve-tool=NAME, approve-path=GLOB,"
                                + " approve-command=PREFIX or deny=FEEDBACK");
            }
            switch (kind) {
                case "approve-tool" -> tools.add(value);
                case "approve-path" -> {
                    try {
                        paths.add(FileSystems.getDefault().getPathMatcher("glob:" + value));
                        globs.add(value);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("'" + value + "' is not a glob such as src/** or *.md");
                    }
                }
                case "approve-command" -> {
                    if (SHELL_SPECIAL.matcher(value).find()) {
                        throw new IllegalArgumentException("approve-command='" + value
                                + "' chains, pipes or redirects: give the start of one plain command, e.g. npm test");
                    }
                    commands.add(SPACES.matcher(value).replaceAll(" "));
                }
                case "deny" -> {
                    if (deny != null) {
                        throw new IllegalArgumentException("deny= is given twice: give Roo one piece of feedback");
                    }
                    deny = value;
                }
                default ->
                    throw new IllegalArgumentException("'" + kind + "' is not a rule: use approve-tool=NAME,"
                            + " approve-path=GLOB, approve-command=PREFIX or deny=FEEDBACK");
            }
        }
        return new ApprovalRules(
                Set.copyOf(tools), List.copyOf(globs), List.copyOf(paths), List.copyOf(commands), deny);
    }

    /** Whether there are no rules at all. */
    public boolean isEmpty() {
        return tools.isEmpty() && paths.isEmpty() && commands.isEmpty() && denyFeedback == null;
    }

    /** What a rule approves of {@code ask} (e.g. {@code newFileCreated src/a.txt}), or empty. */
    public Optional<String> approves(PendingAsk ask) {
        if ("tool".equals(ask.ask())) {
            ToolAsk tool = ToolAsk.parse(ask.text()).orElse(null);
            if (tool == null
                    || tool.tool() == null
                    || Boolean.TRUE.equals(tool.isOutsideWorkspace())
                    || tool.isProtected()) {
                return Optional.empty();
            }
            Path path = workspacePath(tool.path());
            if (tool.path() != null && path == null) {
                return Optional.empty();
            }
            boolean byTool = tools.contains(tool.tool());
            boolean byPath = path != null && paths.stream().anyMatch(m -> m.matches(path));
            return byTool || byPath
                    ? Optional.of(tool.tool() + (tool.path() == null ? "" : " " + tool.path()))
                    : Optional.empty();
        }
        if ("command".equals(ask.ask())) {
            String command = ask.text() == null ? "" : ask.text().strip();
            if (command.isEmpty() || SHELL_SPECIAL.matcher(command).find()) {
                return Optional.empty();
            }
            String plain = SPACES.matcher(command).replaceAll(" ");
            return commands.stream().anyMatch(p -> plain.equals(p) || plain.startsWith(p + " "))
                    ? Optional.of("command " + plain)
                    : Optional.empty();
        }
        return Optional.empty();
    }

    /** The feedback that denies the asks no rule approves; empty: they wait for a person. */
    public Optional<String> denyFeedback() {
        return Optional.ofNullable(denyFeedback);
    }

    /** A relative path inside the workspace, or null for an absolute or escaping one. */
    private static Path workspacePath(String path) {
        if (path == null || path.isBlank()) {
            return null;
        }
        try {
            Path p = Path.of(path).normalize();
            return p.isAbsolute() || p.startsWith("..") ? null : p;
        } catch (InvalidPathException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        tools.forEach(t -> parts.add("approve tool " + t));
        globs.forEach(g -> parts.add("approve paths " + g));
        commands.forEach(c -> parts.add("approve command " + c));
        parts.add(denyFeedback == null ? "leave other approvals to a person" : "deny the rest");
        return String.join(", ", parts);
    }
}
