package dev.rooremote.relay.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.audit.AuditLog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Passkeys as the web console's second factor, over a real relay with a software authenticator:
 * registered by a signed-in person, then needed after the password (and after a pairing code) before
 * any token or cookie; assertions for another site, another challenge, a spent step, another account
 * or with a counter that went back are refused, throttled and audited.
 */
class WebPasskeysTest {

    private static final String COOKIE = "__Host-roo-refresh";

    @RegisterExtension
    final RunningRelay running = new RunningRelay();

    private RelayRuntime relay;
    private HttpClient http;

    private void start() throws Exception {
        relay = running.start(false);
        http = running.http();
    }

    private HttpResponse<String> web(String path, Object body, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(relay.httpUrl() + path))
                .header("Content-Type", "application/json")
                .header("X-Roo-Web", "1")
                .header("Origin", relay.httpUrl())
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (cookie != null) {
            request.header("Cookie", COOKIE + "=" + cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String password(String user) {
        return "{\"username\":\"" + user + "\",\"password\":\"" + user + "-password\"}";
    }

    private static String cookieValue(HttpResponse<String> answer) {
        String header = answer.headers().firstValue("set-cookie").orElseThrow();
        return header.substring(header.indexOf('=') + 1, header.indexOf(';'));
    }

    /** Signs {@code user} in with the password alone (no passkey yet) and returns the refresh cookie. */
    private String signIn(String user) throws Exception {
        HttpResponse<String> login = web("/v1/web/login", password(user), null);
        assertThat(login.statusCode()).isEqualTo(200);
        return cookieValue(login);
    }

    /** Registers {@code key} for the user of {@code cookie}; returns the passkey's id. */
    private String register(String cookie, SoftAuthenticator key, String name) throws Exception {
        HttpResponse<String> options = web("/v1/web/passkeys/options", "{}", cookie);
        assertThat(options.statusCode()).as(options.body()).isEqualTo(200);
        JsonNode answer = RooJson.parse(options.body());
        JsonNode publicKey = answer.get("publicKey");
        assertThat(publicKey.path("rp").path("id").asText()).isEqualTo("127.0.0.1");
        assertThat(publicKey
                        .path("authenticatorSelection")
                        .path("userVerification")
                        .asText())
                .isEqualTo("required");
        ObjectNode body = RooJson.object();
        body.put("pending", answer.get("pending").asText());
        body.put("name", name);
        body.set("credential", key.create(publicKey, relay.httpUrl()));
        HttpResponse<String> added = web("/v1/web/passkeys/add", body, cookie);
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        return RooJson.parse(added.body()).get("id").asText();
    }

    private static ObjectNode finish(JsonNode step, ObjectNode credential) {
        ObjectNode body = RooJson.object();
        body.put("pending", step.get("pending").asText());
        body.set("credential", credential);
        return body;
    }

    private JsonNode passwordStep(String user) throws Exception {
        HttpResponse<String> login = web("/v1/web/login", password(user), null);
        assertThat(login.statusCode()).isEqualTo(200);
        assertThat(login.headers().allValues("set-cookie"))
                .as("no cookie before the passkey")
                .isEmpty();
        JsonNode step = RooJson.parse(login.body());
        assertThat(step.get("passkeyRequired").asBoolean()).isTrue();
        assertThat(step.has("accessToken")).isFalse();
        return step;
    }

    @Test
    void withAPasskeyThePasswordAloneNoLongerSignsInAndThePasskeyFinishesIt() throws Exception {
        start();
        String cookie = signIn("bob");
        SoftAuthenticator key = new SoftAuthenticator(5);
        String id = register(cookie, key, "Bob's laptop");

        HttpResponse<String> list = web("/v1/web/passkeys", "{}", cookie);
        assertThat(RooJson.parse(list.body()).get("passkeys")).singleElement().satisfies(p -> {
            assertThat(p.get("id").asText()).isEqualTo(id);
            assertThat(p.get("name").asText()).isEqualTo("Bob's laptop");
        });

        JsonNode step = passwordStep("bob");
        JsonNode publicKey = step.get("publicKey");
        assertThat(publicKey.get("rpId").asText()).isEqualTo("127.0.0.1");
        assertThat(publicKey.get("userVerification").asText()).isEqualTo("required");
        assertThat(publicKey.get("allowCredentials"))
                .singleElement()
                .satisfies(c -> assertThat(c.get("id").asText()).isEqualTo(key.credentialId()));

        key.counter(6);
        HttpResponse<String> done =
                web("/v1/web/login/passkey", finish(step, key.get(publicKey, relay.httpUrl())), null);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.headers().firstValue("set-cookie").orElseThrow())
                .startsWith(COOKIE + "=")
                .contains("HttpOnly");
        JsonNode tokens = RooJson.parse(done.body());
        assertThat(tokens.get("user").asText()).isEqualTo("bob");
        assertThat(tokens.get("accessToken").asText()).isNotBlank();
        assertThat(relay.auth().passkeys().list("bob")).singleElement().satisfies(p -> {
            assertThat(p.signCount()).isEqualTo(6);
            assertThat(p.lastUsedAt()).isNotNull();
        });

        // The same step again (a replayed answer): spent.
        HttpResponse<String> replayed =
                web("/v1/web/login/passkey", finish(step, key.get(publicKey, relay.httpUrl())), null);
        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(RooJson.parse(replayed.body()).get("message").asText()).contains("used once");

        assertThat(actions()).contains("passkey_add ok bob", "web_login passkey_required bob", "web_passkey ok bob");
    }

    @Test
    void wrongOriginChallengeAccountOrCounterIsRefusedThrottledAndAudited() throws Exception {
        start();
        SoftAuthenticator bobs = new SoftAuthenticator(10);
        register(signIn("bob"), bobs, "laptop");
        SoftAuthenticator alices = new SoftAuthenticator(0);
        register(signIn("alice"), alices, "alice's");

        // Made for another site.
        JsonNode step = passwordStep("bob");
        bobs.counter(11);
        assertRefused(finish(step, bobs.get(step.get("publicKey"), "https://evil.example")), "another site");

        // A challenge other than the step's (an old answer replayed into a new step).
        JsonNode old = passwordStep("bob");
        JsonNode fresh = passwordStep("bob");
        assertRefused(finish(fresh, bobs.get(old.get("publicKey"), relay.httpUrl())), "another challenge");

        // Another account's passkey.
        step = passwordStep("bob");
        assertRefused(finish(step, alices.get(step.get("publicKey"), relay.httpUrl())), "not one of this account's");

        // The counter went back (a copied authenticator).
        step = passwordStep("bob");
        bobs.counter(3);
        assertRefused(finish(step, bobs.get(step.get("publicKey"), relay.httpUrl())), "counter went back");

        // No user verification.
        step = passwordStep("bob");
        bobs.counter(12);
        bobs.verifiesUser = false;
        assertRefused(finish(step, bobs.get(step.get("publicKey"), relay.httpUrl())), "did not verify you");

        // Made for the right site, signed for another RP ID.
        step = passwordStep("bob");
        bobs.verifiesUser = true;
        assertRefused(
                finish(
                        step,
                        bobs.get(
                                "evil.example",
                                step.get("publicKey").get("challenge").asText(),
                                relay.httpUrl())),
                "another site");

        // Six failures from this address: the password waits now, as after wrong passwords.
        step = passwordStep("alice");
        HttpResponse<String> throttled = web("/v1/web/login", password("bob"), null);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("retry-after")).isPresent();
        // Alice is not throttled by Bob's failures.
        assertThat(web("/v1/web/login/passkey", finish(step, alices.get(step.get("publicKey"), relay.httpUrl())), null)
                        .statusCode())
                .isEqualTo(200);

        assertThat(relay.audit().recent(40))
                .filteredOn(e -> e.action().equals("web_passkey")
                        && "bob".equals(e.actor())
                        && e.outcome().equals("unauthorized"))
                .hasSize(6);
    }

