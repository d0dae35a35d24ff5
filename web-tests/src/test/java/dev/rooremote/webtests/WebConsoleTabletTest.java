package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.testsupport.RelayFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** A person on a tablet: the same console, laid out wider. */
class WebConsoleTabletTest extends BrowserTest {

    @RegisterExtension
    static final RelayFixture relay =
            RelayFixture.builder().demoSessions(2).demoTiming(TIMING).build();

    static ConsolePage page;

    @BeforeAll
    static void open() {
        browser().use(Browser.TABLET);
        page = new ConsolePage(browser(), relay.httpUrl());
    }

    @AfterAll
    static void back() {
        browser().use(Browser.PHONE);
    }

    @Test
    void answersAQuestionAndReadsTheTaskInTheHistory() {
        page.signIn("bob", relay.password("bob"));
        assertThat(page.sessionRows()).hasSize(2);
        assertThat(
                        browser()
                                .script(
                                        "return [window.innerWidth, document.documentElement.clientWidth, screen.width, devicePixelRatio].join()"))
                .isEqualTo("800,800,800,2");
        WebElement first = page.sessionRows().get(0);
        WebElement second = page.sessionRows().get(1);
        assertThat(first.getLocation().getY())
                .as("two columns")
                .isEqualTo(second.getLocation().getY());

        page.openSession("demo-1");
        page.startTask("Ask me a question about the greeting", null);
        page.tap(browser().waitFor(By.xpath("//button[contains(@class,'suggestion')][text()='French']")));
        page.waitForTranscript("Got the answer (French)");

        page.tap(By.id("tab-history"));
        page.tap(browser().waitFor(By.cssSelector(".history-row")));
        browser().waitFor(By.id("past-task"));
        browser().waitUntil("the past transcript", () -> browser()
                .driver()
                .findElement(By.id("past-task"))
                .getText()
                .contains("Ask me a question about the greeting"));
    }

    @Test
    void turnedOnItsSideTheSessionStillFitsAndItsAnswerIsInReach() {
        try {
            browser().use(Browser.TABLET_LANDSCAPE);
            page.signIn("bob", relay.password("bob"));
            page.openSession("demo-2");
            page.startTask("Add a greeting file", null);
            WebElement deny = browser().waitFor(By.id("deny"));
            assertThat(browser().script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .as("nothing wider than the screen")
                    .isEqualTo(true);
            assertThat(deny.isDisplayed()).isTrue();
            assertThat(deny.getSize().getHeight()).as("a finger-sized target").isGreaterThanOrEqualTo(44);
            page.tap(deny);
            page.waitForTranscript("unchanged");
        } finally {
            browser().use(Browser.TABLET);
        }
    }
}
