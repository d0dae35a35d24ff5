package dev.rooremote.relay.roo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A command line with {@code {placeholder}} parts. The template is split into arguments first (on
 * whitespace, honouring single and double quotes), then placeholders are replaced inside each argument,
 * so a replaced path with spaces stays one argument and is never seen by a shell.
 */
public final class CommandTemplate {

    private static final Set<String> VS_CODE_CLIS = Set.of("code", "code-insiders", "codium", "code-oss");

    private final String template;
    private final List<String> arguments;

    public CommandTemplate(String template) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the command template is empty: give the command that starts VS Code");
        }
        this.template = template;
        this.arguments = split(template);
    }

    public List<String> expand(Map<String, String> values) {
        List<String> out = new ArrayList<>(arguments.size());
        for (String argument : arguments) {
            String expanded = argument;
            for (Map.Entry<String, String> e : values.entrySet()) {
                expanded = expanded.replace("{" + e.getKey() + "}", e.getValue());
            }
            out.add(expanded);
        }
        return out;
    }

    /** Whether the template has {@code {name}} somewhere. */
    public boolean uses(String name) {
        return template.contains("{" + name + "}");
    }

    /**
     * The VS Code command line tool the template runs ({@code code}, {@code code-insiders}, {@code codium}
     * or {@code code-oss}, by file name, possibly behind a wrapper such as {@code xvfb-run}), if it runs one.
     */
    public Optional<String> vsCodeCli() {
        for (String argument : arguments) {
            if (argument.contains("{")) {
                continue;
            }
            int slash = argument.lastIndexOf('/');
            String name = argument.substring(slash + 1);
            if (VS_CODE_CLIS.contains(name)) {
                return Optional.of(argument);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return template;
    }

    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inArgument = true;
            } else if (Character.isWhitespace(c)) {
                if (inArgument) {
                    out.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
            } else {
                current.append(c);
                inArgument = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unbalanced " + quote + " quote in the command template: " + line);
        }
        if (inArgument) {
            out.add(current.toString());
        }
        return out;
    }
}
