package dev.rooremote.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RelayUrlTest {

    @Test
    void derivesTheWebSocketAndHttpsAddresses() {
        RelayUrl url = RelayUrl.parse("wss://relay.example:8443");
        assertThat(url.webSocket()).hasToString("wss://relay.example:8443/v1/ws");
        assertThat(url.http("/v1/auth/login")).hasToString("https://relay.example:8443/v1/auth/login");
        assertThat(RelayUrl.parse("https://relay.example").port()).isEqualTo(443);
        assertThat(RelayUrl.parse("wss://[::1]:9000").webSocket()).hasToString("wss://[::1]:9000/v1/ws");
    }

    @Test
    void plainWebSocketOnlyToThisMachine() {
        assertThat(RelayUrl.parse("ws://127.0.0.1:8080").secure()).isFalse();
        assertThat(RelayUrl.parse("ws://localhost:8080").http("/x")).hasToString("http://localhost:8080/x");
        assertThatThrownBy(() -> RelayUrl.parse("ws://relay.example:8080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only allowed to this machine")
                .hasMessageContaining("wss://relay.example:8080");
    }

    @Test
    void badAddressesAreNamed() {
        assertThatThrownBy(() -> RelayUrl.parse("relay.example:8443")).hasMessageContaining("must start with wss://");
        assertThatThrownBy(() -> RelayUrl.parse("ftp://x")).hasMessageContaining("must start with wss://");
        assertThatThrownBy(() -> RelayUrl.parse("")).hasMessageContaining("ROO_RELAY_URL");
        assertThatThrownBy(() -> RelayUrl.parse("wss://")).hasMessageContaining("expected wss://HOST:PORT");
    }
}
