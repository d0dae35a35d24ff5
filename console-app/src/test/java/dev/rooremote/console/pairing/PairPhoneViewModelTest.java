package dev.rooremote.console.pairing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.rooremote.console.connect.ClientRelayConnector;
import dev.rooremote.console.connect.RelayConnector;
import dev.rooremote.console.connect.RelayLink;
import dev.rooremote.console.fx.UiExecutor;
import dev.rooremote.console.testing.ScriptedDialogs;
import dev.rooremote.protocol.relay.Role;
import dev.rooremote.testsupport.RelayFixture;
import dev.rooremote.testsupport.roo.QrCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Relay > Pair a phone against a real relay: the QR code shown, read as a camera would, is the relay's
 * web console with a code that signs a phone in as the console's user; an agent token is told why not.
 */
class PairPhoneViewModelTest {

    @RegisterExtension
    static final RelayFixture relay = RelayFixture.builder().demoSessions(1).build();

    private RelayLink connect(String user, char[] password, String token) throws Exception {
        return new ClientRelayConnector()
                .connect(
                        URI.create(relay.url()),
                        new RelayConnector.Credentials(user, password, token, false),
                        relay.fingerprint(),
                        t -> {});
    }

    @Test
    void theQrCodeShownSignsAPhoneInAsTheConsolesUser() throws Exception {
        ScriptedDialogs dialogs = new ScriptedDialogs();
        try (RelayLink link = connect("bob", relay.password("bob").toCharArray(), null)) {
            new PairPhoneViewModel(link, dialogs, UiExecutor.sameThread()).pair();
            await().atMost(Duration.ofSeconds(10)).until(() -> !dialogs.pictures.isEmpty());
        }
        ScriptedDialogs.Picture shown = dialogs.pictures.get(0);
        assertThat(shown.title()).isEqualTo("Pair a phone");
        String scanned = QrCodes.decodePixels(shown.width(), shown.height(), shown.argb());
        assertThat(scanned).startsWith(relay.httpUrl() + "/#pair=");
        assertThat(shown.message()).contains("'bob'").contains("works once").contains(scanned);

        String code = scanned.substring(scanned.indexOf("#pair=") + 6);
        HttpResponse<String> paired = HttpClient.newBuilder()
                .sslContext(relay.sslContext())
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create(relay.httpUrl() + "/v1/web/pair"))
                                .header("X-Roo-Web", "1")
                                .header("Origin", relay.httpUrl())
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(
                                        "{\"code\":\"" + code + "\",\"device\":\"Bob's phone\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(paired.statusCode()).isEqualTo(200);
        assertThat(paired.body()).contains("\"user\":\"bob\"");
    }

    @Test
    void anAgentTokenIsToldToSignInAsAPerson() throws Exception {
        ScriptedDialogs dialogs = new ScriptedDialogs();
        String agent = relay.agentToken("ci-pair", Role.OPERATOR, "demo-1");
        try (RelayLink link = connect("ci-pair", null, agent)) {
            new PairPhoneViewModel(link, dialogs, UiExecutor.sameThread()).pair();
            await().atMost(Duration.ofSeconds(10)).until(() -> !dialogs.errors.isEmpty());
        }
        assertThat(dialogs.errors.get(0)).contains("sign in as a person");
        assertThat(dialogs.pictures).isEmpty();
    }
}
