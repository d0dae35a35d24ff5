package dev.rooremote.client;

import java.time.Duration;
import java.util.Optional;

/**
 * What a failed connection attempt means for the next one: the failure to report, and whether to
 * try again.
 *
 * @param retryAfter how long the relay asked to wait (too many attempts), or null
 */
record DialFailure(Throwable failure, Retry retry, Duration retryAfter) {

    enum Retry {
        /** Bad credentials or a changed certificate: trying again cannot help. */
        NEVER,
        /** The relay asked to wait. */
        LATER,
        /** The relay could not be reached: worth retrying once the client has been connected (or was told to). */
        IF_EVER_CONNECTED
    }

    static DialFailure of(Throwable e, TlsTrust.Context tls, RelayUrl url) {
        Optional<FingerprintMismatchException> mismatch = tls.mismatch(e);
        if (mismatch.isPresent()) {
            return new DialFailure(mismatch.get(), Retry.NEVER, null);
        }
        if (e instanceof RelayAuthenticationException auth) {
            return new DialFailure(
                    auth,
                    auth.httpStatus() == 429 ? Retry.LATER : Retry.NEVER,
                    auth.retryAfter().orElse(null));
        }
        int status = Failures.httpStatus(e);
        if (status == 401 || status == 403) {
            return new DialFailure(
                    new RelayAuthenticationException(
                            status, "the relay refused the credentials (HTTP " + status + ")", null),
                    Retry.NEVER,
                    null);
        }
        return new DialFailure(
                new RelayConnectionException(ConnectionProblem.describe(e, url), e), Retry.IF_EVER_CONNECTED, null);
    }
}
