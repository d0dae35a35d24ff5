package dev.rooremote.relay.demo;

import java.util.ArrayList;
import java.util.List;

/** How the demo Roo cuts what it streams: text into growing prefixes, a command's output a line at a time. */
final class DemoChunks {

    private static final int CHUNK_CODE_POINTS = 16;

    private DemoChunks() {}

    /**
     * Where the growing prefixes a stream sends end, cut at code point boundaries. Each prefix is cut
     * only when it is sent: a long reply's prefixes together are quadratic in its length.
     */
    static int[] prefixEnds(String text) {
        List<Integer> out = new ArrayList<>();
        int offset = 0;
        while (offset < text.length()) {
            for (int n = 0; n < CHUNK_CODE_POINTS && offset < text.length(); n++) {
                offset += Character.charCount(text.codePointAt(offset));
            }
            out.add(offset);
        }
        return out.isEmpty()
                ? new int[] {0}
                : out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The growing output a command shows, a line at a time (blank lines join the next one). */
    static List<String> linePrefixes(String output) {
        List<String> out = new ArrayList<>();
        int end = output.indexOf('\n');
        while (end >= 0) {
            if (!output.substring(0, end).isBlank() && output.charAt(end - 1) != '\n') {
                out.add(output.substring(0, end + 1));
            }
            end = output.indexOf('\n', end + 1);
        }
        if (out.isEmpty() || !out.get(out.size() - 1).equals(output)) {
            out.add(output);
        }
        return out;
    }
}
