package dev.rooremote.relay.server;

/** UTF-8 sizes without encoding. */
final class Utf8 {
    private Utf8() {}

    static long length(CharSequence text) {
        long bytes = 0;
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes++;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** {@code text} cut to at most {@code maxBytes} of UTF-8 at a code point boundary, ending in an ellipsis when cut. */
    static String truncate(String text, int maxBytes) {
        if (length(text) <= maxBytes) {
            return text;
        }
        int budget = maxBytes - 3;
        int end = 0;
        while (end < text.length()) {
            int next = text.offsetByCodePoints(end, 1);
            budget -= (int) length(text.substring(end, next));
            if (budget < 0) {
                break;
            }
            end = next;
        }
        return text.substring(0, end) + "\u2026";
    }
}
