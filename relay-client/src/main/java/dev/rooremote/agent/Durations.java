package dev.rooremote.agent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads durations like {@code 30s}, {@code 10m}, {@code 1h30m}, {@code 500ms} or ISO-8601 {@code PT30S}. */
final class Durations implements CommandLine.ITypeConverter<Duration> {

    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    static Duration parse(String value) {
        String text = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (text.startsWith("pt") || text.startsWith("p")) {
            try {
                return positive(Duration.parse(text.toUpperCase(Locale.ROOT)), value);
            } catch (DateTimeParseException e) {
                throw bad(value);
            }
        }
        Matcher m = PART.matcher(text);
        Duration total = Duration.ZERO;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                throw bad(value);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            Duration part;
            if (unit.equals("ms")) {
                part = Duration.ofMillis(n);
            } else if (unit.equals("s")) {
                part = Duration.ofSeconds(n);
            } else if (unit.equals("m")) {
                part = Duration.ofMinutes(n);
            } else if (unit.equals("h")) {
                part = Duration.ofHours(n);
            } else {
                part = Duration.ofDays(n);
            }
            total = total.plus(part);
            end = m.end();
        }
        if (end == 0 || end != text.length()) {
            throw bad(value);
        }
        return positive(total, value);
    }

    private static Duration positive(Duration d, String value) {
        if (d.isZero() || d.isNegative()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a positive duration");
        }
        return d;
    }

    private static CommandLine.TypeConversionException bad(String value) {
        return new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration: use a number with a unit, e.g. 30s, 10m, 1h or 1h30m");
    }
}
