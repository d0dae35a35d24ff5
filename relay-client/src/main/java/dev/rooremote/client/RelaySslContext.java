package dev.rooremote.client;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The client's SSL context as the WebSocket sees it: every engine is made, from the same context and
 * so the same trust and the same session cache, for the relay's host <em>and port</em>, asking for
 * the same endpoint check as the JDK's HTTP client does.
 *
 * <p>The JDK resumes a TLS session (a TLS 1.3 pre-shared key from the relay's session ticket) only on
 * an engine made for the host and port the session came from, and only when both connections asked
 * for the same endpoint check. The HTTP client (sign-in, refresh) names both and always asks for
 * "HTTPS"; Tyrus, through Grizzly, names the host with port -1. Without this the WebSocket never
 * resumes the sign-in's session and pays a second full handshake, certificate and all.
 *
 * <p>Trust is unchanged: a session is resumed only from the same context, whose trust manager checked
 * the relay's certificate when the session was made. What "HTTPS" means is the trust manager's: the
 * system one checks the host name (as Tyrus already asks it to), a pinned one checks the certificate
 * itself ({@link PinnedTrustManager}).
 */
final class RelaySslContext extends SSLContext {

    RelaySslContext(SSLContext context, int port) {
        super(new Spi(context, port), context.getProvider(), context.getProtocol());
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext context;
        private final int port;

        Spi(SSLContext context, int port) {
            this.context = context;
            this.port = port;
        }

        @Override
        protected void engineInit(KeyManager[] keys, TrustManager[] trust, SecureRandom random)
                throws KeyManagementException {
            throw new KeyManagementException("the relay's SSL context is already set up");
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return context.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int ignoredPort) {
            SSLEngine engine = context.createSSLEngine(host, port);
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(parameters);
            return engine;
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return context.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return context.getServerSocketFactory();
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return context.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return context.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return context.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return context.getSupportedSSLParameters();
        }
    }
}
