package dev.rooremote.relay.tls;

/** The relay's TLS identity cannot be created or read; the message names the file and the fix. */
public class TlsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TlsException(String message) {
        super(message);
    }

    public TlsException(String message, Throwable cause) {
        super(message, cause);
    }
}
