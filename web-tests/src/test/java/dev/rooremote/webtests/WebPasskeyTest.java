package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.relay.audit.AuditLog;
import dev.rooremote.testsupport.RelayFixture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * A passkey as the second sign-in step, in Chromium with its virtual authenticator (a platform
 * passkey that verifies the user): added on the Devices screen, then needed after the password; a
 * browser whose authenticator lacks it cannot finish signing in.
 *
 * <p>The page is opened at {@code https://localhost:PORT}: the RP ID is the host the browser reached
 * and must be a name, not 127.0.0.1. With {@code --ignore-certificate-errors} (see {@link Browser})
 * this machine's Chromium runs WebAuthn on localhost over the test relay's self-signed certificate,
 * so neither an SPKI allow-list nor a {@code --plain} relay is needed (both were the fallbacks).
 */
class WebPasskeyTest extends BrowserTest {

    @RegisterExtension
    static final RelayFixture relay =
            RelayFixture.builder().demoSessions(1).demoTiming(TIMING).build();

    static ConsolePage page;

    private final List<VirtualAuthenticator> authenticators = new ArrayList<>();

    @BeforeAll
    static void open() {
        browser().use(Browser.PHONE);
        page = new ConsolePage(browser(), "https://localhost:" + relay.port());
    }

    @AfterEach
    void removeAuthenticators() {
        authenticators.forEach(a -> authenticatorHost().removeVirtualAuthenticator(a));
    }

    private static HasVirtualAuthenticator authenticatorHost() {
        return (HasVirtualAuthenticator) browser().driver();
    }

    /** A platform authenticator that holds passkeys and verifies the user (screen lock), as a phone's. */
    private VirtualAuthenticator phoneAuthenticator() {
        VirtualAuthenticator authenticator = authenticatorHost()
                .addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true)
                        .setHasUserVerification(true)
                        .setIsUserVerified(true)
                        .setIsUserConsenting(true));
        authenticators.add(authenticator);
        return authenticator;
    }

    private static List<String> audit() {
        return relay.runtime().audit().recent(50).stream()
                .map((AuditLog.Entry e) -> e.action() + " " + e.outcome() + " " + e.actor())
                .toList();
    }

    @Test
    void aPasskeyAddedInTheConsoleIsNeededAfterThePasswordAndABrowserWithoutItCannotFinish() {
        VirtualAuthenticator phone = phoneAuthenticator();
        page.signIn("bob", relay.password("bob"));
        page.tap(By.id("devices"));
        browser().waitFor(By.id("no-passkeys"));
        WebElement name = browser().waitFor(By.id("passkey-name"));
        name.sendKeys("Bob's phone");
        page.tap(By.id("add-passkey"));
        assertThat(browser().waitFor(By.id("passkey-note")).getText()).contains("Added \"Bob's phone\"");
        assertThat(browser()
                        .waitFor(By.cssSelector("#passkey-list .passkey-name"))
                        .getText())
                .isEqualTo("Bob's phone");
        assertThat(phone.getCredentials()).hasSize(1);
        assertThat(relay.runtime().auth().passkeys().list("bob"))
                .singleElement()
                .satisfies(p -> assertThat(p.credentialId())
                        .isEqualTo(java.util.Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(phone.getCredentials().get(0).getId())));

        // Signed out, the password alone is not enough: the passkey finishes the sign-in.
        page.tap(By.id("sign-out"));
        browser().waitFor(By.id("username"));
        page.typeCredentials("bob", relay.password("bob"));
        // Back where it signed out (the Devices screen), signed in.
        browser().waitFor(By.id("devices-screen"));
        assertThat(browser().waitFor(By.id("who")).getText()).contains("bob");
        assertThat(audit()).contains("passkey_add ok bob", "web_login passkey_required bob", "web_passkey ok bob");

        // Another browser: right password, but its authenticator has no passkey for Bob.
        authenticatorHost().removeVirtualAuthenticator(phone);
        authenticators.remove(phone);
        phoneAuthenticator();
        page.openLogin();
        page.typeCredentials("bob", relay.password("bob"));
        assertThat(browser()
                        .waitFor(By.id("passkey-error"), Duration.ofSeconds(30))
                        .getText())
                .contains("No passkey was used");
        assertThat(browser().all(By.id("sessions"))).isEmpty();
        assertThat(browser().driver().manage().getCookies()).isEmpty();

        // Starting over goes back to the password form, saying nothing was signed in.
        page.tap(By.id("passkey-restart"));
        browser().waitFor(By.id("username"));
        assertThat(audit().stream().filter(a -> a.equals("web_passkey ok bob"))).hasSize(1);
    }

    @Test
    void pairingAPhoneOfAnAccountWithAPasskeyNeedsThePasskeyBeforeTheDeviceExists() {
        VirtualAuthenticator phone = phoneAuthenticator();
        page.signIn("carol", relay.password("carol"));
        page.tap(By.id("devices"));
        browser().waitFor(By.id("passkey-name")).sendKeys("Carol's passkey");
        page.tap(By.id("add-passkey"));
        browser().waitFor(By.id("passkey-note"));

        // The phone holds the passkey (a synced one): the code, then the passkey, sign it in.
        browser()
                .open(page.origin() + "/#pair="
                        + relay.runtime().auth().pairingCode("carol").code());
        WebElement name = browser().waitFor(By.id("device-name"));
        name.clear();
        name.sendKeys("Carol's phone");
        page.tap(By.id("pair-sign-in"));
        browser()
                .waitUntil(
                        "signed in as carol",
                        () -> !browser().all(By.id("who")).isEmpty()
                                && browser().all(By.id("who")).get(0).getText().contains("carol"));
        assertThat(relay.runtime().auth().devices().list("carol"))
                .extracting(d -> d.name())
                .containsExactly("Carol's phone");

        // A phone without it: the code is spent, no device is made, and the page says what to do.
        authenticatorHost().removeVirtualAuthenticator(phone);
        authenticators.remove(phone);
        phoneAuthenticator();
        browser()
                .open(page.origin() + "/#pair="
                        + relay.runtime().auth().pairingCode("carol").code());
        name = browser().waitFor(By.id("device-name"));
        name.clear();
        name.sendKeys("Mallory's phone");
        page.tap(By.id("pair-sign-in"));
        assertThat(browser()
                        .waitFor(By.id("passkey-error"), Duration.ofSeconds(30))
                        .getText())
                .contains("No passkey was used");
        page.tap(By.id("passkey-restart"));
        assertThat(browser().waitFor(By.id("pair-error")).getText()).contains("used up");
        assertThat(relay.runtime().auth().devices().list("carol"))
                .extracting(d -> d.name())
                .containsExactly("Carol's phone");
    }
}
