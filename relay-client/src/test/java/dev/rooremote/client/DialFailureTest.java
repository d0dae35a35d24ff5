package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.websocket.DeploymentException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.glassfish.tyrus.core.HandshakeException;
import org.junit.jupiter.api.Test;

/** What a failed connection attempt means for the next one. */
class DialFailureTest {

    private static final RelayUrl URL = RelayUrl.parse("wss://relay.example:8443");
    private static final TlsTrust.Context TLS = TlsTrust.system().newContext();
    private static final String PIN =
            "3F:A1:00:7B:C2:9D:11:E4:5A:6B:7C:8D:9E:AF:B0:C1:D2:E3:F4:05:16:27:38:49:5A:6B:7C:8D:9E:AF:B0:C1";

    @Test
    void anUnreachableRelayIsWorthRetryingOnceTheClientHasBeenConnected() {
        DialFailure failure = DialFailure.of(new IOException(new ConnectException("Connection refused")), TLS, URL);

        assertThat(failure.retry()).isEqualTo(DialFailure.Retry.IF_EVER_CONNECTED);
        assertThat(failure.failure())
                .isInstanceOf(RelayConnectionException.class)
                .hasMessageStartingWith("cannot reach the relay at wss://relay.example:8443: nothing is listening at"
                        + " relay.example:8443 (connection refused); check that roo-relay is running there");
    }

    @Test
    void refusedCredentialsAreFinalAndSaySoInEveryClientsWords() {
        DialFailure failure =
                DialFailure.of(new DeploymentException("refused", new HandshakeException(403, "Forbidden")), TLS, URL);

        assertThat(failure.retry()).isEqualTo(DialFailure.Retry.NEVER);
        assertThat(failure.failure())
                .isInstanceOfSatisfying(RelayAuthenticationException.class, e -> assertThat(e.httpStatus())
                        .isEqualTo(403))
                .hasMessage("the relay refused the credentials (HTTP 403)");
    }

    @Test
    void aThrottledLoginWaitsAsLongAsTheRelayAsked() {
        RelayAuthenticationException throttled =
                new RelayAuthenticationException(429, "too many attempts", Duration.ofSeconds(30));

        DialFailure failure = DialFailure.of(throttled, TLS, URL);

        assertThat(failure.retry()).isEqualTo(DialFailure.Retry.LATER);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(30));
        assertThat(failure.failure()).isSameAs(throttled);
    }

    @Test
    void aChangedCertificateIsFinal() {
        FingerprintMismatchException mismatch =
                new FingerprintMismatchException(Fingerprint.parse(PIN), Fingerprint.parse(PIN.replace("3F", "40")));
        SSLHandshakeException handshake = new SSLHandshakeException("certificate refused");
        handshake.initCause(mismatch);

        DialFailure failure = DialFailure.of(new DeploymentException("TLS", handshake), TLS, URL);

        assertThat(failure.retry()).isEqualTo(DialFailure.Retry.NEVER);
        assertThat(failure.failure()).isSameAs(mismatch);
    }
}
