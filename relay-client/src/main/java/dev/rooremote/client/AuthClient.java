package dev.rooremote.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.roo.RooJson;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/** The relay's HTTPS login and refresh endpoints, over the same TLS trust as the WebSocket. */
public final class AuthClient {

    private final RelayUrl relay;
    private final Duration timeout;
    private final Clock clock;
    private final TlsTrust.Context tls;
    private final boolean verifyHostName;
    private HttpClient http;

    AuthClient(RelayUrl relay, TlsTrust.Context tls, boolean verifyHostName, Duration timeout, Clock clock) {
        this.relay = relay;
        this.timeout = timeout;
        this.clock = clock;
        this.tls = tls;
        this.verifyHostName = verifyHostName;
    }

    /**
     * The HTTP client, made on first use: most commands run with an agent token or a fresh access
     * token and never log in or refresh, and the JDK's client costs a selector thread and much class
     * loading to start.
     */
    private synchronized HttpClient http() {
        if (http == null) {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout);
            if (relay.secure()) {
                SSLContext context = tls.sslContext();
                SSLParameters parameters = context.getDefaultSSLParameters();
                if (verifyHostName) {
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                }
                builder.sslContext(context).sslParameters(parameters);
            }
            http = builder.build();
        }
        return http;
    }

    /** Logs in with a user name and password. */
    public TokenPair login(String user, char[] password) throws IOException, InterruptedException {
        ObjectNode body = RooJson.object();
        body.put("username", user);
        body.put("password", new String(password));
        return post(RelayProtocol.LOGIN_PATH, body, "log in as '" + user + "'");
    }

    /** Spends a refresh token for a new access token and a new refresh token. */
    public TokenPair refresh(String refreshToken) throws IOException, InterruptedException {
        ObjectNode body = RooJson.object();
        body.put("refreshToken", refreshToken);
        return post(RelayProtocol.REFRESH_PATH, body, "refresh the session");
    }

    private TokenPair post(String path, ObjectNode body, String what) throws IOException, InterruptedException {
        URI uri = relay.http(path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(RooJson.write(body)))
                .build();
        Instant sent = clock.instant();
        HttpResponse<String> response;
        try {
            response = http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            java.util.Optional<FingerprintMismatchException> mismatch = tls.mismatch(e);
            if (mismatch.isPresent()) {
                throw new IOException(mismatch.get().getMessage(), mismatch.get());
            }
            throw new IOException(ConnectionProblem.describe(e, relay), e);
        }
        JsonNode json = parse(response.body());
        int status = response.statusCode();
        if (status == 200) {
            String access = json.path("accessToken").asText(null);
            String refresh = json.path("refreshToken").asText(null);
            if (access == null || access.isEmpty()) {
                throw new IOException("the relay's answer to " + path + " has no accessToken");
            }
            long expiresIn = json.path("expiresIn").asLong(900);
            return new TokenPair(
                    access,
                    refresh,
                    sent.plusSeconds(Math.max(1, expiresIn)),
                    json.path("role").asText(null),
                    json.path("user").asText(null));
        }
        String message = json.path("message").asText("");
        if (status == 401 || status == 403) {
            throw new RelayAuthenticationException(
                    status, "the relay refused to " + what + (message.isEmpty() ? "" : ": " + message), null);
        }
        if (status == 429) {
            Duration retryAfter = response.headers()
                    .firstValue("Retry-After")
                    .map(AuthClient::seconds)
                    .orElse(null);
            throw new RelayAuthenticationException(
                    status,
                    "too many login attempts"
                            + (retryAfter == null ? "" : "; try again in " + retryAfter.toSeconds() + " s")
                            + (message.isEmpty() ? "" : " (" + message + ")"),
                    retryAfter);
        }
        throw new IOException(
                "the relay answered " + status + " to " + path + (message.isEmpty() ? "" : ": " + message));
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return RooJson.object();
        }
        try {
            return RooJson.parse(body);
        } catch (IllegalArgumentException e) {
            return RooJson.object();
        }
    }
}
