package dev.rooremote.client;

import dev.rooremote.protocol.relay.RelayProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** Image files read as the data URLs that {@link RelayClient#startTask} takes. */
public final class ImageFiles {

    private static final Map<String, String> TYPES = Map.of(
            "png", "image/png", "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif", "webp", "image/webp");

    private ImageFiles() {}

    /**
     * The file as a {@code data:image/...;base64,...} URL. Throws {@link IllegalArgumentException}
     * saying what is wrong when the file is missing, not a png, jpeg, gif or webp (by its name), or
     * too large for a relay frame.
     */
    public static String dataUrl(Path file) throws IOException {
        String name = file.getFileName() == null ? "" : file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            throw new IllegalArgumentException("not a png, jpeg, gif or webp file (by its name)");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file");
        }
        long size = Files.size(file);
        if (size > RelayProtocol.DEFAULT_MAX_FRAME_BYTES / 2) {
            throw new IllegalArgumentException(size + " bytes is too large; the relay accepts frames up to "
                    + RelayProtocol.DEFAULT_MAX_FRAME_BYTES + " bytes");
        }
        return "data:" + type + ";base64," + Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    /** True for a {@code data:image/...;base64,...} URL. */
    public static boolean isDataUrl(String text) {
        return text.startsWith("data:image/") && text.contains(";base64,");
    }
}
