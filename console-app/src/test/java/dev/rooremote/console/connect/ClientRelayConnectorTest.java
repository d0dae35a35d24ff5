package dev.rooremote.console.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.client.RelayAuthenticationException;
import org.junit.jupiter.api.Test;

/** What the console says when a relay refuses a sign-in: the console's own advice, not another tool's. */
class ClientRelayConnectorTest {

    @Test
    void refusedCredentialsSayToCheckTheNameAndPassword() {
        Exception said = ClientRelayConnector.translate(
                new RelayAuthenticationException(401, "the relay refused the credentials (HTTP 401)", null));

        assertThat(said)
                .hasMessage("the relay refused the credentials (HTTP 401). "
                        + "Check the user name and password, then connect again.");
        assertThat(said.getMessage()).doesNotContain("roo-agent");
    }
}
