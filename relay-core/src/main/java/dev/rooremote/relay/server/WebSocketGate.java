package dev.rooremote.relay.server;

import dev.rooremote.relay.LogText;
import dev.rooremote.relay.auth.AuthException;
import dev.rooremote.relay.auth.Identity;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerUpgradeRequest;
import org.eclipse.jetty.websocket.server.ServerUpgradeResponse;
import org.eclipse.jetty.websocket.server.WebSocketCreator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who may open a WebSocket on {@code /v1/ws}. An upgrade that carries an {@code Origin} (a browser's)
 * is refused with 403 unless it comes from the relay's own page, so another site cannot open a
 * connection with a visitor's credentials (cross-site WebSocket hijacking). A same-origin upgrade
 * without {@code Authorization} (a browser cannot send one) is let in to sign in with its first frame
 * ({@link FirstFrameSignIn}); every other upgrade needs a valid bearer token, as always.
 */
final class WebSocketGate implements WebSocketCreator {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketGate.class);

    private final ConnectionServices services;

    WebSocketGate(ConnectionServices services) {
        this.services = services;
    }

    @Override
    public Object createWebSocket(ServerUpgradeRequest request, ServerUpgradeResponse response, Callback callback) {
        String remote = Request.getRemoteAddr(request);
        String origin = WebOrigin.of(request);
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (origin != null && !WebOrigin.isOwn(request, origin)) {
            String reason = "a WebSocket from another site's page (Origin " + LogText.of(origin)
                    + ") is refused: open the relay's own page, " + WebOrigin.own(request);
            LOG.info("refused WebSocket from {}: {}", remote, reason);
            services.audit().refusedUpgrade(remote, WebSignIn.FORBIDDEN_ORIGIN, reason);
            WebSignIn.error(response, callback, 403, WebSignIn.FORBIDDEN_ORIGIN, reason);
            return null;
        }
        if (origin != null && authorization == null) {
            return new FirstFrameSignIn(services, remote);
        }
        try {
            Identity identity = services.auth().identify(bearer(authorization));
            return new ClientConnection(services, identity, remote);
        } catch (AuthException e) {
            LOG.info("refused WebSocket from {}: {}", remote, LogText.of(e.getMessage()));
            services.audit().refusedUpgrade(remote, e.code().wire(), e.getMessage());
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            HttpApi.error(response, callback, e.status(), e.code(), e.getMessage());
            return null;
        }
    }

    /** The token of an {@code Authorization: Bearer} header, or null. */
    static String bearer(String header) {
        if (header == null) {
            return null;
        }
        String trimmed = header.trim();
        return trimmed.regionMatches(true, 0, "Bearer ", 0, 7)
                ? trimmed.substring(7).trim()
                : null;
    }
}
