package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.auth.Identity;
import dev.rooremote.relay.session.Caller;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's WebSocket: its frames are gathered ({@link FrameAssembler}), its requests checked and
 * answered ({@link ClientRequests}), and everything it is sent, acks and its subscribed sessions'
 * events alike, goes through its {@link OutboundQueue}.
 */
public final class ClientConnection implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
    /** A close frame's reason is at most 123 bytes of UTF-8 (RFC 6455, 5.5). */
    private static final int MAX_CLOSE_REASON_BYTES = 123;

    private final ConnectionServices services;
    private final ConnectionCredentials credentials;
    private final Caller caller;
    private final String remote;
    private final OutboundQueue outbound;
    private final Subscriptions subscriptions;
    private final ClientRequests requests;
    private final FrameAssembler frames;
    private volatile Session session;

    ClientConnection(ConnectionServices services, Identity identity, String remote) {
        this.services = services;
        this.credentials = new ConnectionCredentials(identity, services.auth(), services.clock());
        this.caller = identity.caller();
        this.remote = remote;
        this.outbound = new OutboundQueue(caller.name() + " from " + remote, services, this::shutdown);
        this.subscriptions = new Subscriptions(services.eventLog(), outbound::send, outbound::remainingCapacity);
        this.requests = new ClientRequests(credentials, services, subscriptions, outbound::send, this::signOut);
        this.frames =
                new FrameAssembler(services.limits().maxFrameBytes(), requests::onText, requests::onFrameTooLarge);
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        outbound.attach(session);
        services.connections().add(this);
        LOG.info(
                "client connected: {} ({}) from {}",
                caller.name(),
                caller.role().wire(),
                remote);
    }

    /**
     * Frames over the limit, however large, get {@code frame_too_large} and the connection stays open.
     */
    @Override
    public void onWebSocketPartialText(String fragment, boolean last) {
        frames.accept(fragment, last);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        shutdown();
        LOG.info("client disconnected: {} from {} ({} {})", caller.name(), remote, statusCode, LogText.of(reason));
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        LOG.debug("client {} from {}: {}", caller.name(), remote, cause.toString());
        shutdown();
    }

    /** A session's summary changed: tell this client if it said hello and may see the session. */
    void sessionStatus(SessionInfo info) {
        requests.sessionStatus(info);
    }

    /** Ends the connection when its credentials no longer hold (see {@link ConnectionCredentials}). */
    void endIfSignedOut() {
        credentials
                .endReason()
                .ifPresent(reason -> signOut(ServerMessage.Error.of(null, ErrorCode.UNAUTHORIZED, reason)));
    }

    /** Sends {@code last}, the error that says why, then closes the connection: its credentials no longer hold. */
    private void signOut(ServerMessage.Error last) {
        if (outbound.finish(last, StatusCode.POLICY_VIOLATION, Utf8.truncate(last.message(), MAX_CLOSE_REASON_BYTES))) {
            LOG.info("closing the connection of {} from {}: {}", caller.name(), remote, LogText.of(last.message()));
            services.audit().signedOut(caller, last.message());
        }
    }

    void close(int code, String reason) {
        Session current = session;
        if (current != null && current.isOpen()) {
            current.close(code, Utf8.truncate(reason, MAX_CLOSE_REASON_BYTES), Callback.NOOP);
        }
    }

    private void shutdown() {
        outbound.close();
        subscriptions.clear();
        services.connections().remove(this);
    }
}
