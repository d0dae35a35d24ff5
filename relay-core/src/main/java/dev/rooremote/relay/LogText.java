package dev.rooremote.relay;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.regex.Pattern;

/**
 * Text from outside the relay (a login name, a request path, a close reason, an error that quotes a
 * client's input) as it may appear in a log or audit line: one line, never a forged one. A value that
 * could break the line's structure (line breaks, control characters, spaces, quotes, '=') is written
 * as a JSON string literal, escapes included.
 */
public final class LogText {

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:@/+\\-]{1,200}");
    private static final int MAX_CHARS = 2000;

    private LogText() {}

    /** {@code value} as it is when it is plain, or quoted and escaped; {@code -} for null. */
    public static String of(Object value) {
        if (value == null) {
            return "-";
        }
        String text = value.toString();
        if (PLAIN.matcher(text).matches()) {
            return text;
        }
        return quoted(text);
    }

    /** {@code value} always quoted and escaped, cut to 2,000 characters. */
    public static String quoted(String value) {
        String text = value.length() > MAX_CHARS ? value.substring(0, MAX_CHARS) + "..." : value;
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
    }
}
