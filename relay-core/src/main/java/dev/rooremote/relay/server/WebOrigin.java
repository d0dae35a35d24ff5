package dev.rooremote.relay.server;

import dev.rooremote.relay.auth.PasskeyCeremonies;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * Whether a browser's request comes from the relay's own page: its {@code Origin} must be the
 * relay's origin, the scheme of the port and the host and port of the request's {@code Host}
 * header. Without TLS ({@code --plain}, loopback only) the host must also be a loopback name or
 * address, so a page whose DNS name was rebound to 127.0.0.1 is not the relay's own.
 */
final class WebOrigin {

    private WebOrigin() {}

    /** The relay's own origin as this request reached it, e.g. {@code https://relay.example:8443}. */
    static String own(Request request) {
        String scheme = request.isSecure() ? "https" : "http";
        String host = Request.getServerName(request);
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + ":" + Request.getServerPort(request);
    }

    /**
     * The relay as a passkey sees it: the origin a browser writes into WebAuthn client data (no
     * default port) and the RP ID, the host the browser reached. Passkeys are bound to that host, so
     * a relay reached under a new name needs its passkeys added again.
     */
    static PasskeyCeremonies.RelyingParty relyingParty(Request request) {
        boolean secure = request.isSecure();
        String host = bare(Request.getServerName(request)).toLowerCase(Locale.ROOT);
        int port = Request.getServerPort(request);
        String shown = host.contains(":") ? "[" + host + "]" : host;
        String origin = (secure ? "https" : "http") + "://" + shown + (port == (secure ? 443 : 80) ? "" : ":" + port);
        return new PasskeyCeremonies.RelyingParty(origin, host);
    }

    /** The request's {@code Origin} header, or null. */
    static String of(Request request) {
        return request.getHeaders().get(HttpHeader.ORIGIN);
    }

    /** True when {@code origin} is the relay's own origin for this request. */
    static boolean isOwn(Request request, String origin) {
        if (origin == null || origin.isBlank()) {
            return false;
        }
        URI uri;
        try {
            uri = new URI(origin.trim());
        } catch (URISyntaxException e) {
            return false;
        }
        String scheme = uri.getScheme();
        String host = uri.getHost();
        if (scheme == null || host == null || uri.getRawUserInfo() != null) {
            return false;
        }
        String path = uri.getRawPath();
        if ((path != null && !path.isEmpty()) || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return false;
        }
        String expectedScheme = request.isSecure() ? "https" : "http";
        if (!scheme.equalsIgnoreCase(expectedScheme)) {
            return false;
        }
        int port = uri.getPort() < 0 ? (request.isSecure() ? 443 : 80) : uri.getPort();
        String ownHost = bare(Request.getServerName(request));
        if (!bare(host).equalsIgnoreCase(ownHost) || port != Request.getServerPort(request)) {
            return false;
        }
        return request.isSecure() || loopback(ownHost);
    }

    private static String bare(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** A loopback name or address literal; never a DNS lookup. */
    private static boolean loopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost")
                || h.matches("127(\\.\\d{1,3}){3}")
                || h.equals("::1")
                || h.equals("0:0:0:0:0:0:0:1");
    }
}
