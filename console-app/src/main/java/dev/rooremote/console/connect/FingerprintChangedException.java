package dev.rooremote.console.connect;

/** The relay presented a certificate other than the one the console trusted for it. */
public final class FingerprintChangedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String expected;
    private final String actual;

    public FingerprintChangedException(String expected, String actual) {
        super("certificate fingerprint changed: expected " + expected + ", got " + actual);
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
