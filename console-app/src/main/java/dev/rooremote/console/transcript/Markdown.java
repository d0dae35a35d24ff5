package dev.rooremote.console.transcript;

import java.util.ArrayList;
import java.util.List;

/**
 * A small Markdown reader for assistant text: headings, paragraphs, bullet and numbered lists,
 * quotes, fenced code blocks, and inline code, bold and italics. Unclosed fences (text still
 * streaming) run to the end, so a half-streamed code block already shows as code.
 */
public final class Markdown {

    private Markdown() {}

    /** A block of the document. */
    public sealed interface Block {}

    public record Heading(int level, List<Span> spans) implements Block {}

    public record Paragraph(List<Span> spans) implements Block {}

    /** One list item; {@code marker} is "•" or "1." etc. */
    public record ListItem(String marker, int indent, List<Span> spans) implements Block {}

    public record Quote(List<Span> spans) implements Block {}

    public record Code(String language, String code) implements Block {}

    /** A run of inline text with one style. */
    public record Span(String text, Style style) {}

    public enum Style {
        PLAIN,
        BOLD,
        ITALIC,
        CODE
    }

    public static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return blocks;
        }
        String[] lines = text.replace("\r\n", "\n").split("\n", -1);
        StringBuilder paragraph = new StringBuilder();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i];
            String trimmed = line.trim();
            if (trimmed.startsWith("```")) {
                flush(paragraph, blocks);
                String language = trimmed.substring(3).trim();
                StringBuilder code = new StringBuilder();
                i++;
                while (i < lines.length && !lines[i].trim().startsWith("```")) {
                    if (code.length() > 0) {
                        code.append('\n');
                    }
                    code.append(lines[i]);
                    i++;
                }
                blocks.add(new Code(language, code.toString()));
                i++;
                continue;
            }
            if (trimmed.isEmpty()) {
                flush(paragraph, blocks);
            } else if (trimmed.startsWith("#")) {
                int level = 0;
                while (level < trimmed.length() && trimmed.charAt(level) == '#') {
                    level++;
                }
                if (level <= 6 && level < trimmed.length() && trimmed.charAt(level) == ' ') {
                    flush(paragraph, blocks);
                    blocks.add(new Heading(
                            level, inline(trimmed.substring(level + 1).trim())));
                } else {
                    appendLine(paragraph, trimmed);
                }
            } else if (isBullet(trimmed)) {
                flush(paragraph, blocks);
                blocks.add(new ListItem(
                        "•", indent(line), inline(trimmed.substring(2).trim())));
            } else if (numberedMarker(trimmed) != null) {
                flush(paragraph, blocks);
                String marker = numberedMarker(trimmed);
                blocks.add(new ListItem(
                        marker,
                        indent(line),
                        inline(trimmed.substring(marker.length()).trim())));
            } else if (trimmed.startsWith(">")) {
                flush(paragraph, blocks);
                blocks.add(new Quote(inline(trimmed.substring(1).trim())));
            } else {
                appendLine(paragraph, trimmed);
            }
            i++;
        }
        flush(paragraph, blocks);
        return blocks;
    }

    /** Splits inline text into plain, bold, italic and code spans. */
    public static List<Span> inline(String text) {
        List<Span> spans = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '`') {
                int end = text.indexOf('`', i + 1);
                if (end > i) {
                    addPlain(spans, plain);
                    spans.add(new Span(text.substring(i + 1, end), Style.CODE));
                    i = end + 1;
                    continue;
                }
            } else if (text.startsWith("**", i)) {
                int end = text.indexOf("**", i + 2);
                if (end > i + 2) {
                    addPlain(spans, plain);
                    spans.add(new Span(text.substring(i + 2, end), Style.BOLD));
                    i = end + 2;
                    continue;
                }
            } else if (c == '*' || c == '_') {
                int end = text.indexOf(c, i + 1);
                boolean wordStart = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
                if (wordStart && end > i + 1 && !Character.isWhitespace(text.charAt(i + 1))) {
                    addPlain(spans, plain);
                    spans.add(new Span(text.substring(i + 1, end), Style.ITALIC));
                    i = end + 1;
                    continue;
                }
            }
            plain.append(c);
            i++;
        }
        addPlain(spans, plain);
        return spans;
    }

    private static void addPlain(List<Span> spans, StringBuilder plain) {
        if (plain.length() > 0) {
            spans.add(new Span(plain.toString(), Style.PLAIN));
            plain.setLength(0);
        }
    }

    private static void appendLine(StringBuilder paragraph, String line) {
        if (paragraph.length() > 0) {
            paragraph.append(' ');
        }
        paragraph.append(line);
    }

    private static void flush(StringBuilder paragraph, List<Block> blocks) {
        if (paragraph.length() > 0) {
            blocks.add(new Paragraph(inline(paragraph.toString())));
            paragraph.setLength(0);
        }
    }

    private static boolean isBullet(String trimmed) {
        return trimmed.length() > 2
                && (trimmed.charAt(0) == '-' || trimmed.charAt(0) == '*' || trimmed.charAt(0) == '+')
                && trimmed.charAt(1) == ' ';
    }

    private static String numberedMarker(String trimmed) {
        int digits = 0;
        while (digits < trimmed.length() && digits < 4 && Character.isDigit(trimmed.charAt(digits))) {
            digits++;
        }
        if (digits > 0
                && digits + 1 < trimmed.length()
                && (trimmed.charAt(digits) == '.' || trimmed.charAt(digits) == ')')
                && trimmed.charAt(digits + 1) == ' ') {
            return trimmed.substring(0, digits + 1);
        }
        return null;
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n / 2;
    }
}
