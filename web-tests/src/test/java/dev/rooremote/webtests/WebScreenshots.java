package dev.rooremote.webtests;

import dev.rooremote.testsupport.RelayFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.virtualauthenticator.HasVirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;

/**
 * Writes the README's pictures of the web console: {@code docs/web-phone.png} and {@code
 * docs/web-tablet.png}, a demo session with a transcript and a file edit waiting for approval; then,
 * at the phone's size, {@code docs/web-pair.png}, the page a phone opens from a pairing QR code (asking
 * for the device's name; the code is already gone from the address), and {@code docs/web-devices.png},
 * the Devices screen with two paired devices, one passkey (Chromium's virtual authenticator, as in
 * {@link WebPasskeyTest}) and the notification switch. Not a test; run it after changing the page, with an
 * emoji font installed (Debian: {@code fonts-noto-color-emoji}) so that Roo's mode names ("💻 Code") draw as
 * a phone shows them:
 *
 * <pre>./mvnw -B -q test-compile exec:java -pl web-tests -DskipTests -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.rooremote.webtests.WebScreenshots -Dexec.args=docs</pre>
 */
public final class WebScreenshots {

    private WebScreenshots() {}

    public static void main(String[] args) throws Exception {
        Browser.missing().ifPresent(message -> {
            throw new IllegalStateException(message);
        });
        Path docs = Path.of(args.length > 0 ? args[0] : "docs").toAbsolutePath();
        Files.createDirectories(docs);
        try (RelayFixture relay = RelayFixture.builder()
                .demoSessions(3)
                .demoTiming(BrowserTest.TIMING)
                .start()) {
            Browser browser = Browser.shared();
            browser.use(Browser.PHONE);
            ConsolePage page = new ConsolePage(browser, relay.httpUrl());
            page.signIn("alice", relay.password("alice"));
            page.openSession("demo-1");
            page.startTask("Add a usage section to the README", null);
            browser.waitFor(By.id("approve"));
            editSettled(browser);
            browser.script("document.querySelector(\"#session li[data-kind='tool']\").scrollIntoView()");
            Files.write(docs.resolve("web-phone.png"), browser.screenshot());
            browser.use(Browser.TABLET);
            viewportIs(browser, Browser.TABLET.width(), Browser.TABLET.height());
            browser.script("window.scrollTo(0, 0)");
            Files.write(docs.resolve("web-tablet.png"), browser.screenshot());
            System.out.println("wrote " + docs.resolve("web-phone.png") + " and " + docs.resolve("web-tablet.png"));
            pairingAndDevices(browser, relay, docs);
        }
        System.exit(0);
    }

    /**
     * Pairs two devices of alice by their QR links, adds a passkey and shows the Devices screen. On
     * {@code localhost}, by name: passkeys are bound to a host name, never an IP address.
     */
    private static void pairingAndDevices(Browser browser, RelayFixture relay, Path docs) throws Exception {
        browser.use(Browser.PHONE);
        String origin = "https://localhost:" + relay.port();
        ConsolePage page = new ConsolePage(browser, origin);
        pair(browser, relay, origin, "Alice's tablet");
        page.tap(By.id("pair-sign-in"));
        browser.waitFor(By.id("sessions"));

        pair(browser, relay, origin, "Alice's phone");
        browser.waitUntil(
                "the pairing page to show the device's name with the code gone from the address",
                () -> Boolean.TRUE.equals(browser.script(
                        "return document.getElementById('device-name').value"
                                + " === arguments[0] && !location.hash && document.activeElement.id === 'device-name'",
                        "Alice's phone")));
        Files.write(docs.resolve("web-pair.png"), browser.screenshot());
        page.tap(By.id("pair-sign-in"));
        browser.waitFor(By.id("sessions"));

        ((HasVirtualAuthenticator) browser.driver())
                .addVirtualAuthenticator(new VirtualAuthenticatorOptions()
                        .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
                        .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
                        .setHasResidentKey(true)
                        .setHasUserVerification(true)
                        .setIsUserVerified(true)
                        .setIsUserConsenting(true));
        page.tap(By.id("devices"));
        browser.waitFor(By.cssSelector("#device-list .device"));
        browser.waitFor(By.id("passkey-name")).sendKeys("Alice's phone");
        page.tap(By.id("add-passkey"));
        browser.waitFor(By.cssSelector("#passkey-list .passkey-name"));
        // The whole screen, devices to passkeys, at the phone's width: the viewport as tall as the page.
        long height = ((Number) browser.script("return document.documentElement.scrollHeight")).longValue();
        browser.use(
                new Browser.Viewport("phone-page", Browser.PHONE.width(), (int) height, Browser.PHONE.scale(), true));
        viewportIs(browser, Browser.PHONE.width(), (int) height);
        browser.script("window.scrollTo(0, 0)");
        Files.write(docs.resolve("web-devices.png"), browser.screenshot());
        browser.use(Browser.PHONE);
        System.out.println("wrote " + docs.resolve("web-pair.png") + " and " + docs.resolve("web-devices.png"));
    }

    /**
     * Waits until the session shows the file edit waiting for approval and nothing still moves: no
     * message streaming, every API request with its tokens, and the task line waiting for the person with
     * the task's cost counted.
     */
    private static void editSettled(Browser browser) {
        browser.waitUntil(
                "the file edit waiting for approval, with nothing streaming or counting",
                () -> Boolean.TRUE.equals(browser.script("const session = document.getElementById('session');"
                        + " const line = document.getElementById('task-line');"
                        + " return !!session && !!line"
                        + " && !!session.querySelector(\"li[data-kind='tool']\")"
                        + " && !session.querySelector('.streaming')"
                        + " && ![...session.querySelectorAll(\"li[data-kind='api_request']\")]"
                        + ".some(li => li.textContent.includes('in progress'))"
                        + " && line.textContent.startsWith('waiting for you')"
                        + " && !line.textContent.includes('$0.0000')")));
    }

    /** Waits until the page has taken the emulated viewport's size, {@code width} x {@code height}. */
    private static void viewportIs(Browser browser, int width, int height) {
        browser.waitUntil(
                "the page to take the viewport " + width + " x " + height,
                () -> Boolean.TRUE.equals(browser.script(
                        "return window.innerWidth === arguments[0] && window.innerHeight === arguments[1]",
                        width,
                        height)));
    }

    /** Opens a fresh pairing link of alice, as the phone's camera does, and names the device. */
    private static void pair(Browser browser, RelayFixture relay, String origin, String deviceName) {
        browser.open(
                origin + "/#pair=" + relay.runtime().auth().pairingCode("alice").code());
        WebElement name = browser.waitFor(By.id("device-name"));
        name.clear();
        name.sendKeys(deviceName);
    }
}
