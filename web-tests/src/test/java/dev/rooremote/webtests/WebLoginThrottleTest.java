package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.testsupport.RelayFixture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;

/**
 * Password guessing from a phone: the login page says how long to wait. A relay of its own, so the
 * addresses it throttles never lock out the sign-ins of the other tests.
 */
class WebLoginThrottleTest extends BrowserTest {

    @RegisterExtension
    static final RelayFixture relay =
            RelayFixture.builder().demoSessions(1).demoTiming(TIMING).build();

    static ConsolePage page;

    @BeforeAll
    static void open() {
        browser().use(Browser.PHONE);
        page = new ConsolePage(browser(), relay.httpUrl());
    }

    @Test
    void saysHowLongToWaitAfterTooManyWrongPasswords() {
        page.openLogin();
        String said = "";
        for (int attempt = 0; attempt < 12 && !said.startsWith("Too many attempts"); attempt++) {
            page.typeCredentials("bob", "guess-" + attempt);
            browser()
                    .waitUntil(
                            "the relay's answer",
                            () -> !browser().all(By.id("login-error")).isEmpty()
                                    && browser()
                                            .driver()
                                            .findElement(By.id("sign-in"))
                                            .getText()
                                            .equals("Sign in"));
            said = page.loginError();
        }
        assertThat(said).matches("Too many attempts\\. Wait \\d+ s, then try again\\.");
    }
}
