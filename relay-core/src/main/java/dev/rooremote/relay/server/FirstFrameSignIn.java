package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.auth.AuthException;
import dev.rooremote.relay.auth.Identity;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A browser's WebSocket before it has signed in: its first frame must be {@code authenticate} with a
 * valid access token, within {@link #WITHIN}. Then it becomes a {@link ClientConnection} for that
 * identity, which answers the {@code authenticate} itself (an {@code ack}) exactly as it answers an
 * in-band renewal, so from there on the connection is like one opened with the token in its header.
 * Any other frame first, a bad token, or silence closes it with 1008 and the reason.
 */
public final class FirstFrameSignIn implements Session.Listener.AutoDemanding {

    private static final Logger LOG = LoggerFactory.getLogger(FirstFrameSignIn.class);

    static final Duration WITHIN = Duration.ofSeconds(10);
    /** An {@code authenticate} frame is a token and a few fields; anything longer is not one. */
    private static final int MAX_FIRST_FRAME = 16 * 1024;

    private static final String EXPECTED = "the first frame must be {\"type\":\"authenticate\",\"v\":1,\"id\":\"1\","
            + "\"token\":\"<access token>\"}";

    private final ConnectionServices services;
    private final String remote;
    private final FrameAssembler frames;
    private final AtomicBoolean decided = new AtomicBoolean();
    private volatile Session session;
    private volatile ScheduledFuture<?> deadline;
    private volatile ClientConnection connection;

    FirstFrameSignIn(ConnectionServices services, String remote) {
        this.services = services;
        this.remote = remote;
        this.frames = new FrameAssembler(MAX_FIRST_FRAME, this::first, () -> refuse(ErrorCode.BAD_REQUEST, EXPECTED));
    }

    @Override
    public void onWebSocketOpen(Session session) {
        this.session = session;
        deadline = services.timer()
                .schedule(
                        () -> refuse(
                                ErrorCode.UNAUTHORIZED,
                                "no 'authenticate' within " + WITHIN.toSeconds() + " s: sign in, then send it first"),
                        WITHIN.toMillis(),
                        TimeUnit.MILLISECONDS);
    }

    @Override
    public void onWebSocketPartialText(String fragment, boolean last) {
        ClientConnection signedIn = connection;
        if (signedIn != null) {
            signedIn.onWebSocketPartialText(fragment, last);
        } else if (!decided.get()) {
            frames.accept(fragment, last);
        }
    }

    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean last, Callback callback) {
        callback.succeed();
        if (connection == null) {
            refuse(ErrorCode.BAD_REQUEST, EXPECTED + " (a text frame)");
        }
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        cancelDeadline();
        ClientConnection signedIn = connection;
        if (signedIn != null) {
            signedIn.onWebSocketClose(statusCode, reason);
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        cancelDeadline();
        ClientConnection signedIn = connection;
        if (signedIn != null) {
            signedIn.onWebSocketError(cause);
        } else {
            LOG.debug("browser WebSocket from {} before sign-in: {}", remote, cause.toString());
        }
    }

    private void first(String text) {
        ClientMessage message;
        try {
            message = services.codec().decode(text);
        } catch (ProtocolException e) {
            refuse(ErrorCode.BAD_REQUEST, EXPECTED + "; it was not a valid request (" + e.getMessage() + ")");
            return;
        }
        if (!(message instanceof ClientMessage.Authenticate authenticate)) {
            refuse(ErrorCode.BAD_REQUEST, EXPECTED);
            return;
        }
        Identity identity;
        try {
            identity = services.auth().identify(authenticate.token());
        } catch (AuthException e) {
            refuse(ErrorCode.UNAUTHORIZED, e.getMessage());
            return;
        }
        if (!decided.compareAndSet(false, true)) {
            return; // the deadline passed meanwhile
        }
        cancelDeadline();
        ClientConnection signedIn = new ClientConnection(services, identity, remote);
        signedIn.onWebSocketOpen(session);
        connection = signedIn;
        // The connection answers the frame as any 'authenticate': it checks the token again and acks it.
        signedIn.onWebSocketPartialText(text, true);
    }

    /** Closes the connection with 1008 and {@code reason}, once, and records it like a refused upgrade. */
    private void refuse(ErrorCode code, String reason) {
        if (!decided.compareAndSet(false, true)) {
            return;
        }
        cancelDeadline();
        LOG.info("closed a browser WebSocket from {} before sign-in: {}", remote, LogText.of(reason));
        services.audit().refusedUpgrade(remote, code.wire(), reason);
        Session current = session;
        if (current != null) {
            current.close(StatusCode.POLICY_VIOLATION, Utf8.truncate(reason, 123), Callback.NOOP);
        }
    }

    private void cancelDeadline() {
        ScheduledFuture<?> pending = deadline;
        if (pending != null) {
            pending.cancel(false);
        }
    }
}
