package dev.rooremote.relay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.auth.AuthException;
import dev.rooremote.relay.auth.AuthService;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the relay's port: login, refresh, health, the session list and metrics, answered in JSON; every
 * other path outside {@code /v1/} is the web console's ({@link WebConsole}).
 */
final class HttpApi extends Handler.Abstract {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
    private static final int MAX_BODY = 64 * 1024;
    private static final String JSON = "application/json; charset=utf-8";

    private final RelayServer relay;
    private final WebConsole console;
    private final WebSignIn web;
    private final WebAskActions askActions;
    private final WebPasskeys passkeys;
    private final SessionsEndpoint sessions;

    HttpApi(RelayServer relay, WebConsole console) {
        this.relay = relay;
        this.console = console;
        this.web = new WebSignIn(relay);
        this.askActions = new WebAskActions(relay, web);
        this.passkeys = new WebPasskeys(relay, web);
        this.sessions = new SessionsEndpoint(relay);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String method = request.getMethod();
        try {
            switch (path) {
                case RelayProtocol.LOGIN_PATH -> {
                    requireMethod(method, HttpMethod.POST);
                    ObjectNode body = readJson(request);
                    String user = text(body, "username");
                    String address = Request.getRemoteAddr(request);
                    AuthService.Tokens tokens;
                    try {
                        tokens = relay.auth().login(user, text(body, "password"), address);
                    } catch (AuthException e) {
                        relay.audit().signIn("login", user, address, e.code().wire(), e.getMessage());
                        throw e;
                    }
                    relay.audit().signIn("login", tokens.user(), address, "ok", null);
                    json(response, callback, 200, tokens(tokens));
                }
                case RelayProtocol.REFRESH_PATH -> {
                    requireMethod(method, HttpMethod.POST);
                    ObjectNode body = readJson(request);
                    String address = Request.getRemoteAddr(request);
                    AuthService.Tokens tokens;
                    try {
                        tokens = relay.auth().refresh(text(body, "refreshToken"));
                    } catch (AuthException e) {
                        relay.audit().signIn("refresh", null, address, e.code().wire(), e.getMessage());
                        throw e;
                    }
                    relay.audit().signIn("refresh", tokens.user(), address, "ok", null);
                    json(response, callback, 200, tokens(tokens));
                }
                case RelayProtocol.HEALTH_PATH -> {
                    requireMethod(method, HttpMethod.GET);
                    ObjectNode health = RooJson.object();
                    Optional<String> storeProblem = relay.eventLog().storeProblem();
                    health.put("status", storeProblem.isEmpty() ? "ok" : "degraded");
                    health.put("version", RelayVersion.get());
                    if (relay.config().relayName() != null) {
                        health.put("relay", relay.config().relayName());
                    }
                    health.put("sessions", relay.sessionHub().sessionIds().size());
                    health.put("uptimeSeconds", relay.uptime().toSeconds());
                    storeProblem.ifPresent(problem -> {
                        health.put("problem", "events are not being stored: " + problem);
                        health.put("unstoredEvents", relay.eventLog().unstored());
                    });
                    if (relay.eventLog().notKept() > 0) {
                        health.put("notKeptEvents", relay.eventLog().notKept());
                    }
                    // Still serving live sessions, but a monitor should page someone: 503.
                    json(response, callback, storeProblem.isEmpty() ? 200 : 503, health);
                }
                case RelayProtocol.SESSIONS_PATH -> {
                    requireMethod(method, HttpMethod.GET);
                    sessions.handle(request, response, callback);
                }
                case RelayProtocol.METRICS_PATH -> {
                    requireMethod(method, HttpMethod.GET);
                    response.setStatus(200);
                    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
                    Content.Sink.write(response, true, relay.metrics().scrape(), callback);
                }
                default -> {
                    if (path.equals(WebAskActions.PATH)) {
                        askActions.handle(request, response, callback);
                        return true;
                    }
                    if (WebPasskeys.serves(path)) {
                        passkeys.handle(path, request, response, callback);
                        return true;
                    }
                    if (WebSignIn.serves(path)) {
                        web.handle(path, request, response, callback);
                        return true;
                    }
                    if (!path.startsWith("/v1/") && !path.equals("/v1")) {
                        console.handle(request, response, callback);
                        return true;
                    }
                    error(
                            response,
                            callback,
                            404,
                            ErrorCode.BAD_REQUEST,
                            "no such endpoint '" + path + "': the relay serves " + RelayProtocol.WS_PATH + ", "
                                    + RelayProtocol.LOGIN_PATH + ", " + RelayProtocol.REFRESH_PATH + ", "
                                    + RelayProtocol.HEALTH_PATH + ", " + RelayProtocol.SESSIONS_PATH + " and "
                                    + RelayProtocol.METRICS_PATH);
                }
            }
        } catch (AuthException e) {
            if (e.retryAfterSeconds() > 0) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            }
            if (e.status() == 401) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            }
            error(response, callback, e.status(), e.code(), e.getMessage());
        } catch (BadRequest e) {
            error(response, callback, e.status, ErrorCode.BAD_REQUEST, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", LogText.of(method), LogText.of(path), e);
            error(response, callback, 500, ErrorCode.INTERNAL_ERROR, "the relay failed; its log has the details");
        }
        return true;
    }

    private static void requireMethod(String method, HttpMethod expected) {
        if (!expected.is(method)) {
            throw new BadRequest(405, "use " + expected.asString() + " for this endpoint");
        }
    }

    static ObjectNode readJson(Request request) {
        long length = request.getLength();
        if (length > MAX_BODY) {
            throw new BadRequest(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        String body;
        try {
            body = Content.Source.asString(request, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new BadRequest(400, "cannot read the request body: " + e.getMessage());
        }
        if (body.length() > MAX_BODY) {
            throw new BadRequest(413, "the body is larger than " + MAX_BODY + " bytes");
        }
        JsonNode node;
        try {
            node = RooJson.parse(body);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(400, "the body is not valid JSON: " + e.getMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new BadRequest(400, "the body must be a JSON object");
        }
        return object;
    }

    static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new BadRequest(400, "'" + field + "' is required and must be a string");
        }
        return value.asText();
    }

    private static ObjectNode tokens(AuthService.Tokens tokens) {
        ObjectNode answer = RooJson.object();
        answer.put("accessToken", tokens.accessToken());
        answer.put("refreshToken", tokens.refreshToken());
        answer.put("expiresIn", tokens.expiresIn());
        answer.put("role", tokens.role().wire());
        answer.put("user", tokens.user());
        return answer;
    }

    static void error(Response response, Callback callback, int status, ErrorCode code, String message) {
        ObjectNode body = RooJson.object();
        body.put("code", code.wire());
        body.put("message", message);
        json(response, callback, status, body);
    }

    static void json(Response response, Callback callback, int status, JsonNode body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        Content.Sink.write(response, true, RooJson.write(body), callback);
    }

    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        BadRequest(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}
