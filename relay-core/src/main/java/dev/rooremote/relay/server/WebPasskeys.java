package dev.rooremote.relay.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.auth.AuthException;
import dev.rooremote.relay.auth.AuthService;
import dev.rooremote.relay.auth.PasskeyCeremonies;
import dev.rooremote.relay.auth.PasskeyChallenges;
import dev.rooremote.relay.auth.Passkeys;
import dev.rooremote.relay.session.Caller;
import java.util.Base64;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signed-in person's passkeys ({@code POST /v1/web/passkeys...}): list them, register a new one
 * (options, then the browser's answer), remove one (the last only with the password). Same rules as
 * {@code /v1/web/refresh}: {@code X-Roo-Web: 1}, the relay's own {@code Origin}, and the login's
 * HttpOnly refresh cookie (checked, not spent) says who asks. Adding and removing are audited.
 */
final class WebPasskeys {

    private static final Logger LOG = LoggerFactory.getLogger(WebPasskeys.class);

    static final String LIST_PATH = "/v1/web/passkeys";
    static final String OPTIONS_PATH = "/v1/web/passkeys/options";
    static final String ADD_PATH = "/v1/web/passkeys/add";
    static final String REMOVE_PATH = "/v1/web/passkeys/remove";

    private final RelayServer relay;
    private final WebSignIn signIn;

    WebPasskeys(RelayServer relay, WebSignIn signIn) {
        this.relay = relay;
        this.signIn = signIn;
    }

    static boolean serves(String path) {
        return path.equals(LIST_PATH) || path.equals(OPTIONS_PATH) || path.equals(ADD_PATH) || path.equals(REMOVE_PATH);
    }

    void handle(String path, Request request, Response response, Callback callback) {
        String address = Request.getRemoteAddr(request);
        String action =
                path.equals(LIST_PATH) ? "passkey_list" : "passkey_" + path.substring(path.lastIndexOf('/') + 1);
        Caller caller = null;
        try {
            WebSignIn.requireMethod(request.getMethod(), HttpMethod.POST);
            if (signIn.refusedForeign(request, response, callback, action, address)) {
                return;
            }
            ObjectNode body = HttpApi.readJson(request);
            try {
                caller = relay.auth().webCaller(signIn.cookie(request).orElse(null));
            } catch (AuthException e) {
                relay.audit().signIn(action, null, address, e.code().wire(), e.getMessage());
                throw e;
            }
            switch (path) {
                case LIST_PATH -> HttpApi.json(response, callback, 200, list(caller.name()));
                case OPTIONS_PATH -> HttpApi.json(response, callback, 200, options(request, caller.name()));
                case ADD_PATH -> add(request, response, callback, body, caller, address);
                default -> remove(response, callback, body, caller, address);
            }
        } catch (AuthException e) {
            if (caller != null && !path.equals(LIST_PATH) && !path.equals(OPTIONS_PATH)) {
                relay.audit().signIn(action, caller.name(), address, e.code().wire(), e.getMessage());
            }
            if (e.retryAfterSeconds() > 0) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            }
            WebSignIn.error(response, callback, e.status(), e.code().wire(), e.getMessage());
        } catch (HttpApi.BadRequest e) {
            WebSignIn.error(response, callback, e.status, ErrorCode.BAD_REQUEST.wire(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} failed", LogText.of(path), e);
            WebSignIn.error(
                    response,
                    callback,
                    500,
                    ErrorCode.INTERNAL_ERROR.wire(),
                    "the relay failed; its log has the details");
        }
    }

    private ObjectNode list(String user) {
        ObjectNode answer = RooJson.object();
        ArrayNode passkeys = answer.putArray("passkeys");
        for (Passkeys.Passkey passkey : relay.auth().passkeys().list(user)) {
            passkeys.add(describe(passkey));
        }
        return answer;
    }

    /** What {@code navigator.credentials.create} takes to make a passkey for this relay and user. */
    private ObjectNode options(Request request, String user) {
        AuthService.PasskeyStep step = relay.auth().passkeyEnrolment().open(user);
        PasskeyCeremonies.RelyingParty party = WebOrigin.relyingParty(request);
        ObjectNode answer = RooJson.object();
        answer.put("pending", step.opened().handle());
        ObjectNode options = answer.putObject("publicKey");
        options.put("challenge", step.opened().challenge());
        options.putObject("rp").put("id", party.rpId()).put("name", "Roo Remote (" + party.rpId() + ")");
        options.putObject("user")
                .put("id", Base64.getUrlEncoder().withoutPadding().encodeToString(PasskeyCeremonies.userHandle(user)))
                .put("name", user)
                .put("displayName", user);
        ArrayNode algorithms = options.putArray("pubKeyCredParams");
        for (long alg : PasskeyCeremonies.ALGORITHMS) {
            algorithms.addObject().put("type", "public-key").put("alg", alg);
        }
        options.put("timeout", PasskeyChallenges.LIFETIME.toMillis());
        options.putObject("authenticatorSelection")
                .put("residentKey", "preferred")
                .put("userVerification", "required");
        options.put("attestation", "none");
        ArrayNode exclude = options.putArray("excludeCredentials");
        for (String id : step.credentialIds()) {
            exclude.addObject().put("type", "public-key").put("id", id);
        }
        return answer;
    }

    private void add(
            Request request, Response response, Callback callback, ObjectNode body, Caller caller, String address) {
        JsonNode credential = body.get("credential");
        if (credential == null || !credential.isObject()) {
            throw AuthException.badRequest(
                    "'credential' is required: the new passkey's answer (a PublicKeyCredential as JSON)");
        }
        JsonNode name = body.get("name");
        Passkeys.Passkey passkey = relay.auth()
                .passkeyEnrolment()
                .add(
                        caller.name(),
                        HttpApi.text(body, "pending"),
                        credential.toString(),
                        WebOrigin.relyingParty(request),
                        name == null || name.isNull() ? null : name.asText());
        relay.audit()
                .signIn(
                        "passkey_add",
                        caller.name(),
                        address,
                        "ok",
                        "passkey " + passkey.id() + " " + LogText.of(passkey.name()));
        HttpApi.json(response, callback, 200, describe(passkey));
    }

    private void remove(Response response, Callback callback, ObjectNode body, Caller caller, String address) {
        JsonNode password = body.get("password");
        Passkeys.Passkey passkey = relay.auth()
                .passkeyEnrolment()
                .remove(
                        caller.name(),
                        HttpApi.text(body, "id"),
                        password == null || !password.isTextual() ? null : password.asText(),
                        address);
        relay.audit()
                .signIn(
                        "passkey_remove",
                        caller.name(),
                        address,
                        "ok",
                        "passkey " + passkey.id() + " " + LogText.of(passkey.name()));
        ObjectNode answer = list(caller.name());
        answer.put("removed", passkey.id());
        HttpApi.json(response, callback, 200, answer);
    }

    private static ObjectNode describe(Passkeys.Passkey passkey) {
        ObjectNode node = RooJson.object();
        node.put("id", passkey.id());
        node.put("name", passkey.name());
        node.put("createdAt", passkey.createdAt().toEpochMilli());
        if (passkey.lastUsedAt() != null) {
            node.put("lastUsedAt", passkey.lastUsedAt().toEpochMilli());
        }
        return node;
    }
}
