package dev.rooremote.relay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.auth.AuthException;
import dev.rooremote.relay.auth.AuthService;
import dev.rooremote.relay.auth.PasskeyChallenges;
import dev.rooremote.relay.auth.RefreshTokens;
import java.io.IOException;
import java.util.Optional;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in for the web console ({@code /v1/web/...}): the same accounts, throttle, refresh-token
 * families and audit as {@code /v1/auth/...}, but the refresh token lives only in an HttpOnly,
 * SameSite=Strict cookie, never in a body, and every request that uses or makes credentials must
 * come from the relay's own page ({@code X-Roo-Web: 1} and a same-origin {@code Origin}), so
 * another site can neither sign in nor refresh in a visitor's name. A user with passkeys signs in in
 * two steps: the password (or pairing code) answers {@code passkeyRequired} with a challenge, and
 * {@code /v1/web/login/passkey} takes the passkey's assertion; only then are tokens and cookie issued.
 */
final class WebSignIn {

    private static final Logger LOG = LoggerFactory.getLogger(WebSignIn.class);

    static final String INFO_PATH = "/v1/web/info";
    static final String LOGIN_PATH = "/v1/web/login";
    static final String PASSKEY_PATH = "/v1/web/login/passkey";
    static final String REFRESH_PATH = "/v1/web/refresh";
    static final String LOGOUT_PATH = "/v1/web/logout";
    static final String PAIR_PATH = "/v1/web/pair";

    /** The refresh cookie on TLS: {@code __Host-} binds it to this origin, path {@code /}, Secure. */
    static final String TLS_COOKIE = "__Host-roo-refresh";
    /** The refresh cookie with {@code --plain} (loopback only), where Secure cookies cannot be set. */
    static final String PLAIN_COOKIE = "roo-refresh";

    static final String FORBIDDEN_ORIGIN = "forbidden_origin";
    static final String WEB_HEADER = "X-Roo-Web";

    private final RelayServer relay;

    WebSignIn(RelayServer relay) {
        this.relay = relay;
    }

    /** True when {@code path} is one of these endpoints. */
    static boolean serves(String path) {
        return path.equals(INFO_PATH)
                || path.equals(LOGIN_PATH)
                || path.equals(PASSKEY_PATH)
                || path.equals(REFRESH_PATH)
                || path.equals(LOGOUT_PATH)
                || path.equals(PAIR_PATH);
    }

