package dev.rooremote.client;

import dev.rooremote.protocol.relay.RelayProtocol;
import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.glassfish.tyrus.client.ClientManager;
import org.glassfish.tyrus.client.ClientProperties;
import org.glassfish.tyrus.client.SslEngineConfigurator;
import org.glassfish.tyrus.ext.extension.deflate.PerMessageDeflateExtension;

/** Opens WebSocket connections to the relay: TLS as trusted, the bearer token, compression. */
final class Dialer {

    private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());

    private final ClientConfig config;
    private final TlsTrust.Context tls;
    private final ClientManager manager = ClientManager.createClient();

    Dialer(ClientConfig config, TlsTrust.Context tls) {
        this.config = config;
        this.tls = tls;
        manager.getProperties()
                // Tyrus reads an Integer here and silently ignores a Long (it then waits 30 s).
                .put(ClientProperties.HANDSHAKE_TIMEOUT, (int)
                        Math.min(Integer.MAX_VALUE, config.connectTimeout().toMillis()));
        manager.getProperties()
                .put(ClientProperties.INCOMING_BUFFER_SIZE, RelayProtocol.DEFAULT_MAX_FRAME_BYTES + 4096);
        manager.setDefaultMaxTextMessageBufferSize(RelayProtocol.DEFAULT_MAX_FRAME_BYTES);
        if (config.url().secure()) {
            // Engines for the relay's port too, so that the WebSocket resumes the sign-in's TLS session.
            java.net.URI uri = config.url().webSocket();
            SslEngineConfigurator ssl = new SslEngineConfigurator(
                    new RelaySslContext(tls.sslContext(), uri.getPort() == -1 ? 443 : uri.getPort()),
                    true,
                    false,
                    false);
            ssl.setHostVerificationEnabled(config.trust().verifiesHostName());
            manager.getProperties().put(ClientProperties.SSL_ENGINE_CONFIGURATOR, ssl);
        }
    }

    /** Connects {@code link}; blocks until the upgrade succeeded or failed. */
    void dial(Link link, Credentials.AccessToken access) throws DeploymentException, IOException {
        ClientEndpointConfig endpoint = ClientEndpointConfig.Builder.create()
                .configurator(new ClientEndpointConfig.Configurator() {
                    @Override
                    public void beforeRequest(Map<String, List<String>> headers) {
                        headers.put("Authorization", List.of("Bearer " + access.value()));
                        headers.put("User-Agent", List.of(config.clientName()));
                    }
                })
                // Streamed events repeat most of their envelope: compressed, a reply costs about its size.
                .extensions(List.of(new PerMessageDeflateExtension()))
                .build();
        manager.connectToServer(link, endpoint, config.url().webSocket());
    }

    /** What a failed {@link #dial} means for the next attempt. */
    DialFailure explain(Throwable failure) {
        return DialFailure.of(failure, tls, config.url());
    }

    void shutdown() {
        try {
            manager.shutdown();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "stopping the WebSocket client failed", e);
        }
    }
}
