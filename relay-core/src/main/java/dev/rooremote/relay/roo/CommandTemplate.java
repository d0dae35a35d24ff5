package dev.rooremote.relay.roo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A command line with {@code {placeholder}} parts. The template is split into arguments first (on
 * whitespace, honouring single and double quotes), then placeholders are replaced inside each argument,
 * so a replaced path with spaces stays one argument and is never seen by a shell.
 */
public final class CommandTemplate {

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
