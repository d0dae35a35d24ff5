package dev.rooremote.relay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.ClientMessage;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.RelayException;
import dev.rooremote.relay.auth.AuthException;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.session.Permissions;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A notification's Approve / Deny / Answer / Retry ({@code POST /v1/web/ask}): the web console's service worker
 * acts on exactly the ask the notification named (session, task, ask ts) without opening the page. It
 * has no access token, so it shows the login's HttpOnly refresh cookie (checked, not spent) under the
 * same rules as {@code /v1/web/refresh}: {@code X-Roo-Web: 1} and the relay's own {@code Origin}. The
 * answer goes through the sessions' own request path, so a stale or already answered ask is refused,
 * a viewer cannot act, and every attempt is audited.
 */
final class WebAskActions {

    private static final Logger LOG = LoggerFactory.getLogger(WebAskActions.class);

    static final String PATH = "/v1/web/ask";
    static final String DETAIL = "from a notification";
    private static final String RETRY = "retry";

    private final RelayServer relay;
    private final WebSignIn signIn;

    WebAskActions(RelayServer relay, WebSignIn signIn) {
        this.relay = relay;
        this.signIn = signIn;
    }

    void handle(Request request, Response response, Callback callback) {
        String address = Request.getRemoteAddr(request);
        try {
            WebSignIn.requireMethod(request.getMethod(), HttpMethod.POST);
            if (signIn.refusedForeign(request, response, callback, "web_ask", address)) {
                return;
            }
            ObjectNode body = HttpApi.readJson(request);
            Caller caller;
            try {
                caller = relay.auth().webCaller(signIn.cookie(request).orElse(null));
            } catch (AuthException e) {
                relay.audit().signIn("web_ask", null, address, e.code().wire(), e.getMessage());
                throw e;
            }
            ClientMessage.AskRequest ask = ask(body);
            if (RETRY.equals(body.path("action").asText()) && !failedRequest(ask)) {
                refuse(
                        caller,
                        ask,
                        response,
                        callback,
                        new RelayException(
                                ErrorCode.ASK_NOT_ANSWERABLE,
                                "retry answers a failed request to the model; the ask you named is not one"));
                return;
            }
            act(caller, ask, response, callback);
        } catch (AuthException e) {
            WebSignIn.error(response, callback, e.status(), e.code().wire(), e.getMessage());
        } catch (HttpApi.BadRequest e) {
            WebSignIn.error(response, callback, e.status, ErrorCode.BAD_REQUEST.wire(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} failed", PATH, e);
            WebSignIn.error(
                    response,
                    callback,
                    500,
                    ErrorCode.INTERNAL_ERROR.wire(),
                    "the relay failed; its log has the details");
        }
    }

    /** The request the notification's action stands for, naming its ask; a 400 saying what is wrong otherwise. */
    static ClientMessage.AskRequest ask(ObjectNode body) {
        String session = HttpApi.text(body, "session");
        String taskId = HttpApi.text(body, "taskId");
        JsonNode ts = body.get("askTs");
        if (ts == null || !ts.canConvertToLong() || !ts.isIntegralNumber()) {
            throw new HttpApi.BadRequest(
                    400, "'askTs' must be the ask's timestamp (a whole number), as the notification carries it");
        }
        String id = "web-ask-" + UUID.randomUUID();
        String action = HttpApi.text(body, "action");
        try {
            return switch (action) {
                // Roo's Retry of a failed request is its yes, as Approve is: the bridge answers it.
                case "approve", RETRY -> new ClientMessage.Approve(id, session, taskId, ts.asLong());
                case "deny" -> new ClientMessage.Deny(id, session, taskId, ts.asLong(), null);
                case "answer" ->
                    new ClientMessage.AnswerAsk(id, session, taskId, ts.asLong(), HttpApi.text(body, "answer"));
                default ->
                    throw new HttpApi.BadRequest(
                            400, "'action' must be approve, deny, answer or retry, not '" + LogText.of(action) + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new HttpApi.BadRequest(400, e.getMessage());
        }
    }

    /**
     * Whether the named ask is a failed model request waiting now. When another ask waits, or none, the
     * request is still made: it names that ask's ts, so the sessions refuse it as stale in their words.
     */
    private boolean failedRequest(ClientMessage.AskRequest ask) {
        if (!relay.eventLog().isOpen(ask.sessionId())) {
            return true;
        }
        return relay.eventLog()
                .read(ask.sessionId(), SessionState::pendingAsk)
                .filter(p -> p.taskId().equals(ask.taskId()) && p.ts() == ask.askTs())
                .map(p -> "api_req_failed".equals(p.ask()))
                .orElse(true);
    }

    private void act(Caller caller, ClientMessage.AskRequest ask, Response response, Callback callback) {
        Role required = Permissions.required(ask);
        if (!caller.role().atLeast(required)) {
            refuse(
                    caller,
                    ask,
                    response,
                    callback,
                    new RelayException(
                            ErrorCode.FORBIDDEN,
                            "'" + caller.name() + "' has the " + caller.role().wire() + " role; answering Roo needs "
                                    + required.wire() + " or higher (ask an admin)"));
            return;
        }
        if (!relay.eventLog().isOpen(ask.sessionId())) {
            refuse(
                    caller,
                    ask,
                    response,
                    callback,
                    new RelayException(
                            ErrorCode.UNKNOWN_SESSION, "no session '" + ask.sessionId() + "' on this relay any more"));
            return;
        }
        relay.sessionHub().perform(caller, ask).whenComplete((outcome, failure) -> {
            if (failure == null) {
                String detail = outcome.auditDetail() == null ? DETAIL : DETAIL + ": " + outcome.auditDetail();
                relay.audit().record(caller, ask, null, "ok", detail);
                ObjectNode answer = RooJson.object();
                answer.put("ok", true);
                answer.put("session", ask.sessionId());
                HttpApi.json(response, callback, 200, answer);
                return;
            }
            Throwable cause =
                    failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RelayException e) {
                refuse(caller, ask, response, callback, e);
            } else {
                LOG.error("{} on session {} by {} failed", PATH, ask.sessionId(), caller.name(), cause);
                relay.audit().record(caller, ask, null, ErrorCode.INTERNAL_ERROR.wire(), DETAIL);
                WebSignIn.error(
                        response,
                        callback,
                        500,
                        ErrorCode.INTERNAL_ERROR.wire(),
                        "the relay failed on this request; its log has the details");
            }
        });
    }

    private void refuse(
            Caller caller, ClientMessage.AskRequest ask, Response response, Callback callback, RelayException e) {
        relay.audit().record(caller, ask, null, e.code().wire(), DETAIL + ": " + e.getMessage());
        int status =
                switch (e.code()) {
                    case FORBIDDEN -> 403;
                    case UNKNOWN_SESSION -> 404;
                    case BAD_REQUEST -> 400;
                    default -> 409;
                };
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        WebSignIn.error(response, callback, status, e.code().wire(), e.getMessage());
    }
}
