package dev.rooremote.webtests;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by its chromedriver, shared by every test class (starting it is
 * the slow part). It accepts the test relay's self-signed certificate, keeps the performance log (every
 * request the page makes) and emulates a phone or a tablet with touch ({@link #use}).
 */
final class Browser {

    /** Debian's Chromium; {@code -Dweb.chromium=PATH} names another. */
    static final Path CHROMIUM = Path.of(System.getProperty("web.chromium", "/usr/bin/chromium"));
    /** Debian's chromedriver; {@code -Dweb.chromedriver=PATH} names another. */
    static final Path CHROMEDRIVER = Path.of(System.getProperty("web.chromedriver", "/usr/bin/chromedriver"));

    /** A phone: 360 x 740 CSS pixels at 3x, touch. */
    static final Viewport PHONE = new Viewport("phone", 360, 740, 3.0, true);
    /** A tablet: 800 x 1280 CSS pixels at 2x, touch. */
    static final Viewport TABLET = new Viewport("tablet", 800, 1280, 2.0, true);
    /** The same tablet turned on its side: 1280 x 800. */
    static final Viewport TABLET_LANDSCAPE = new Viewport("tablet-landscape", 1280, 800, 2.0, true);

    record Viewport(String name, int width, int height, double scale, boolean mobile) {}

    private static Browser shared;

    private final ChromeDriver driver;

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    /** Why the browser tests cannot run here, or empty when Chromium and its driver are installed. */
    static Optional<String> missing() {
        return missing(CHROMIUM, CHROMEDRIVER);
    }

    static Optional<String> missing(Path chromium, Path chromedriver) {
        List<String> absent = new ArrayList<>();
        if (!Files.isExecutable(chromium)) {
            absent.add(chromium + " (apt-get install chromium)");
        }
        if (!Files.isExecutable(chromedriver)) {
            absent.add(chromedriver + " (apt-get install chromium-driver)");
        }
        return absent.isEmpty()
                ? Optional.empty()
                : Optional.of("browser tests skipped: missing " + String.join(" and ", absent)
                        + "; install them with: apt-get install chromium chromium-driver");
    }

    /** The one browser of this JVM, started on first use and closed when the JVM exits. */
    static synchronized Browser shared() {
        if (shared == null) {
            shared = new Browser(start());
            Runtime.getRuntime().addShutdownHook(new Thread(shared.driver::quit, "chromium-quit"));
        }
        return shared;
    }

    private static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-dev-shm-usage",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--ignore-certificate-errors",
                "--window-size=" + PHONE.width() + "," + PHONE.height());
        options.setAcceptInsecureCerts(true);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return driver;
    }

    WebDriver driver() {
        return driver;
    }

    /** Where chromedriver opened the browser's DevTools port (host:port), for {@link DevTools}. */
    String debuggerAddress() {
        Object options = driver.getCapabilities().getCapability("goog:chromeOptions");
        return String.valueOf(((Map<?, ?>) options).get("debuggerAddress"));
    }

    /** Lets the page at {@code origin} show notifications, as a person who agreed to the prompt. */
    void allowNotifications(String origin) {
        driver.executeCdpCommand(
                "Browser.grantPermissions", Map.of("origin", origin, "permissions", List.of("notifications")));
    }

    /**
     * Emulates {@code viewport}: its size, pixel ratio, touch and a mobile browser's user agent (set
     * over the DevTools protocol, so the one browser can switch between a phone and a tablet).
     */
    void use(Viewport viewport) {
        driver.executeCdpCommand(
                "Emulation.setUserAgentOverride",
                Map.of(
                        "userAgent",
                        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
                                + " Chrome/150.0.0.0 " + (viewport.width() < 600 ? "Mobile " : "") + "Safari/537.36"));
        driver.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of(
                        "width",
                        viewport.width(),
                        "height",
                        viewport.height(),
                        "deviceScaleFactor",
                        viewport.scale(),
                        "mobile",
                        viewport.mobile(),
                        "screenWidth",
                        viewport.width(),
                        "screenHeight",
                        viewport.height()));
        driver.executeCdpCommand("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 5));
    }

    /** Emulates a device set to dark colours (prefers-color-scheme: dark), or back to light. */
    void dark(boolean dark) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", dark ? "dark" : "light"))));
    }

    /** Opens {@code url} in a clean state: no cookies of an earlier test, nothing left in the log. */
    void open(String url) {
        driver.manage().deleteAllCookies();
        driver.get(url);
    }

    WebElement waitFor(By by) {
        return waitFor(by, Duration.ofSeconds(15));
    }

    WebElement waitFor(By by, Duration timeout) {
        return new WebDriverWait(driver, timeout).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement waitClickable(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.elementToBeClickable(by));
    }

    void waitUntil(String what, java.util.function.Supplier<Boolean> condition) {
        waitUntil(what, condition, Duration.ofSeconds(20));
    }

    void waitUntil(String what, java.util.function.Supplier<Boolean> condition, Duration timeout) {
        new WebDriverWait(driver, timeout)
                .withMessage(what)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.get());
    }

    List<WebElement> all(By by) {
        return driver.findElements(by);
    }

    Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    Object asyncScript(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** The performance log's entries since it was last read (reading empties it). */
    List<LogEntry> performanceLog() {
        return driver.manage().logs().get(LogType.PERFORMANCE).getAll();
    }

    /** The page's console messages since they were last read (reading empties them). */
    List<LogEntry> consoleLog() {
        return driver.manage().logs().get(LogType.BROWSER).getAll();
    }

    byte[] screenshot() {
        return driver.getScreenshotAs(org.openqa.selenium.OutputType.BYTES);
    }
}
