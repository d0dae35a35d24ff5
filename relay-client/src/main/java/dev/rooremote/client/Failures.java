package dev.rooremote.client;

import org.glassfish.tyrus.client.auth.AuthenticationException;
import org.glassfish.tyrus.client.exception.DeploymentHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;

/** Reading failures: the text a person is shown, and the HTTP status behind a failed upgrade. */
final class Failures {

    private Failures() {}

    /** The message of the innermost cause that says something (the client's own exceptions are kept whole). */
    static String describe(Throwable e) {
        if (e == null) {
            return "unknown failure";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root instanceof RelayAuthenticationException
                    || root instanceof FingerprintMismatchException
                    || root instanceof RelayConnectionException) {
                break;
            }
            root = root.getCause();
        }
        String message = root.getMessage();
        if (message == null || message.isBlank()) {
            message = root.getClass().getSimpleName();
        }
        return message;
    }

    /** The HTTP status with which the relay refused the WebSocket upgrade, or -1. */
    static int httpStatus(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            // Tyrus reports a 401 as an AuthenticationException whose status code says 500.
            if (t instanceof AuthenticationException) {
                return 401;
            }
            if (t instanceof HandshakeException h) {
                return h.getHttpStatusCode();
            }
            if (t instanceof DeploymentHandshakeException d) {
                return d.getHttpStatusCode();
            }
        }
        return -1;
    }
}
