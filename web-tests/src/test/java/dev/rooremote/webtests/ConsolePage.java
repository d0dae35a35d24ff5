package dev.rooremote.webtests;

import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.Select;

/** What a person does in the web console, in the page's words: sign in, open a session, answer. */
final class ConsolePage {

    private final Browser browser;
    private final String origin;

    ConsolePage(Browser browser, String origin) {
        this.browser = browser;
        this.origin = origin;
    }

    Browser browser() {
        return browser;
    }

    String origin() {
        return origin;
    }

    /** Opens the login page afresh (no cookie, so no silent sign-in). */
    void openLogin() {
        browser.open(origin + "/");
        browser.waitFor(By.id("username"));
    }

    void typeCredentials(String user, String password) {
        WebElement name = browser.waitFor(By.id("username"));
        name.clear();
        name.sendKeys(user);
        WebElement pass = browser.driver().findElement(By.id("password"));
        pass.clear();
        pass.sendKeys(password);
        browser.driver().findElement(By.id("sign-in")).click();
    }

    /**
     * Signs in and waits for the session list (a password is hashed and the sessions arrive over a new
     * WebSocket: on a loaded machine that can take a while); a failure says what the page showed instead.
     */
    void signIn(String user, String password) {
        openLogin();
        typeCredentials(user, password);
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver(), java.time.Duration.ofSeconds(30))
                .withMessage(() -> "the session list after signing in as " + user + "; the page shows: " + shownText())
                .until(org.openqa.selenium.support.ui.ExpectedConditions.visibilityOfElementLocated(By.id("sessions")));
    }

    /** The page's visible text (never a password: what inputs hold is not text), cut for a failure message. */
    private String shownText() {
        try {
            String text =
                    browser.driver().findElement(By.tagName("body")).getText().replace('\n', ' ');
            return text.length() > 400 ? text.substring(0, 400) + "…" : text;
        } catch (RuntimeException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    String loginError() {
        return browser.waitFor(By.id("login-error")).getText();
    }

    /** The session list's rows: name, badge and what each does. */
    List<WebElement> sessionRows() {
        return browser.all(By.cssSelector(".session-row"));
    }

    void openSession(String sessionId) {
        tap(browser.waitClickable(By.cssSelector(".session-row[data-session='" + sessionId + "']")));
        browser.waitFor(By.cssSelector("#session[data-session='" + sessionId + "']"));
        browser.waitFor(By.id("task-line"));
    }

    /** Starts a task with the prompt box (and a mode, unless null), agreeing to stop a running one. */
    void startTask(String text, String modeSlug) {
        WebElement prompt = browser.waitFor(By.id("prompt"));
        prompt.clear();
        prompt.sendKeys(text);
        if (modeSlug != null) {
            new Select(browser.driver().findElement(By.id("task-mode"))).selectByValue(modeSlug);
        }
        WebElement send = browser.driver().findElement(By.id("send"));
        if (!send.getText().equals("Start task")) {
            send = browser.driver().findElement(By.id("new-task"));
        }
        tap(send);
        browser.waitUntil("the prompt box emptied after starting '" + text + "'", () -> {
            List<WebElement> confirm = browser.all(By.id("confirm-yes"));
            if (!confirm.isEmpty()) {
                tap(confirm.get(0));
                return false;
            }
            return browser.driver()
                    .findElement(By.id("prompt"))
                    .getAttribute("value")
                    .isEmpty();
        });
    }

    /** The text of every message of the shown transcript with `data-kind` {@code kind}. */
    List<String> messages(String kind) {
        return browser.all(By.cssSelector("#session .transcript > li[data-kind='" + kind + "']")).stream()
                .map(WebElement::getText)
                .toList();
    }

    String transcriptText() {
        List<WebElement> list = browser.all(By.cssSelector("#session .transcript"));
        return list.isEmpty() ? "" : list.get(0).getText();
    }

    void waitForTranscript(String text) {
        waitForTranscript(text, Duration.ofSeconds(30));
    }

    void waitForTranscript(String text, Duration timeout) {
        browser.waitUntil(
                "the transcript to show '" + text + "'", () -> transcriptText().contains(text), timeout);
    }

    /** A tap with a touch pointer (not a mouse click), as on a phone. */
    void tap(WebElement element) {
        browser.script("arguments[0].scrollIntoView({block: 'center'})", element);
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence tap = new Sequence(finger, 0)
                .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(element), 0, 0))
                .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        ((org.openqa.selenium.interactions.Interactive) browser.driver()).perform(List.of(tap));
    }

    void tap(By by) {
        tap(browser.waitClickable(by));
    }
}