    @Test
    void aPairingCodeOfAUserWithAPasskeyNeedsThePasskeyBeforeTheDeviceExists() throws Exception {
        start();
        SoftAuthenticator key = new SoftAuthenticator(0);
        register(signIn("bob"), key, "laptop");
        String code = relay.auth().pairingCode("bob").code();

        HttpResponse<String> paired =
                web("/v1/web/pair", "{\"code\":\"" + code + "\",\"device\":\"Bob's phone\"}", null);
        assertThat(paired.statusCode()).isEqualTo(200);
        assertThat(paired.headers().allValues("set-cookie")).isEmpty();
        JsonNode step = RooJson.parse(paired.body());
        assertThat(step.get("passkeyRequired").asBoolean()).isTrue();
        assertThat(relay.auth().devices().list("bob")).isEmpty();

        HttpResponse<String> done =
                web("/v1/web/login/passkey", finish(step, key.get(step.get("publicKey"), relay.httpUrl())), null);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.headers().firstValue("set-cookie")).isPresent();
        assertThat(relay.auth().devices().list("bob")).extracting(d -> d.name()).containsExactly("Bob's phone");
    }

    @Test
    void removingTheLastPasskeyNeedsThePasswordAndIsAudited() throws Exception {
        start();
        String cookie = signIn("bob");
        String first = register(cookie, new SoftAuthenticator(0), "laptop");
        String second = register(cookie, new SoftAuthenticator(0), "phone");

        HttpResponse<String> removed = web("/v1/web/passkeys/remove", "{\"id\":\"" + first + "\"}", cookie);
        assertThat(removed.statusCode()).as(removed.body()).isEqualTo(200);
        assertThat(RooJson.parse(removed.body()).get("passkeys")).hasSize(1);

        HttpResponse<String> last = web("/v1/web/passkeys/remove", "{\"id\":\"" + second + "\"}", cookie);
        assertThat(last.statusCode()).isEqualTo(400);
        assertThat(RooJson.parse(last.body()).get("message").asText()).contains("enter your password");
        HttpResponse<String> wrong =
                web("/v1/web/passkeys/remove", "{\"id\":\"" + second + "\",\"password\":\"guess\"}", cookie);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(relay.auth().passkeys().count("bob")).isEqualTo(1);

        // Another user cannot remove it.
        String carol = signIn("carol");
        assertThat(web("/v1/web/passkeys/remove", "{\"id\":\"" + second + "\",\"password\":\"carol-password\"}", carol)
                        .statusCode())
                .isEqualTo(404);

        HttpResponse<String> ok =
                web("/v1/web/passkeys/remove", "{\"id\":\"" + second + "\",\"password\":\"bob-password\"}", cookie);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(relay.auth().passkeys().count("bob")).isZero();
        assertThat(web("/v1/web/login", password("bob"), null).headers().firstValue("set-cookie"))
                .as("a password alone signs in again")
                .isPresent();
        assertThat(actions()).contains("passkey_remove ok bob", "passkey_remove unauthorized bob");
    }

    @Test
    void managingPasskeysNeedsASignedInBrowserOnTheRelaysOwnPage() throws Exception {
        start();
        HttpResponse<String> none = web("/v1/web/passkeys/options", "{}", null);
        assertThat(none.statusCode()).isEqualTo(401);
        HttpResponse<String> foreign = http.send(
                HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/web/passkeys/options"))
                        .header("X-Roo-Web", "1")
                        .header("Origin", "https://evil.example")
                        .header("Cookie", COOKIE + "=" + signIn("bob"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        HttpResponse<String> garbage =
                web("/v1/web/login/passkey", "{\"pending\":\"x\",\"credential\":{\"id\":\"not a credential\"}}", null);
        assertThat(garbage.statusCode()).isEqualTo(401);
        assertThat(RooJson.parse(garbage.body()).get("message").asText()).contains("start again");

        // Nonsense in place of a credential: 400 saying so, never a failure of the relay.
        String cookie = signIn("bob");
        String pending = RooJson.parse(
                        web("/v1/web/passkeys/options", "{}", cookie).body())
                .get("pending")
                .asText();
        HttpResponse<String> badRegistration = web(
                "/v1/web/passkeys/add",
                "{\"pending\":\"" + pending + "\",\"credential\":{\"id\":\"AA\",\"rawId\":\"AA\","
                        + "\"type\":\"public-key\",\"response\":{\"clientDataJSON\":\"e30\","
                        + "\"attestationObject\":\"oA\"},\"clientExtensionResults\":{}}}",
                cookie);
        assertThat(badRegistration.statusCode()).as(badRegistration.body()).isEqualTo(400);
        assertThat(RooJson.parse(badRegistration.body()).get("message").asText())
                .contains("not a WebAuthn credential");
        register(cookie, new SoftAuthenticator(0), "laptop");
        JsonNode step = passwordStep("bob");
        HttpResponse<String> badAssertion = web(
                "/v1/web/login/passkey",
                "{\"pending\":\"" + step.get("pending").asText() + "\",\"credential\":{\"id\":\"AA\","
                        + "\"type\":\"public-key\",\"response\":{\"signature\":7}}}",
                null);
        assertThat(badAssertion.statusCode()).as(badAssertion.body()).isEqualTo(400);
        assertThat(RooJson.parse(badAssertion.body()).get("message").asText()).contains("not a WebAuthn assertion");
    }

    private void assertRefused(ObjectNode body, String why) throws Exception {
        HttpResponse<String> answer = web("/v1/web/login/passkey", body, null);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
        assertThat(answer.headers().allValues("set-cookie")).isEmpty();
        assertThat(RooJson.parse(answer.body()).get("message").asText()).contains(why);
    }

    private java.util.List<String> actions() {
        return relay.audit().recent(50).stream()
                .map((AuditLog.Entry e) -> e.action() + " " + e.outcome() + " " + e.actor())
                .toList();
    }
}
