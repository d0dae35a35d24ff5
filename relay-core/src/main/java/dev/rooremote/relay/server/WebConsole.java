package dev.rooremote.relay.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.jar.JarEntry;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console's files, read from a classpath folder (the {@code web-console} module's jar puts
 * the built console in {@code web-console/}): {@code /} is {@code index.html}; a path that is not a
 * file falls back to {@code index.html} when it has no dot (a route of the page itself), and is 404
 * otherwise; a path with {@code ..}, encoded or not, is 404. Hashed assets are cached for a year,
 * everything else is revalidated. Every answer carries a strict Content-Security-Policy: no inline
 * script or style, nothing from another origin.
 */
final class WebConsole {

    private static final Logger LOG = LoggerFactory.getLogger(WebConsole.class);

    /** The classpath folder of the real console. */
    static final String FOLDER = "web-console";

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data: blob:; connect-src 'self'; manifest-src 'self'; worker-src 'self';"
            + " font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String NO_CACHE = "no-cache";
    private static final String INDEX = "index.html";
    private static final String ASSETS = "assets/";

    /** The types a built web app is made of; anything else by Jetty's table. */
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json; charset=utf-8"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("wasm", "application/wasm"));

    private static final String NO_CONSOLE_PAGE = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>roo-relay</title></head>
            <body><h1>roo-relay</h1>
            <p>This build of roo-relay has no web console. Use roo-console or roo-agent to connect,
            or run a roo-relay built with the web-console module.</p></body></html>
            """;

    private final String folder;
    private final ClassLoader loader;
    private final boolean present;

    /** @param folder the classpath folder holding {@code index.html} and {@code assets/} */
    WebConsole(String folder) {
        this.folder = folder.endsWith("/") ? folder : folder + "/";
        this.loader = WebConsole.class.getClassLoader();
        this.present = file(INDEX) != null;
    }

    /** True when the classpath holds the console's {@code index.html}. */
    boolean present() {
        return present;
    }

    void handle(Request request, Response response, Callback callback) {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            headers.put(HttpHeader.ALLOW, "GET, HEAD");
            text(response, callback, 405, "use GET for the web console's files\n", false);
            return;
        }
        String name = name(request);
        if (name == null) {
            text(response, callback, 404, "not found\n", head);
            return;
        }
        if (!present) {
            if (name.isEmpty() || name.equals(INDEX)) {
                headers.put(HttpHeader.CACHE_CONTROL, NO_CACHE);
                send(
                        response,
                        callback,
                        200,
                        "text/html; charset=utf-8",
                        NO_CONSOLE_PAGE.getBytes(StandardCharsets.UTF_8),
                        head);
            } else {
                text(response, callback, 404, "not found: this build of roo-relay has no web console\n", head);
            }
            return;
        }
        if (name.isEmpty()) {
            name = INDEX;
        }
        URL file = file(name);
        if (file == null) {
            String last = name.substring(name.lastIndexOf('/') + 1);
            if (last.contains(".")) {
                text(response, callback, 404, "not found\n", head);
                return;
            }
            name = INDEX;
            file = file(INDEX);
        }
        byte[] body;
        try (InputStream in = file.openStream()) {
            body = in.readAllBytes();
        } catch (IOException e) {
            LOG.warn("cannot read the web console's {}: {}", name, e.toString());
            text(response, callback, 500, "the relay cannot read this file; its log has the details\n", head);
            return;
        }
        headers.put(HttpHeader.CACHE_CONTROL, name.startsWith(ASSETS) ? IMMUTABLE : NO_CACHE);
        send(response, callback, 200, type(name), body, head);
    }

    /**
     * The file a request names, relative to the folder ({@code ""} for the root), or null when the path
     * climbs ({@code ..}, also percent-encoded) or holds characters no file of the console has.
     */
    private static String name(Request request) {
        String raw = request.getHttpURI().getPath();
        if (raw == null || raw.toLowerCase(Locale.ROOT).contains("%2e") || raw.contains("\\")) {
            return null;
        }
        String path = Request.getPathInContext(request);
        if (path == null || !path.startsWith("/") || path.indexOf('\0') >= 0 || path.contains("\\")) {
            return null;
        }
        for (String segment : (raw + "/" + path).split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                return null;
            }
        }
        return path.substring(1);
    }

    /** The classpath URL of a regular file in the folder, or null (missing, or a directory). */
    private URL file(String name) {
        if (name.isEmpty() || name.endsWith("/") || name.contains("//")) {
            return null;
        }
        URL url = loader.getResource(folder + name);
        if (url == null) {
            return null;
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Files.isRegularFile(Path.of(url.toURI())) ? url : null;
            }
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection jar) {
                JarEntry entry = jar.getJarEntry();
                return entry != null && !entry.isDirectory() ? url : null;
            }
            return url;
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String type(String name) {
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String known = TYPES.get(extension);
        if (known != null) {
            return known;
        }
        String jetty = MimeTypes.DEFAULTS.getMimeByExtension(name);
        return jetty != null ? jetty : "application/octet-stream";
    }

    private static void text(Response response, Callback callback, int status, String text, boolean head) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        send(response, callback, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), head);
    }

    private static void send(Response response, Callback callback, int status, String type, byte[] body, boolean head) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Long.toString(body.length));
        response.write(true, head ? null : ByteBuffer.wrap(body), callback);
    }
}
