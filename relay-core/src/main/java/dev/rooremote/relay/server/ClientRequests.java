package dev.rooremote.relay.server;

import dev.rooremote.protocol.relay.AckResult;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.ProtocolException;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.ServerMessage;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.relay.TaskSummary;
import dev.rooremote.protocol.roo.ClineMessage;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.auth.AuthException;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.session.Permissions;
import dev.rooremote.relay.session.SessionHub;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's requests, a frame at a time: rate-limited, decoded, checked against the caller's role
 * and session scope, then answered here (hello, ping, lists, subscriptions, history, transcripts) or
 * carried out by the sessions. Each gets an ack or an error; every request that changes a session is
 * audited, and every request refused (but for frames that are not requests, and those over the rate).
 */
final class ClientRequests {

    private static final Logger LOG = LoggerFactory.getLogger(ClientRequests.class);

    private final ConnectionCredentials credentials;
    private final Caller caller;
    private final ConnectionServices services;
    private final Subscriptions subscriptions;
    private final Consumer<ServerMessage> send;
    private final Consumer<ServerMessage.Error> signOut;
    private final RateLimiter limiter;
    private volatile boolean helloed;

    /**
     * @param send queues a frame for the client
     * @param signOut sends its error, which says why, and ends the connection: its credentials no longer hold
     */
    ClientRequests(
            ConnectionCredentials credentials,
            ConnectionServices services,
            Subscriptions subscriptions,
            Consumer<ServerMessage> send,
            Consumer<ServerMessage.Error> signOut) {
        this.credentials = credentials;
        this.caller = credentials.caller();
        this.services = services;
        this.subscriptions = subscriptions;
        this.send = send;
        this.signOut = signOut;
        Limits limits = services.limits();
        this.limiter = new RateLimiter(limits.requestsPerSecond(), limits.requestBurst(), System.nanoTime());
    }

