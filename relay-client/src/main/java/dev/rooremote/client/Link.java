package dev.rooremote.client;

import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.relay.ServerMessage;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One WebSocket connection to the relay. It decodes frames on the WebSocket library's threads and
 * hands them to the event thread; when too many wait there, it hangs up instead of buffering more,
 * so the client resumes from its last applied event as the relay does with a slow client.
 */
final class Link extends Endpoint {

    private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());

    /** Receives a link's life on the event thread; frames of a link that was replaced are to be ignored. */
    interface Handler {
        void opened(Link link);

        void received(Link link, ServerMessage message);

        void dropped(Link link, String reason, Throwable cause);
    }

    /** Frames received and not yet handled, counted across the client's links. */
    static final class Backlog {
        private final AtomicInteger queued = new AtomicInteger();
        private final int max;

        Backlog(int max) {
            this.max = max;
        }
    }

    private final RelayCodec codec;
    private final EventLoop loop;
    private final Backlog backlog;
    private final Handler handler;
    private volatile Session session;
    private volatile boolean dropping;
    private volatile long lastHeard = System.nanoTime();

    Link(RelayCodec codec, EventLoop loop, Backlog backlog, Handler handler) {
        this.codec = codec;
        this.loop = loop;
        this.backlog = backlog;
        this.handler = handler;
    }

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        this.session = session;
        session.setMaxTextMessageBufferSize(RelayProtocol.DEFAULT_MAX_FRAME_BYTES);
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
        loop.execute(() -> handler.opened(this));
    }

    private void onText(String text) {
        lastHeard = System.nanoTime();
        if (dropping) {
            return;
        }
        ServerMessage message;
        try {
            message = codec.decodeServer(text);
        } catch (ProtocolException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring a frame from the relay: " + e.getMessage());
            return;
        }
        if (backlog.queued.incrementAndGet() > backlog.max) {
            backlog.queued.decrementAndGet();
            dropping = true;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "listeners fell " + backlog.max + " frames behind; reconnecting to resume");
            closeLater(new CloseReason(CloseReason.CloseCodes.TRY_AGAIN_LATER, "client fell behind; it will resume"));
            return;
        }
        loop.execute(() -> {
            backlog.queued.decrementAndGet();
            handler.received(this, message);
        });
    }

    @Override
    public void onClose(Session session, CloseReason reason) {
        String phrase = reason.getReasonPhrase();
        String text = "connection closed (" + reason.getCloseCode().getCode()
                + (phrase == null || phrase.isEmpty() ? "" : ": " + phrase) + ")";
        loop.execute(() -> handler.dropped(this, text, null));
    }

    @Override
    public void onError(Session session, Throwable error) {
        loop.execute(() -> handler.dropped(this, "connection failed: " + Failures.describe(error), error));
    }

    /** How long since the relay last sent anything on this link. */
    long silentMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastHeard);
    }

    /** Closes the WebSocket from the connector thread (closing may block). */
    void closeLater(CloseReason reason) {
        loop.connect(() -> close(reason));
    }

    /** Closes the WebSocket now (on the caller's thread). */
    void close(CloseReason reason) {
        Session s = session;
        if (s == null) {
            return;
        }
        try {
            s.close(reason);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing the WebSocket failed", e);
        }
    }

    void send(ClientMessage message, Consumer<Throwable> onFailure) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            onFailure.accept(new IOException("not connected"));
            return;
        }
        try {
            s.getAsyncRemote().sendText(codec.encode(message), result -> {
                if (!result.isOK()) {
                    onFailure.accept(result.getException());
                }
            });
        } catch (RuntimeException e) {
            onFailure.accept(e);
        }
    }
}
