package dev.rooremote.client;

import dev.rooremote.protocol.relay.RelayProtocol;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * A relay's address as a user writes it ({@code wss://host:port}), and the WebSocket and HTTPS
 * addresses derived from it. Plain {@code ws://} is accepted only for a loopback host.
 */
record RelayUrl(boolean secure, String host, int port) {

    static RelayUrl parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "the relay URL is empty: pass --url wss://HOST:PORT (or set ROO_RELAY_URL)");
        }
        URI uri;
        try {
            uri = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + text + "' is not a URL: expected wss://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean secure;
        if (scheme.equals("wss") || scheme.equals("https")) {
            secure = true;
        } else if (scheme.equals("ws") || scheme.equals("http")) {
            secure = false;
        } else {
            throw new IllegalArgumentException(
                    "'" + text + "' must start with wss:// (or ws:// for a relay on this machine)");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("'" + text + "' has no host: expected wss://HOST:PORT");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : (secure ? 443 : 80);
        if (!secure && !isLoopback(host)) {
            throw new IllegalArgumentException("plain " + scheme + ":// is only allowed to this machine (localhost);"
                    + " use wss://" + uri.getHost() + ":" + port + " so the connection is encrypted");
        }
        return new RelayUrl(secure, host, port);
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    URI webSocket() {
        return URI.create((secure ? "wss://" : "ws://") + authority() + RelayProtocol.WS_PATH);
    }

    URI http(String path) {
        return URI.create((secure ? "https://" : "http://") + authority() + path);
    }

    @Override
    public String toString() {
        return (secure ? "wss://" : "ws://") + authority();
    }
}
