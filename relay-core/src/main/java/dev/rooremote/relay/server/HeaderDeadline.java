package dev.rooremote.relay.server;

import dev.rooremote.relay.LogText;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts HTTP connections that take longer than a deadline to send a request's headers. Jetty's idle
 * timeout restarts with every byte, so without this a client sending a byte every few seconds
 * ("slowloris") holds a connection for ever, and a few hundred such clients hold them all. The first
 * request's deadline runs from the moment the connection opened, a TLS handshake included; a later
 * request's from when its first bytes were seen. Connections upgraded to WebSocket are no longer HTTP
 * and are left to their own limits.
 *
 * <p>Jetty has no such setting, so this reads the state of each connection's HTTP parser
 * ({@link HttpConnection} is Jetty's internal class; the parser's state is public API).
 */
final class HeaderDeadline implements Connection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);

    private final long deadlineNanos;
    private final LongSupplier nanos;
    private final Map<HttpConnection, long[]> open = new ConcurrentHashMap<>();

    HeaderDeadline(Duration deadline, LongSupplier nanos) {
        this.deadlineNanos = deadline.toNanos();
        this.nanos = nanos;
    }

    /** How often {@link #sweep} should run to keep the deadline within a quarter of itself. */
    long sweepMillis() {
        return Math.max(100, TimeUnit.NANOSECONDS.toMillis(deadlineNanos) / 4);
    }

    @Override
    public void onOpened(Connection connection) {
        if (connection instanceof HttpConnection http) {
            open.put(http, new long[] {nanos.getAsLong()});
        }
    }

    @Override
    public void onClosed(Connection connection) {
        open.remove(connection);
    }

    /**
     * Closes every connection whose request headers are overdue. Never throws: it runs on a timer that
     * a thrown exception would stop for good.
     */
    void sweep() {
        long now = nanos.getAsLong();
        open.forEach((http, since) -> {
            try {
                check(http, since, now);
            } catch (RuntimeException e) {
                // A connection closing under our feet: the next sweep sees it gone or settled.
                LOG.debug("checking a connection's header deadline: {}", e.toString());
            }
        });
    }

    private void check(HttpConnection http, long[] since, long now) {
        if (http.getEndPoint().getConnection() != http) {
            open.remove(http); // upgraded
            return;
        }
        boolean readingHeaders =
                http.getParser().inHeaderState() && !(http.getParser().isStart() && http.getMessagesIn() > 0);
        if (!readingHeaders) {
            since[0] = 0;
            return;
        }
        if (since[0] == 0) {
            since[0] = now;
        } else if (now - since[0] > deadlineNanos) {
            open.remove(http);
            LOG.info(
                    "closed a connection from {}: its request headers took longer than {} s",
                    LogText.of(String.valueOf(http.getEndPoint().getRemoteSocketAddress())),
                    TimeUnit.NANOSECONDS.toSeconds(deadlineNanos));
            http.getEndPoint().close();
        }
    }
}
