package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.relay.auth.PairingCodes;
import dev.rooremote.relay.cli.RelayMain;
import dev.rooremote.testsupport.RelayFixture;
import dev.rooremote.testsupport.roo.QrCodes;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Pairing a phone end to end: the QR code {@code roo-relay pair} prints is read as a camera would, the
 * phone opens it and is signed in as a named device without a password; the code works once and not
 * after five minutes; a revoked device is cut off. A relay of its own, so the refused codes it
 * throttles never touch the other tests' sign-ins.
 */
class WebPairingTest extends BrowserTest {

    @RegisterExtension
    static final RelayFixture relay =
            RelayFixture.builder().demoSessions(1).demoTiming(TIMING).build();

    static ConsolePage page;

    @BeforeAll
    static void open() {
        browser().use(Browser.PHONE);
        page = new ConsolePage(browser(), relay.httpUrl());
    }

    /** Runs {@code roo-relay ARGS} on the fixture's data dir, as the operator would next to the relay. */
    private static String relayCli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = relay.dataDir().toString();
        int code = RelayMain.commandLine(
                        new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true), new PrintWriter(err, true))
                .execute(all);
        assertThat(code).as("roo-relay %s: %s", String.join(" ", args), err).isZero();
        return out.toString();
    }

    /** The link in the QR code {@code roo-relay pair} draws, read from its blocks. */
    private static String scanPairCommand(String user) {
        String out = relayCli("pair", "--user", user, "--url", relay.httpUrl());
        List<String> blocks = out.lines()
                .filter(l -> !l.isBlank() && l.chars().allMatch(c -> " █▀▄".indexOf(c) >= 0))
                .toList();
        String link = QrCodes.decodeText(blocks);
        assertThat(out).contains(link);
        return link;
    }

    private void pairWith(String link, String deviceName) {
        browser().open(link);
        WebElement name = browser().waitFor(By.id("device-name"));
        assertThat(browser().driver().getCurrentUrl()).doesNotContain("pair=");
        name.clear();
        name.sendKeys(deviceName);
        page.tap(By.id("pair-sign-in"));
    }

    private String pairError() {
        return browser().waitFor(By.id("pair-error")).getText();
    }

    @Test
    void theScannedCodeSignsThePhoneInOnceAndARevokedPhoneIsCutOff() {
        String link = scanPairCommand("bob");
        assertThat(link).startsWith(relay.httpUrl() + "/#pair=");

        pairWith(link, "Bob's phone");
        browser().waitFor(By.id("sessions"));
        assertThat(browser().waitFor(By.id("who")).getText()).contains("bob");

        page.tap(By.id("devices"));
        WebElement row = browser().waitFor(By.cssSelector("#device-list .device"));
        assertThat(row.getText()).contains("Bob's phone").contains("this device");

        // the same code again, from another browser (no cookie): refused, saying why
        pairWith(link, "Mallory's phone");
        assertThat(pairError()).contains("already used");
        assertThat(relayCli("device", "list", "--user", "bob"))
                .contains("Bob's phone")
                .doesNotContain("Mallory");

        // a code made more than five minutes ago: refused
        String stale = new PairingCodes(
                        relay.runtime().database(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-6)))
                .issue("bob")
                .code();
        pairWith(relay.httpUrl() + "/#pair=" + stale, "Late phone");
        assertThat(pairError()).contains("expired");

        // a second phone, then revoked by the operator: its open page is signed out within seconds
        pairWith(scanPairCommand("bob"), "Bob's tablet");
        browser().waitFor(By.id("sessions"));
        String list = relayCli("device", "list", "--user", "bob");
        String tablet = list.lines()
                .filter(l -> l.contains("Bob's tablet"))
                .findFirst()
                .orElseThrow()
                .split(" ")[0];
        relayCli("device", "revoke", tablet);
        browser().waitFor(By.id("username"), Duration.ofSeconds(15));
        assertThat(page.loginError()).isNotBlank();
    }

    @Test
    void thePhoneRevokesADeviceFromItsOwnMenu() {
        pairWith(scanPairCommand("carol"), "Carol's phone");
        browser().waitFor(By.id("sessions"));
        page.tap(By.id("devices"));
        browser().waitFor(By.cssSelector("#device-list .device"));
        page.tap(By.cssSelector("#device-list .device .revoke"));
        page.tap(By.id("confirm-yes"));
        // it revoked itself: signed out at once, back at the login
        browser().waitFor(By.id("username"), Duration.ofSeconds(10));
        assertThat(relayCli("device", "list", "--user", "carol")).contains("no paired devices");
        assertThat(relay.runtime().audit().recent(50).toString())
                .contains("web_pair")
                .contains("revoke_device")
                .contains("pair_code");
    }
}
