package dev.rooremote.client;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.RelayCodec;
import dev.rooremote.protocol.relay.ServerMessage;
import jakarta.websocket.CloseReason;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * The client's link to the relay over time: connects, says hello (asking to resume every watched
 * session), and whenever an attempt fails or the link drops, tries again after a capped
 * exponential backoff with jitter, unless retrying cannot help (refused credentials, a changed
 * certificate, or a first connection that failed). Runs on the event thread, but for the
 * attempts themselves, which block on the connector thread.
 */
final class Connection implements Link.Handler {

    private static final System.Logger LOG = System.getLogger(RelayClient.class.getName());

    private final ClientConfig config;
    private final EventLoop loop;
    private final ClientStatus status;
    private final Dialer dialer;
    private final TokenRefresher tokens;
    private final Requests requests;
    private final Watches watches;
    private final KnownSessions sessions;
    private final Inbox inbox;
    private final KeepAlive keepAlive;
    private final RelayCodec codec = new RelayCodec();
    private final Link.Backlog backlog;

    private Link current;
    private boolean welcomed;
    private boolean everConnected;
    private int failedAttempts;
    private CompletableFuture<ServerMessage.Welcome> firstWelcome;
    private ScheduledFuture<?> helloTimeout;

    Connection(
            ClientConfig config,
            EventLoop loop,
            ClientStatus status,
            Dialer dialer,
            TokenRefresher tokens,
            Requests requests,
            Watches watches,
            KnownSessions sessions) {
        this.config = config;
        this.loop = loop;
        this.status = status;
        this.dialer = dialer;
        this.tokens = tokens;
        this.requests = requests;
        this.watches = watches;
        this.sessions = sessions;
        this.inbox = new Inbox(requests, watches, sessions);
        this.keepAlive = new KeepAlive(loop, requests, config.keepAlive());
        this.backlog = new Link.Backlog(config.maxBufferedFrames());
        tokens.onRenewed(this::renewed);
    }

    /** Called with errors the relay sent without naming a request. */
    void addErrorListener(Consumer<RelayErrorException> listener) {
        inbox.addErrorListener(listener);
    }

    /** From any thread: completes with the first welcome, or fails when the client gives up. */
    CompletableFuture<ServerMessage.Welcome> connect() {
        CompletableFuture<ServerMessage.Welcome> result = new CompletableFuture<>();
        loop.execute(() -> {
            if (status.closed()) {
                result.completeExceptionally(new RelayConnectionException("the client is closed"));
                return;
            }
            if (firstWelcome != null && !firstWelcome.isCompletedExceptionally()) {
                firstWelcome.whenComplete((w, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else {
                        result.complete(w);
                    }
                });
                return;
            }
            firstWelcome = result;
            failedAttempts = 0;
            status.set(ConnectionState.of(ConnectionState.Status.CONNECTING));
            loop.connect(() -> attempt(false));
        });
        return result;
    }

