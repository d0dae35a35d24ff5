package dev.rooremote.console.session;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** An image attached to a prompt, as the data URL the relay expects. */
public record Attachment(String name, long bytes, String dataUrl) {

    /** Largest image the console sends. */
    public static final long MAX_BYTES = 5L * 1024 * 1024;
    /** Most images per message. */
    public static final int MAX_COUNT = 5;

    private static final Map<String, String> TYPES = new LinkedHashMap<>();

    static {
        TYPES.put("png", "image/png");
        TYPES.put("jpg", "image/jpeg");
        TYPES.put("jpeg", "image/jpeg");
        TYPES.put("gif", "image/gif");
        TYPES.put("webp", "image/webp");
    }

    /** The file name extensions of the images the console sends. */
    public static final List<String> EXTENSIONS = List.copyOf(TYPES.keySet());

    /** Reads an image file; the message says what is wrong and what to do. Blocking. */
    public static Attachment read(Path file) throws IOException {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new IOException(name + " is not a PNG, JPEG, GIF or WebP image.");
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new IOException(String.format(
                    "%s is %.1f MB; images can be at most %d MB. Scale it down or crop it first.",
                    name, size / 1048576.0, MAX_BYTES / 1048576));
        }
        byte[] content = Files.readAllBytes(file);
        return new Attachment(
                name, size, "data:" + type + ";base64," + Base64.getEncoder().encodeToString(content));
    }
}