    /** A whole frame from the client. */
    void onText(String text) {
        boolean allowed = limiter.tryAcquire(System.nanoTime());
        ClientMessage request;
        try {
            request = services.codec().decode(text);
        } catch (ProtocolException e) {
            send.accept(e.toError());
            return;
        }
        if (!allowed) {
            send.accept(ServerMessage.Error.of(
                    request.id(), ErrorCode.RATE_LIMITED, services.limits().tooFast("on this connection")));
            return;
        }
        if (!(request instanceof ClientMessage.Ping || request instanceof ClientMessage.Authenticate)
                && credentials.expired()) {
            refuse(
                    request,
                    error(
                            request,
                            ErrorCode.TOKEN_EXPIRED,
                            "this connection's access token has expired: send 'authenticate' with a fresh one"
                                    + " (refresh it first), then repeat the request"));
            return;
        }
        try {
            dispatch(request);
        } catch (SignedOut e) {
            ServerMessage.Error answer = error(request, e.code(), e.getMessage());
            services.audit().record(caller, request, null, answer.code().wire(), answer.message());
            signOut.accept(answer);
        } catch (RelayException e) {
            refuse(request, error(request, e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("request {} from {} failed", request.getClass().getSimpleName(), caller.name(), e);
            refuse(
                    request,
                    error(
                            request,
                            ErrorCode.INTERNAL_ERROR,
                            "the relay failed on this request; its log has the details"));
        }
    }

    /** Answers a request with an error and records the refusal in the audit log. */
    private void refuse(ClientMessage request, ServerMessage.Error answer) {
        // recorded first: whoever reads the audit after the answer finds the refusal there
        services.audit().record(caller, request, null, answer.code().wire(), answer.message());
        send.accept(answer);
    }

    /** A frame over the limit ended: it counts as a request, and is answered {@code frame_too_large}. */
    void onFrameTooLarge() {
        limiter.tryAcquire(System.nanoTime());
        send.accept(ServerMessage.Error.of(
                null,
                ErrorCode.FRAME_TOO_LARGE,
                "frame is larger than " + services.limits().maxFrameBytes() + " bytes; send smaller images or text"));
    }

    /** A session's summary changed: tell this client if it said hello and may see the session. */
    void sessionStatus(SessionInfo info) {
        if (helloed && caller.maySee(info.sessionId())) {
            send.accept(new ServerMessage.SessionStatus(info));
        }
    }

    private void dispatch(ClientMessage request) {
        if (request instanceof ClientMessage.Hello hello) {
            hello(hello);
        } else if (request instanceof ClientMessage.Ping ping) {
            send.accept(new ServerMessage.Ack(
                    ping.id(), new AckResult.Pong(services.clock().millis())));
        } else if (request instanceof ClientMessage.Authenticate authenticate) {
            authenticate(authenticate);
        } else if (request instanceof ClientMessage.ListSessions list) {
            send.accept(new ServerMessage.Ack(list.id(), new AckResult.Sessions(visibleSessions())));
        } else if (request instanceof ClientMessage.SessionRequest sessionRequest) {
            sessionRequest(sessionRequest);
        } else if (DeviceRequests.handles(request)) {
            checkSignedIn();
            send.accept(new DeviceRequests(services).answer(request, credentials.identity()));
        } else if (PushRequests.handles(request)) {
            checkSignedIn();
            send.accept(new PushRequests(services).answer(request, credentials.identity()));
        } else {
            send.accept(error(
                    request,
                    ErrorCode.UNKNOWN_TYPE,
                    "this relay does not handle '" + request.getClass().getSimpleName() + "'"));
        }
    }

    private void authenticate(ClientMessage.Authenticate authenticate) {
        try {
            credentials.renew(authenticate.token());
        } catch (AuthException e) {
            throw new RelayException(ErrorCode.UNAUTHORIZED, e.getMessage());
        }
        send.accept(new ServerMessage.Ack(authenticate.id(), null));
    }

    /** Before a request that changes a session: the credentials still hold, or the connection ends. */
    private void checkSignedIn() {
        try {
            credentials.recheck();
        } catch (AuthException e) {
            throw new SignedOut("signed out: " + e.getMessage());
        }
    }

    /** The connection's credentials no longer hold: the request is refused and the connection ends. */
    private static final class SignedOut extends RelayException {
        private static final long serialVersionUID = 1L;

        SignedOut(String message) {
            super(ErrorCode.UNAUTHORIZED, message);
        }
    }

    private void hello(ClientMessage.Hello hello) {
        helloed = true;
        send.accept(new ServerMessage.Welcome(
                hello.id(),
                RelayProtocol.VERSION,
                RelayVersion.get(),
                caller.name(),
                caller.role(),
                visibleSessions()));
        hello.resume().forEach((sessionId, seq) -> {
            try {
                checkVisible(sessionId);
                subscriptions.subscribe(sessionId, seq);
            } catch (RelayException e) {
                send.accept(new ServerMessage.Error(null, e.code(), "cannot resume: " + e.getMessage(), sessionId));
            }
        });
    }

    private void sessionRequest(ClientMessage.SessionRequest request) {
        String sessionId = request.sessionId();
        if (request instanceof ClientMessage.Unsubscribe unsubscribe) {
            subscriptions.unsubscribe(sessionId);
            send.accept(new ServerMessage.Ack(unsubscribe.id(), null));
            return;
        }
        boolean changes = Permissions.required(request).compareTo(Role.VIEWER) > 0;
        checkAllowed(request);
        checkVisible(sessionId);
        if (changes) {
            checkSignedIn();
        }
        if (request instanceof ClientMessage.Subscribe subscribe) {
            long seq = subscriptions.subscribe(sessionId, subscribe.fromSeq());
            send.accept(new ServerMessage.Ack(subscribe.id(), new AckResult.Subscribed(sessionId, seq)));
        } else if (request instanceof ClientMessage.GetHistory history) {
            List<TaskSummary> tasks = services.eventLog().read(sessionId, SessionState::history);
            send.accept(new ServerMessage.Ack(history.id(), new AckResult.History(sessionId, tasks)));
        } else if (request instanceof ClientMessage.GetTranscript transcript) {
            send.accept(new ServerMessage.Ack(transcript.id(), transcript(sessionId, transcript.taskId())));
        } else {
            services.limits().images().check(images(request));
            execute(request, changes);
        }
    }

    private AckResult.Transcript transcript(String sessionId, String taskId) {
        AckResult.Transcript result = services.eventLog().read(sessionId, state -> {
            Optional<TaskSummary> task = state.task(taskId);
            Optional<List<ClineMessage>> messages = state.transcript(taskId);
            return task.isEmpty() ? null : new AckResult.Transcript(sessionId, task.get(), messages.orElse(List.of()));
        });
        if (result == null) {
            throw new RelayException(
                    ErrorCode.UNKNOWN_TASK,
                    "session '" + sessionId + "' has no task '" + taskId + "': get_history lists its tasks");
        }
        return result;
    }

    private void execute(ClientMessage.SessionRequest request, boolean changes) {
        CompletableFuture<SessionHub.Outcome> future;
        try {
            future = services.sessions().perform(caller, request);
        } catch (RuntimeException e) {
            future = CompletableFuture.failedFuture(e);
        }
        future.whenComplete((outcome, failure) -> {
            if (failure == null) {
                AckResult result = outcome.result();
                if (changes) {
                    // recorded first: whoever reads the audit after the ack finds the request there
                    String taskId = result instanceof AckResult.TaskStarted started ? started.taskId() : null;
                    services.audit().record(caller, request, taskId, "ok", outcome.auditDetail());
                }
                send.accept(new ServerMessage.Ack(request.id(), result));
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            ServerMessage.Error answer;
            if (cause instanceof RelayException relayException) {
                answer = error(request, relayException.code(), relayException.getMessage());
            } else {
                LOG.error(
                        "{} on session {} by {} failed",
                        request.getClass().getSimpleName(),
                        request.sessionId(),
                        caller.name(),
                        cause);
                answer = error(
                        request, ErrorCode.INTERNAL_ERROR, "the relay failed on this request; its log has the details");
            }
            refuse(request, answer);
        });
    }

    private void checkAllowed(ClientMessage request) {
        Role required = Permissions.required(request);
        if (!caller.role().atLeast(required)) {
            throw new RelayException(
                    ErrorCode.FORBIDDEN,
                    "'" + caller.name() + "' has the " + caller.role().wire() + " role; this request needs "
                            + required.wire() + " or higher (ask an admin)");
        }
    }

    private void checkVisible(String sessionId) {
        if (!caller.maySee(sessionId)) {
            throw new RelayException(
                    ErrorCode.FORBIDDEN, "this token is limited to other sessions than '" + sessionId + "'");
        }
        if (!services.eventLog().isOpen(sessionId)) {
            throw new RelayException(
                    ErrorCode.UNKNOWN_SESSION,
                    "no session '" + sessionId + "' on this relay: list_sessions shows them");
        }
    }

    private static List<String> images(ClientMessage.SessionRequest request) {
        if (request instanceof ClientMessage.StartTask start) {
            return start.images();
        }
        return request instanceof ClientMessage.SendMessage message ? message.images() : List.of();
    }

    private List<SessionInfo> visibleSessions() {
        return SessionsEndpoint.visible(caller, services.sessions(), services.eventLog());
    }

    private static ServerMessage.Error error(ClientMessage request, ErrorCode code, String message) {
        String sessionId = request instanceof ClientMessage.SessionRequest s ? s.sessionId() : null;
        return new ServerMessage.Error(request.id(), code, message, sessionId);
    }
}