    /** The caller closed the client: fails what waits and hangs up. */
    void close() {
        status.set(ConnectionState.of(ConnectionState.Status.CLOSED));
        failAll(new RelayConnectionException("the client was closed"));
        watches.close();
        keepAlive.stop();
        Link link = current;
        current = null;
        if (link != null) {
            link.close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "client closed"));
        }
    }

    private void attempt(boolean renewed) {
        if (status.closed()) {
            return;
        }
        Link link = new Link(codec, loop, backlog, this);
        try {
            dialer.dial(link, tokens.token(renewed));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (Failures.httpStatus(e) == 401 && !renewed) {
                attempt(true);
                return;
            }
            loop.execute(() -> attemptFailed(e));
        }
    }

    private void attemptFailed(Throwable e) {
        if (status.closed()) {
            return;
        }
        DialFailure failure = dialer.explain(e);
        boolean retry =
                switch (failure.retry()) {
                    case NEVER -> false;
                    case LATER -> true;
                    case IF_EVER_CONNECTED -> everConnected || config.retryFirstConnect();
                };
        if (retry) {
            scheduleReconnect(Failures.describe(failure.failure()), failure.failure(), failure.retryAfter());
        } else {
            fail(failure.failure());
        }
    }

    private void fail(Throwable failure) {
        status.set(new ConnectionState(ConnectionState.Status.FAILED, null, Failures.describe(failure), failure));
        Throwable reported = failure instanceof RuntimeException
                ? failure
                : new RelayConnectionException(failure.getMessage(), failure);
        if (firstWelcome != null) {
            firstWelcome.completeExceptionally(reported);
        }
        failAll(
                reported instanceof RelayConnectionException rce
                        ? rce
                        : new RelayConnectionException("the client gave up: " + reported.getMessage(), reported));
    }

    private void failAll(RelayConnectionException failure) {
        requests.failAll(failure);
        watches.failAll(failure);
    }

    private void scheduleReconnect(String reason, Throwable failure, Duration retryAfter) {
        Duration delay = retryAfter != null
                ? retryAfter
                : Backoff.delay(failedAttempts, config.reconnectInitial(), config.reconnectMax());
        failedAttempts++;
        status.set(new ConnectionState(ConnectionState.Status.RECONNECTING, delay, reason, failure));
        loop.later(delay.toMillis(), () -> {
            if (status.closed() || current != null) {
                return;
            }
            status.set(new ConnectionState(ConnectionState.Status.CONNECTING, null, reason, failure));
            loop.connect(() -> attempt(false));
        });
    }

    @Override
    public void opened(Link link) {
        if (status.closed()) {
            link.closeLater(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "client closed"));
            return;
        }
        current = link;
        welcomed = false;
        requests.opened(link);
        ClientMessage.Hello hello =
                new ClientMessage.Hello(requests.nextId(), config.clientName(), watches.resumePoints());
        requests.expect(hello, helloReply(link));
        link.send(hello, e -> loop.execute(() -> dropped(link, "cannot send hello: " + Failures.describe(e), e)));
        helloTimeout = loop.later(config.requestTimeout().toMillis(), () -> {
            if (current == link && !welcomed) {
                link.closeLater(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "no welcome from the relay"));
                dropped(link, "the relay did not answer hello in time", null);
            }
        });
    }

    /** A relay that acks or refuses hello instead of welcoming resumes nothing: every watch subscribes anew. */
    private Requests.Reply helloReply(Link link) {
        return new Requests.Reply() {
            @Override
            public void answered(AckResult result) {
                if (!welcomed) {
                    welcomed(link, null);
                }
            }

            @Override
            public void refused(RelayErrorException error) {
                LOG.log(System.Logger.Level.WARNING, "the relay refused hello: " + error.getMessage());
                if (!welcomed) {
                    welcomed(link, null);
                }
            }
        };
    }

    @Override
    public void received(Link link, ServerMessage message) {
        if (link != current || status.closed()) {
            return;
        }
        if (message instanceof ServerMessage.Welcome w) {
            requests.forget(w.id());
            if (!welcomed) {
                welcomed(link, w);
            }
        } else {
            inbox.route(message);
        }
    }

    private void welcomed(Link link, ServerMessage.Welcome w) {
        welcomed = true;
        everConnected = true;
        failedAttempts = 0;
        EventLoop.cancel(helloTimeout);
        if (w != null) {
            sessions.welcomed(w);
        }
        status.set(ConnectionState.of(ConnectionState.Status.CONNECTED));
        watches.welcomed(w != null);
        requests.welcomed();
        keepAlive.start(link, () -> dropped(link, "the relay stopped answering", null));
        tokens.schedule();
        if (firstWelcome != null && w != null) {
            firstWelcome.complete(w);
        }
    }

    /**
     * A fresh access token: the open connection takes it in band, so its requests are never refused
     * as expired. A relay that refuses it has signed this client out or does not know the token: the
     * connection is dropped and the next attempt says why. A relay too old to renew in band is left be.
     */
    private void renewed(Credentials.AccessToken token) {
        Link link = current;
        if (link == null || !welcomed) {
            return;
        }
        requests.send(new ClientMessage.Authenticate(requests.nextId(), token.value()), new Requests.Reply() {
            @Override
            public void answered(AckResult result) {}

            @Override
            public void refused(RelayErrorException error) {
                if (error.code() == ErrorCode.UNKNOWN_TYPE || link != current) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, "the relay refused the renewed token: " + error.getMessage());
                link.closeLater(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "renewed token refused"));
                dropped(link, "the relay refused the renewed token: " + error.getMessage(), error);
            }
        });
    }

    @Override
    public void dropped(Link link, String reason, Throwable cause) {
        if (link != current) {
            return;
        }
        current = null;
        welcomed = false;
        keepAlive.stop();
        EventLoop.cancel(helloTimeout);
        watches.dropped();
        requests.dropped(reason);
        if (status.closed()) {
            return;
        }
        if (!everConnected && !config.retryFirstConnect()) {
            fail(new RelayConnectionException("cannot connect to " + config.url() + ": " + reason, cause));
            return;
        }
        scheduleReconnect(reason, cause, null);
    }
}
