package dev.rooremote.client;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Why a connection to a relay failed, in one sentence a person can act on: what is wrong and what to
 * try ("nothing is listening at relay:8443 ...; check that roo-relay is running there ..."), never a
 * Java class name. The command line and the console show these as they are.
 */
public final class ConnectionProblem {

    private ConnectionProblem() {}

    /**
     * The sentence for {@code failure}, a failed attempt to reach the relay at {@code url} (as the user
     * wrote it: {@code wss://host:port}), starting "cannot reach the relay at URL: ".
     */
    public static String describe(Throwable failure, String url) {
        return describe(failure, RelayUrl.parse(url));
    }

    static String describe(Throwable failure, RelayUrl url) {
        return "cannot reach the relay at " + url + ": " + reason(failure, url);
    }

    /** What {@code failure} means for the relay at {@code url}, and what to try. */
    static String reason(Throwable failure, RelayUrl url) {
        String where = url.host() + ":" + url.port();
        FingerprintMismatchException mismatch = find(failure, FingerprintMismatchException.class);
        if (mismatch != null) {
            return mismatch.getMessage();
        }
        if (find(failure, UnresolvedAddressException.class) != null
                || find(failure, UnknownHostException.class) != null) {
            return "the host name '" + url.host() + "' is unknown; check its spelling in the relay's URL, or use the"
                    + " relay machine's IP address";
        }
        if (find(failure, NoRouteToHostException.class) != null) {
            return url.host() + " cannot be reached from this machine (no route to host); check the address and the"
                    + " network between the two machines";
        }
        if (find(failure, ConnectException.class) != null && !mentions(failure, "timed out")) {
            return "nothing is listening at " + where + " (connection refused); check that roo-relay is running"
                    + " there and that the port is right (roo-relay prints its address when it starts)";
        }
        if (!url.secure() && (isTimeout(failure) || isClosed(failure) || isPlainHttpRefused(failure))) {
            return where + " does not answer plain ws:// or http://; the relay uses TLS unless it was started with"
                    + " --plain, so use wss://" + where;
        }
        if (isTimeout(failure)) {
            return where + " did not answer in time; check the address, that the relay is running, and that no"
                    + " firewall blocks the port";
        }
        SSLException tls = find(failure, SSLException.class);
        if (tls != null) {
            return tlsReason(tls, where);
        }
        if (isClosed(failure)) {
            return where + " closed the connection before answering; check that it is a roo-relay and that the port"
                    + " is right, or look at the relay's log";
        }
        int status = Failures.httpStatus(failure);
        if (status == 404) {
            return where + " answered, but not as a roo-relay (HTTP 404); check the port";
        }
        if (status >= 500) {
            return "the relay at " + where + " failed (HTTP " + status + "); look at the relay's log";
        }
        if (status > 0) {
            return "the relay at " + where + " refused the connection (HTTP " + status + ")";
        }
        String said = Failures.describe(failure);
        return said.contains("Exception") || said.contains("Error")
                ? "the connection failed; check the address and that the relay is running"
                : said;
    }

    private static String tlsReason(SSLException tls, String where) {
        String text = messages(tls);
        if (text.contains("plaintext") || text.contains("unrecognized ssl message")) {
            return where + " does not speak TLS, so it is not a roo-relay (or the relay runs with --plain); check"
                    + " the port (roo-relay prints its address when it starts)";
        }
        if (text.contains("certification path") || text.contains("pkix")) {
            return "the relay's certificate is not signed by an authority this machine trusts (roo-relay makes a"
                    + " self-signed one); pin its SHA-256 fingerprint, which roo-relay prints when it starts"
                    + " ('roo-relay fingerprint' on its machine shows it too)";
        }
        if (text.contains("subject alternative") || text.contains("no name matching")) {
            return "the relay's certificate is for another host name than the one in the URL; use the name it was"
                    + " issued for, or pin its SHA-256 fingerprint ('roo-relay fingerprint' on the relay's machine)";
        }
        if (tls instanceof SSLHandshakeException || text.contains("handshake")) {
            return "the TLS handshake with " + where + " failed (" + tls.getMessage() + "); check that it is a"
                    + " roo-relay and that the port is right";
        }
        return "the TLS connection to " + where + " failed (" + tls.getMessage() + ")";
    }

    private static boolean isTimeout(Throwable failure) {
        return find(failure, SocketTimeoutException.class) != null
                || find(failure, HttpTimeoutException.class) != null
                || find(failure, TimeoutException.class) != null
                || mentions(failure, "timed out")
                || mentions(failure, "timeout")
                || mentions(failure, "response not received");
    }

    private static boolean isClosed(Throwable failure) {
        return find(failure, ClosedChannelException.class) != null
                || find(failure, EOFException.class) != null
                || mentions(failure, "eof reached")
                || mentions(failure, "unexpected end of file")
                || mentions(failure, "connection reset")
                || mentions(failure, "closed");
    }

    private static boolean isPlainHttpRefused(Throwable failure) {
        int status = Failures.httpStatus(failure);
        return status == 400;
    }

    private static boolean mentions(Throwable failure, String words) {
        return messages(failure).contains(words);
    }

    /** Every message along the cause chain, in lower case. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null) {
                all.append(t.getMessage().toLowerCase(Locale.ROOT)).append('\n');
            }
        }
        return all.toString();
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
