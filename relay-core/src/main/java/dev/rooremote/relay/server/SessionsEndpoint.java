package dev.rooremote.relay.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.rooremote.protocol.relay.ErrorCode;
import dev.rooremote.protocol.relay.SessionInfo;
import dev.rooremote.protocol.relay.SessionState;
import dev.rooremote.protocol.roo.RooJson;
import dev.rooremote.relay.LogText;
import dev.rooremote.relay.auth.AuthException;
import dev.rooremote.relay.events.EventLog;
import dev.rooremote.relay.session.Caller;
import dev.rooremote.relay.session.SessionHub;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /v1/sessions}: the sessions a bearer token may see, in one HTTPS request, for a command
 * that wants the list and nothing else. The token is checked as for a WebSocket upgrade (signature,
 * expiry, revocation, the account's changes) and the list is the one {@code list_sessions} answers:
 * the token's session scope applies. Requests are rate-limited per address as a connection's are;
 * refusals are audited as refused connections are.
 */
final class SessionsEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SessionsEndpoint.class);
    /** Addresses whose request rate is tracked at once; the least recent is forgotten beyond it. */
    private static final int TRACKED_ADDRESSES = 4096;

    private final RelayServer relay;
    private final Map<String, RateLimiter> limiters = new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, RateLimiter> eldest) {
            return size() > TRACKED_ADDRESSES;
        }
    };

    SessionsEndpoint(RelayServer relay) {
        this.relay = relay;
    }

    /** Answers the request (GET already checked); throws {@link AuthException} for HttpApi to answer. */
    void handle(Request request, Response response, Callback callback) {
        String address = Request.getRemoteAddr(request);
        throttle(address);
        Caller caller;
        try {
            caller = relay.auth()
                    .identify(WebSocketGate.bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION)))
                    .caller();
        } catch (AuthException e) {
            LOG.info("refused {} from {}: {}", "GET /v1/sessions", address, LogText.of(e.getMessage()));
            relay.audit().refusedUpgrade(address, e.code().wire(), e.getMessage());
            throw e;
        }
        ObjectNode answer = RooJson.object();
        answer.set("sessions", RooJson.mapper().valueToTree(visible(caller, relay.sessionHub(), relay.eventLog())));
        HttpApi.json(response, callback, 200, answer);
    }

    private void throttle(String address) {
        Limits limits = relay.config().limits();
        boolean allowed;
        synchronized (limiters) {
            allowed = limiters.computeIfAbsent(
                            address,
                            a -> new RateLimiter(limits.requestsPerSecond(), limits.requestBurst(), System.nanoTime()))
                    .tryAcquire(System.nanoTime());
        }
        if (!allowed) {
            throw new AuthException(429, ErrorCode.RATE_LIMITED, limits.tooFast("from this address"), 1);
        }
    }

    /** The open sessions {@code caller} may see, as {@code list_sessions} and the welcome list them. */
    static List<SessionInfo> visible(Caller caller, SessionHub sessions, EventLog eventLog) {
        return sessions.sessionIds().stream()
                .filter(caller::maySee)
                .filter(eventLog::isOpen)
                .map(id -> eventLog.read(id, SessionState::info))
                .toList();
    }
}
