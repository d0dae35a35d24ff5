package dev.rooremote.client;

import java.security.cert.CertificateException;

/**
 * The relay presented a certificate other than the pinned one. Never retried: either the relay's
 * certificate was replaced (pin the new fingerprint after checking it with the relay's operator)
 * or something is intercepting the connection.
 */
public final class FingerprintMismatchException extends CertificateException {
    private static final long serialVersionUID = 1L;

    private final String expected;
    private final String actual;

    public FingerprintMismatchException(Fingerprint expected, Fingerprint actual) {
        super("the relay's TLS certificate does not match the pinned fingerprint.\n"
                + "  expected: " + expected + "\n"
                + "  actual:   " + actual + "\n"
                + "If the relay's certificate was replaced on purpose, check the new fingerprint with"
                + " 'roo-relay fingerprint' on the relay's machine and pin it; otherwise someone may be"
                + " intercepting the connection.");
        this.expected = expected.toString();
        this.actual = actual.toString();
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
