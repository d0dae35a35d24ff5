package dev.rooremote.agent;

import static java.util.Map.entry;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The relay's messages in roo-agent's words: a relay request named in a message ("use send_message to
 * continue") becomes the roo-agent command that sends it ("use 'roo-agent send' to continue").
 */
final class CliWords {

    private static final Map<String, String> COMMANDS = Map.ofEntries(
            entry("send_message", "roo-agent send"),
            entry("answer_ask", "roo-agent send"),
            entry("start_task", "roo-agent run"),
            entry("cancel_task", "roo-agent cancel"),
            entry("resume_task", "roo-agent resume"),
            entry("get_history", "roo-agent history"),
            entry("get_transcript", "roo-agent transcript"),
            entry("list_sessions", "roo-agent sessions"),
            entry("get_settings", "roo-agent settings get"),
            entry("update_settings", "roo-agent settings set"),
            entry("get_profiles", "roo-agent settings profiles"),
            entry("use_profile", "roo-agent settings use-profile"));

    private static final Pattern REQUEST = Pattern.compile("'?\\b(" + String.join("|", COMMANDS.keySet()) + ")\\b'?");

    private CliWords() {}

    static String reword(String message) {
        if (message == null) {
            return null;
        }
        Matcher m = REQUEST.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("'" + COMMANDS.get(m.group(1)) + "'"));
        }
        m.appendTail(out);
        return out.toString();
    }
}
