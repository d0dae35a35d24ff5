package dev.rooremote.relay.server;

import dev.rooremote.relay.tls.TlsIdentity;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where and how the relay listens.
 *
 * @param tls the certificate to serve, or null with {@code plain}
 * @param plain serve HTTP/WS without TLS: only allowed on a loopback address
 * @param webConsole the classpath folder the web console is served from (default {@code web-console})
 */
public record ServerConfig(
        String bind, int port, boolean plain, TlsIdentity tls, Limits limits, String webConsole, String relayName) {

    public ServerConfig(String bind, int port, boolean plain, TlsIdentity tls, Limits limits) {
        this(bind, port, plain, tls, limits, null, null);
    }

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "--port " + port + " is out of range: use 1 to 65535 (0 picks a free port)");
        }
        if (plain) {
            if (!isLoopback(bind)) {
                throw new IllegalArgumentException(
                        "--plain serves without TLS, so it is only allowed on a loopback address;"
                                + " use --bind 127.0.0.1, or drop --plain to serve TLS on " + bind);
            }
        } else if (tls == null) {
            throw new IllegalArgumentException("a TLS certificate is required unless --plain is given");
        }
        limits = limits == null ? Limits.defaults() : limits;
        webConsole = webConsole == null ? WebConsole.FOLDER : webConsole;
    }

    public static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind " + host + " is not a known address or host name");
        }
    }
}
