package dev.rooremote.webtests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rooremote.testsupport.RelayFixture;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** A person on a phone: signs in, sees the sessions, watches Roo and answers it. One session per test. */
class WebConsolePhoneTest extends BrowserTest {

    @RegisterExtension
    static final RelayFixture relay =
            RelayFixture.builder().demoSessions(6).demoTiming(TIMING).build();

    static ConsolePage page;

    @BeforeAll
    static void open() {
        browser().use(Browser.PHONE);
        page = new ConsolePage(browser(), relay.httpUrl());
    }

    static void signIn() {
        page.signIn("alice", relay.password("alice"));
    }

    @Test
    void signsInAndSeesEverySessionWithItsBadge() {
        signIn();
        List<WebElement> rows = page.sessionRows();
        assertThat(rows).hasSize(6);
        assertThat(rows.get(0).findElement(By.className("badge")).getText())
                .isIn("idle", "running", "needs you", "disconnected");
        assertThat(browser().driver().findElement(By.id("who")).getText()).isEqualTo("alice · admin");
        assertThat((Long) browser().script("return document.documentElement.scrollWidth"))
                .as("nothing wider than the phone")
                .isLessThanOrEqualTo(360L);
    }

    @Test
    void watchesAReplyStreamAndGrow() {
        signIn();
        page.openSession("demo-1");
        page.startTask("Explain it in a long answer, long 6000", null);
        browser().waitUntil("Roo's reply to start streaming", () -> page.messages("assistant").stream()
                .anyMatch(t -> t.length() > 40));
        int first = page.messages("assistant").get(0).length();
        browser()
                .waitUntil(
                        "the reply to grow",
                        () -> page.messages("assistant").get(0).length() > first + 200);
        page.waitForTranscript("I wrote the long explanation above.");
        assertThat(page.messages("reasoning")).isNotEmpty();
    }

    @Test
    void answersAFollowupWithOneTapOnASuggestion() {
        signIn();
        page.openSession("demo-2");
        page.startTask("Ask me a question first", null);
        WebElement german = browser().waitFor(By.xpath("//button[contains(@class,'suggestion')][text()='German']"));
        assertThat(browser().all(By.cssSelector("#ask .suggestion")).stream().map(WebElement::getText))
                .containsExactly("English", "German", "French");
        page.tap(german);
        page.waitForTranscript("Got the answer (German)");
    }

    @Test
    void deniesAFileEditWithFeedback() {
        signIn();
        page.openSession("demo-3");
        page.startTask("Add a usage section to the README", null);
        browser().waitFor(By.id("deny"));
        assertThat(browser().driver().findElement(By.id("ask")).getText()).contains("Roo wants to edit README.md");
        assertThat(browser().all(By.cssSelector("#session .diff-add"))).isNotEmpty();
        browser().driver().findElement(By.id("deny-feedback")).sendKeys("Leave the README alone");
        page.tap(By.id("deny"));
        page.waitForTranscript("Understood, I left README.md unchanged.");
        page.waitForTranscript("Leave the README alone");
    }

    @Test
    void approvesAFileEditWhereTheSessionCan() {
        signIn();
        page.openSession("demo-4");
        page.startTask("Add a usage section to the README", null);
        page.tap(By.id("approve"));
        page.waitForTranscript("Saved README.md.");
        browser()
                .waitUntil(
                        "the ask to go", () -> browser().all(By.id("approve")).isEmpty());
    }

    @Test
    void cancelsATaskAndResumesIt() {
        signIn();
        page.openSession("demo-5");
        page.startTask("A long story please, long 20000", null);
        browser().waitUntil("Roo to stream", () -> !page.messages("assistant").isEmpty());
        page.tap(By.id("cancel"));
        page.tap(By.id("confirm-yes"));
        browser()
                .waitUntil(
                        "Roo to offer resuming (or the page to say why not)",
                        () -> !browser().all(By.id("resume")).isEmpty()
                                || !browser().all(By.id("notice")).isEmpty());
        assertThat(browser().all(By.id("notice"))).isEmpty();
        page.tap(By.id("resume"));
        page.waitForTranscript("Picking up where I left off");
    }

    @Test
    void startsATaskInAChosenMode() {
        signIn();
        page.openSession("demo-6");
        page.startTask("Run the command for the tests", "ask");
        page.waitForTranscript("Run the command for the tests");
        browser().waitFor(By.id("deny"));
        assertThat(browser().driver().findElement(By.id("ask")).getText()).contains("Roo wants to run: npm test");
        // approved, the command runs; how it ended shows beside its output once the bridge reports it
        page.tap(By.id("approve"));
        browser()
                .waitUntil(
                        "the exit status beside the command's output",
                        () -> browser().all(By.cssSelector("#session .msg-command_output .exit")).stream()
                                .anyMatch(e -> e.getText().equals("exit 0")));
    }

    @Test
    void anAdminSwitchesAutoApproval() {
        signIn();
        page.openSession("demo-1");
        page.tap(By.id("tab-settings"));
        By write = By.cssSelector("#settings input[data-key='alwaysAllowWrite']");
        boolean before = browser().waitFor(write).isSelected();
        page.tap(browser().driver().findElement(write));
        browser()
                .waitUntil(
                        "the switch to change",
                        () -> browser().driver().findElement(write).isSelected() != before);
        page.tap(By.id("tab-live"));
        page.tap(By.id("tab-settings"));
        browser()
                .waitUntil(
                        "the change read back from the relay",
                        () -> browser().waitFor(write).isSelected() != before);
    }

    @Test
    void refusesAWrongPasswordClearly() {
        page.openLogin();
        page.typeCredentials("alice", "not-her-password");
        assertThat(page.loginError()).isEqualTo("Wrong username or password.");
        assertThat(browser().all(By.id("sessions"))).isEmpty();
    }
}
