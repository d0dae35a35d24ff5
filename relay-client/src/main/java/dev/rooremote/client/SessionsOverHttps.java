package dev.rooremote.client;

import dev.rooremote.protocol.relay.RelayProtocol;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionListJson;
import dev.rooremote.protocol.roo.RooJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.HttpsURLConnection;

/**
 * The session list in one HTTPS request ({@code GET /v1/sessions}), for a command that wants the
 * list and nothing else: no WebSocket, no hello, no threads. The relay's certificate is checked as
 * the WebSocket's is (the same pinned fingerprint or system trust), and the token comes from the
 * same credentials, renewed once when the relay refuses it, as a connection attempt does; failures
 * read as a connection's do. A relay older than the endpoint answers 404: {@link #fetch} is then
 * empty and the caller asks over the WebSocket ({@link RelayClient#sessions()}).
 */
public final class SessionsOverHttps {

    private final ClientConfig config;
    private final TlsTrust.Context tls;
    private final AuthClient auth;

    SessionsOverHttps(ClientConfig config) {
        this.config = config;
        this.tls = config.trust().newContext();
        this.auth = new AuthClient(
                config.url(), tls, config.trust().verifiesHostName(), config.connectTimeout(), config.clock());
    }

    /**
     * The sessions the credentials may see, or empty when the relay has no such endpoint (or
     * answers it otherwise than with the list or a refusal): then ask over the WebSocket.
     *
     * @throws RelayAuthenticationException when the relay refuses the credentials
     * @throws RelayConnectionException when the relay cannot be reached, or its certificate does not
     *     match the pinned fingerprint (the cause is then a {@link FingerprintMismatchException})
     */
    public Optional<List<SessionInfo>> fetch() throws IOException, InterruptedException {
        Answer answer = get(config.credentials().token(auth, false));
        if (answer.status() == 401) {
            // As a refused WebSocket upgrade: renew once (this throws, saying why, when it cannot).
            answer = get(config.credentials().token(auth, true));
        }
        return switch (answer.status()) {
            case 200 -> Optional.of(sessions(answer.body()));
            case 401, 403 ->
                throw new RelayAuthenticationException(
                        answer.status(),
                        "the relay refused the credentials (HTTP " + answer.status() + ")"
                                + answer.message().map(m -> ": " + m).orElse(""),
                        null);
            // 404 from a relay older than the endpoint; anything else odd (a proxy's page, too many
            // requests) is left to the WebSocket, which says in its usual words what is wrong.
            default -> Optional.empty();
        };
    }

    private record Answer(int status, String body) {
        /** The relay's own words in an error's JSON body, if it has any. */
        Optional<String> message() {
            try {
                return Optional.ofNullable(RooJson.parse(body).path("message").asText(null))
                        .filter(m -> !m.isBlank());
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private Answer get(Credentials.AccessToken token) throws IOException {
        HttpURLConnection http = (HttpURLConnection)
                config.url().http(RelayProtocol.SESSIONS_PATH).toURL().openConnection(Proxy.NO_PROXY);
        try {
            if (http instanceof HttpsURLConnection https) {
                https.setSSLSocketFactory(tls.sslContext().getSocketFactory());
                if (!config.trust().verifiesHostName()) {
                    // The pin names the certificate itself, whatever host name it was issued for.
                    https.setHostnameVerifier((host, session) -> true);
                }
            }
            http.setConnectTimeout(millis(config.connectTimeout()));
            // The relay answers at once; a peer that accepts the connection but says nothing is not one.
            http.setReadTimeout(millis(config.connectTimeout()));
            http.setUseCaches(false);
            http.setInstanceFollowRedirects(false);
            http.setRequestProperty("Authorization", "Bearer " + token.value());
            http.setRequestProperty("Accept", "application/json");
            http.setRequestProperty("User-Agent", config.clientName());
            int status = http.getResponseCode();
            InputStream stream = status >= 400 ? http.getErrorStream() : http.getInputStream();
            String body = "";
            if (stream != null) {
                try (stream) {
                    body = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return new Answer(status, body);
        } catch (IOException e) {
            Optional<FingerprintMismatchException> mismatch = tls.mismatch(e);
            if (mismatch.isPresent()) {
                throw new RelayConnectionException(mismatch.get().getMessage(), mismatch.get());
            }
            throw new RelayConnectionException(ConnectionProblem.describe(e, config.url()), e);
        } finally {
            // No keep-alive: one request, and no connection-cache thread left behind.
            http.disconnect();
        }
    }

    private List<SessionInfo> sessions(String body) {
        Optional<List<SessionInfo>> sessions;
        try {
            sessions = SessionListJson.read(body);
        } catch (IllegalArgumentException e) {
            throw new RelayConnectionException("the relay at " + config.url() + " sent a session list this client"
                    + " cannot read (" + e.getMessage() + "); update roo-agent to the relay's version");
        }
        return sessions.orElseThrow(() -> new RelayConnectionException("the relay at " + config.url() + " answered "
                + RelayProtocol.SESSIONS_PATH + " without a session list; is it a roo-relay?"));
    }

    private static int millis(java.time.Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, duration.toMillis()));
    }
}