    void handle(String path, Request request, Response response, Callback callback) {
        String method = request.getMethod();
        String address = Request.getRemoteAddr(request);
        String action = "web_" + path.substring(path.lastIndexOf('/') + 1);
        try {
            if (path.equals(INFO_PATH)) {
                requireMethod(method, HttpMethod.GET);
                ObjectNode info = RooJson.object();
                info.put("version", RelayVersion.get());
                info.put("fingerprint", relay.fingerprint());
                info.put("tls", !relay.plain());
                info.put("pushKey", relay.push().applicationServerKey());
                HttpApi.json(response, callback, 200, info);
                return;
            }
            requireMethod(method, HttpMethod.POST);
            if (refusedForeign(request, response, callback, action, address)) {
                return;
            }
            if (!(path.equals(LOGIN_PATH) || path.equals(PAIR_PATH) || path.equals(PASSKEY_PATH))) {
                discardBody(request);
            }
            switch (path) {
                case LOGIN_PATH -> login(request, response, callback, address);
                case PAIR_PATH -> pair(request, response, callback, address);
                case PASSKEY_PATH -> passkey(request, response, callback, address);
                case REFRESH_PATH -> refresh(request, response, callback, address);
                default -> logout(request, response, callback, address);
            }
        } catch (AuthException e) {
            if (e.retryAfterSeconds() > 0) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            }
            if (e.status() == 401 && path.equals(REFRESH_PATH)) {
                clearCookie(response);
            }
            error(response, callback, e.status(), e.code().wire(), e.getMessage());
        } catch (HttpApi.BadRequest e) {
            error(response, callback, e.status, ErrorCode.BAD_REQUEST.wire(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", LogText.of(method), LogText.of(path), e);
            error(
                    response,
                    callback,
                    500,
                    ErrorCode.INTERNAL_ERROR.wire(),
                    "the relay failed; its log has the details");
        }
    }

    private void login(Request request, Response response, Callback callback, String address) {
        ObjectNode body = HttpApi.readJson(request);
        String user = HttpApi.text(body, "username");
        AuthService.WebStep step;
        try {
            step = relay.auth().webLogin(user, HttpApi.text(body, "password"), address);
        } catch (AuthException e) {
            relay.audit().signIn("web_login", user, address, e.code().wire(), e.getMessage());
            throw e;
        }
        if (step.passkey() != null) {
            relay.audit().signIn("web_login", user, address, "passkey_required", "password accepted");
            passkeyRequired(request, response, callback, step.passkey());
            return;
        }
        relay.audit().signIn("web_login", step.tokens().user(), address, "ok", null);
        signedIn(response, callback, step.tokens());
    }

    /** A phone signs in with a one-time pairing code, as a named device. */
    private void pair(Request request, Response response, Callback callback, String address) {
        ObjectNode body = HttpApi.readJson(request);
        AuthService.WebStep step;
        try {
            step = relay.auth().webPair(HttpApi.text(body, "code"), HttpApi.text(body, "device"), address);
        } catch (AuthException e) {
            relay.audit().signIn("web_pair", null, address, e.code().wire(), e.getMessage());
            throw e;
        }
        if (step.passkey() != null) {
            relay.audit()
                    .signIn("web_pair", step.passkey().opened().user(), address, "passkey_required", "code accepted");
            passkeyRequired(request, response, callback, step.passkey());
            return;
        }
        pairedIn(response, callback, address, step);
    }

    /** The second step of a sign-in or pairing for a user with passkeys: the browser's assertion. */
    private void passkey(Request request, Response response, Callback callback, String address) {
        ObjectNode body = HttpApi.readJson(request);
        AuthService.WebStep step;
        try {
            String pending = HttpApi.text(body, "pending");
            JsonNode credential = body.get("credential");
            if (credential == null || !credential.isObject()) {
                throw AuthException.badRequest(
                        "'credential' is required: the passkey's answer (a PublicKeyCredential as JSON)");
            }
            step = relay.auth()
                    .finishWithPasskey(pending, credential.toString(), WebOrigin.relyingParty(request), address);
        } catch (AuthService.PasskeyRefused e) {
            relay.audit().signIn("web_passkey", e.user(), address, e.code().wire(), e.getMessage());
            throw e;
        } catch (AuthException e) {
            relay.audit().signIn("web_passkey", null, address, e.code().wire(), e.getMessage());
            throw e;
        }
        if (step.device() != null) {
            pairedIn(response, callback, address, step);
            return;
        }
        relay.audit().signIn("web_passkey", step.tokens().user(), address, "ok", null);
        signedIn(response, callback, step.tokens());
    }

    private void pairedIn(Response response, Callback callback, String address, AuthService.WebStep step) {
        relay.audit()
                .signIn(
                        "web_pair",
                        step.tokens().user(),
                        address,
                        "ok",
                        "device " + step.device().id() + " "
                                + LogText.of(step.device().name()));
        signedIn(response, callback, step.tokens());
    }

    /** Answers a first step that needs a passkey: what {@code navigator.credentials.get} takes. */
    private static void passkeyRequired(
            Request request, Response response, Callback callback, AuthService.PasskeyStep step) {
        ObjectNode answer = RooJson.object();
        answer.put("passkeyRequired", true);
        answer.put("pending", step.opened().handle());
        answer.put("user", step.opened().user());
        ObjectNode options = answer.putObject("publicKey");
        options.put("challenge", step.opened().challenge());
        options.put("rpId", WebOrigin.relyingParty(request).rpId());
        options.put("timeout", PasskeyChallenges.LIFETIME.toMillis());
        options.put("userVerification", "required");
        ArrayNode allow = options.putArray("allowCredentials");
        for (String id : step.credentialIds()) {
            allow.addObject().put("type", "public-key").put("id", id);
        }
        HttpApi.json(response, callback, 200, answer);
    }

    private void refresh(Request request, Response response, Callback callback, String address) {
        AuthService.Tokens tokens;
        try {
            String token = cookie(request)
                    .orElseThrow(() -> AuthException.unauthorized("not signed in on this browser: log in"));
            tokens = relay.auth().refresh(token);
        } catch (AuthException e) {
            relay.audit().signIn("web_refresh", null, address, e.code().wire(), e.getMessage());
            throw e;
        }
        relay.audit().signIn("web_refresh", tokens.user(), address, "ok", null);
        signedIn(response, callback, tokens);
    }

    private void logout(Request request, Response response, Callback callback, String address) {
        Optional<String> user = cookie(request).flatMap(relay.auth()::logout);
        relay.audit().signIn("web_logout", user.orElse(null), address, "ok", null);
        clearCookie(response);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.setStatus(204);
        callback.succeeded();
    }

    /**
     * Refuses {@code request} when {@link #refusal} finds a reason: its body discarded, logged, audited as
     * {@code action} and answered 403. True when it was refused (the answer is then sent).
     */
    boolean refusedForeign(Request request, Response response, Callback callback, String action, String address) {
        String refused = refusal(request);
        if (refused == null) {
            return false;
        }
        discardBody(request);
        LOG.info("refused {} from {}: {}", action, address, refused);
        relay.audit().signIn(action, null, address, FORBIDDEN_ORIGIN, refused);
        error(response, callback, 403, FORBIDDEN_ORIGIN, refused);
        return true;
    }

    /** Why a request that signs in, refreshes or signs out is not from the relay's own page, or null. */
    static String refusal(Request request) {
        String origin = WebOrigin.of(request);
        if (!"1".equals(request.getHeaders().get(WEB_HEADER))) {
            return "the web console's sign-in needs the header '" + WEB_HEADER + ": 1': use the relay's own page";
        }
        if (origin == null) {
            return "the request has no Origin: sign in from the relay's own page (" + WebOrigin.own(request) + ")";
        }
        if (!WebOrigin.isOwn(request, origin)) {
            return "requests from another site are refused: sign in from the relay's own page ("
                    + WebOrigin.own(request) + ")";
        }
        return null;
    }

    private void signedIn(Response response, Callback callback, AuthService.Tokens tokens) {
        response.getHeaders()
                .add(
                        HttpHeader.SET_COOKIE,
                        cookieName() + "=" + tokens.refreshToken() + "; Path=/" + (relay.plain() ? "" : "; Secure")
                                + "; HttpOnly; SameSite=Strict; Max-Age=" + RefreshTokens.LIFETIME.toSeconds());
        ObjectNode answer = RooJson.object();
        answer.put("accessToken", tokens.accessToken());
        answer.put("expiresIn", tokens.expiresIn());
        answer.put("user", tokens.user());
        answer.put("role", tokens.role().wire());
        HttpApi.json(response, callback, 200, answer);
    }

    private void clearCookie(Response response) {
        response.getHeaders()
                .add(
                        HttpHeader.SET_COOKIE,
                        cookieName() + "=; Path=/" + (relay.plain() ? "" : "; Secure")
                                + "; HttpOnly; SameSite=Strict; Max-Age=0");
    }

    /** The refresh cookie this browser sent, if any. */
    Optional<String> cookie(Request request) {
        String name = cookieName();
        return Request.getCookies(request).stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .filter(v -> v != null && !v.isBlank())
                .findFirst();
    }

    private String cookieName() {
        return relay.plain() ? PLAIN_COOKIE : TLS_COOKIE;
    }

    /**
     * Reads a small body that will not be used, so the connection stays usable for the browser's next
     * request; a large or unknown one is left to Jetty, which then closes the connection after the answer.
     */
    static void discardBody(Request request) {
        long length = request.getLength();
        if (length <= 0 || length > 64 * 1024) {
            return;
        }
        try {
            Content.Source.consumeAll(request);
        } catch (IOException e) {
            LOG.debug("discarding a request body: {}", e.toString());
        }
    }

    static void requireMethod(String method, HttpMethod expected) {
        if (!expected.is(method)) {
            throw new HttpApi.BadRequest(405, "use " + expected.asString() + " for this endpoint");
        }
    }

    /** Errors of these endpoints: {@code error} names what went wrong, {@code code} the same for older readers. */
    static void error(Response response, Callback callback, int status, String error, String message) {
        ObjectNode body = RooJson.object();
        body.put("error", error);
        body.put("code", error);
        body.put("message", message);
        HttpApi.json(response, callback, status, body);
    }
}
