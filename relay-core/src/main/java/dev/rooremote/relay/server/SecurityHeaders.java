package dev.rooremote.relay.server;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Headers on every answer of the relay's port, errors and refused upgrades included: browsers must
 * not sniff content types or frame the relay's pages, and (on TLS) must keep to HTTPS for a year.
 * A path Jetty finds ambiguous (an encoded {@code ..} or {@code /}, let through by the port's URI
 * compliance so that it gets these headers) names nothing here: 404 for every endpoint.
 */
final class SecurityHeaders extends Handler.Wrapper {

    private final boolean tls;

    SecurityHeaders(Handler handler, boolean tls) {
        super(handler);
        this.tls = tls;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields.Mutable headers = response.getHeaders();
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Content-Security-Policy", "frame-ancestors 'none'");
        headers.put("Referrer-Policy", "no-referrer");
        if (tls) {
            headers.put("Strict-Transport-Security", "max-age=31536000");
        }
        if (request.getHttpURI().isAmbiguous()) {
            response.setStatus(404);
            headers.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            headers.put(HttpHeader.CACHE_CONTROL, "no-store");
            Content.Sink.write(response, true, "not found\n", callback);
            return true;
        }
        return super.handle(request, response, callback);
    }
}
