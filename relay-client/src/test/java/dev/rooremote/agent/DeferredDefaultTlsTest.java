package dev.rooremote.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.rooremote.client.TestRelay;
import java.net.URI;
import java.nio.file.Path;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * roo-agent defers the JVM's default TLS set-up; whatever uses that default still gets exactly the
 * JVM's: its cipher suites and its trust, so a certificate the system does not trust is refused.
 */
class DeferredDefaultTlsTest {

    @Test
    void theDefaultIsStillTheJvmsAndTrustsNoMoreThanIt(@TempDir Path dataDir) throws Exception {
        DeferredDefaultTls.install();

        assertThat(HttpsURLConnection.getDefaultSSLSocketFactory().getDefaultCipherSuites())
                .containsExactly(SSLContext.getDefault().getSocketFactory().getDefaultCipherSuites());
        try (TestRelay relay = TestRelay.start(dataDir)) {
            // The relay's self-signed certificate: only a pin trusts it, never the system's default.
            URI health = URI.create(relay.url().replace("wss://", "https://").replace("/v1/ws", "/v1/health"));
            HttpsURLConnection https = (HttpsURLConnection) health.toURL().openConnection();
            assertThatThrownBy(https::getResponseCode)
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("PKIX path building failed");
        }
    }
}
