package dev.rooremote.protocol.relay;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Objects;

/**
 * One step of a streamed text: either text appended to what the receiver already has, or a
 * replacement of all of it. Roo sends the whole text so far with every update; forwarding only
 * the appended part keeps the bytes on the wire linear in the reply's length.
 *
 * <p>Exactly one of {@code append} and {@code replace} is set.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TextDelta(String append, String replace) {

    public TextDelta {
        if ((append == null) == (replace == null)) {
            throw new IllegalArgumentException("a text delta has exactly one of 'append' and 'replace'");
        }
    }

    public static TextDelta append(String text) {
        return new TextDelta(Objects.requireNonNull(text), null);
    }

    public static TextDelta replace(String text) {
        return new TextDelta(null, Objects.requireNonNull(text));
    }

    /**
     * The delta that turns {@code previous} into {@code next}, or {@code null} when they are equal.
     * An append is used when {@code next} extends {@code previous} at a code-point boundary;
     * otherwise the whole of {@code next} replaces it.
     */
    public static TextDelta between(String previous, String next) {
        if (next == null) {
            return null;
        }
        if (previous == null) {
            return replace(next);
        }
        if (previous.equals(next)) {
            return null;
        }
        if (!previous.isEmpty()
                && next.startsWith(previous)
                && !Character.isHighSurrogate(previous.charAt(previous.length() - 1))) {
            return append(next.substring(previous.length()));
        }
        return replace(next);
    }

    /** Applies this delta to {@code previous} (null counts as empty). */
    public String applyTo(String previous) {
        if (replace != null) {
            return replace;
        }
        return previous == null ? append : previous + append;
    }

    /** Applies {@code delta} to {@code previous}; a null delta leaves it unchanged. */
    public static String apply(String previous, TextDelta delta) {
        return delta == null ? previous : delta.applyTo(previous);
    }
}
