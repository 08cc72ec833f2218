package io.vmledger.web.ui;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.logging.Level;

/**
 * ONE headless Chromium (Debian's chromium and chromium-driver, through Selenium) shared by every
 * browser test of the JVM, with what they need: a viewport of a given width, the console's errors,
 * axe-core's WCAG 2.1 AA audit, full-page screenshots into {@code web/target/screenshots/}, and the
 * keyboard.
 */
final class Browser {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String CHROMIUM = System.getProperty("vmledger.chromium", "/usr/bin/chromium");
    static final String CHROMEDRIVER = System.getProperty("vmledger.chromedriver", "/usr/bin/chromedriver");
    static final List<String> WCAG_21_AA = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    private static Browser instance;

    final ChromeDriver driver;
    private final String axe;
    private int width = 1280;

    private Browser() throws IOException {
        if (!Files.isExecutable(Path.of(CHROMIUM)) || !Files.isExecutable(Path.of(CHROMEDRIVER))) {
            throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver ("
                    + CHROMIUM + ", " + CHROMEDRIVER + "); bin/test installs them");
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--hide-scrollbars", "--lang=en-US",
                "--user-data-dir=" + Files.createTempDirectory("vmledger-chromium"), "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        axe = axeSource();
        Files.createDirectories(SCREENSHOTS);
        Runtime.getRuntime().addShutdownHook(new Thread(driver::quit));
    }

    static synchronized Browser get() {
        if (instance == null) {
            try {
                instance = new Browser();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    private static String axeSource() throws IOException {
        Properties p = new Properties();
        try (InputStream in = Browser.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            p.load(in);
        }
        String path = "/META-INF/resources/webjars/axe-core/" + p.getProperty("version") + "/axe.min.js";
        try (InputStream in = Browser.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("axe-core is missing from the test class path: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Sets the viewport: 360 emulates a phone (mobile viewport), anything else a desktop window. */
    void width(int px) {
        width = px;
        driver.executeCdpCommand("Emulation.setDeviceMetricsOverride", Map.of(
                "width", px, "height", px < 600 ? 780 : 900, "deviceScaleFactor", 1, "mobile", px < 600));
    }

    /** Opens a URL and waits until the page has loaded and its scripts have run. */
    void open(String url) {
        consoleErrors(); // drop what earlier pages left
        driver.get(url);
        settle();
    }

    void settle() {
        new WebDriverWait(driver, Duration.ofSeconds(20)).ignoring(WebDriverException.class)
                .until(d -> "complete".equals(js("return document.readyState")));
        // deferred script done: charts drawn (or none to draw)
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(js(
                "return document.querySelectorAll('.chart[data-chart]').length === 0"
                        + " || performance.getEntriesByName('vmledger:charts-drawn').length > 0")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The console's errors (and failed loads) since the last call. */
    List<String> consoleErrors() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= Level.SEVERE.intValue()) {
                out.add(e.getMessage());
            }
        }
        return out;
    }

    /** axe-core's WCAG 2.1 A and AA violations of the page as it is, one line each. */
    List<String> axeViolations() {
        js(axe);
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
                   .then(r => done(r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                        + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | '))))
                   .catch(e => done(['axe failed: ' + e]));""", WCAG_21_AA);
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) result) {
            out.add(String.valueOf(o));
        }
        return out;
    }

    /** A full-page screenshot at the current width, written to {@code target/screenshots/NAME-WIDTH.png}. */
    Path screenshot(String name) {
        Number height = (Number) js("return Math.ceil(document.documentElement.scrollHeight)");
        Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot", Map.of(
                "format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", 0, "y", 0, "width", width, "height", height.intValue(), "scale", 1)));
        Path file = SCREENSHOTS.resolve(name + "-" + width + ".png");
        try {
            Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    WebElement focused() {
        return driver.switchTo().activeElement();
    }

    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Presses keys that load another page (Enter on a link or in a form) and waits until it has loaded. */
    void pressAndLoad(CharSequence... keys) {
        // A mark on the old document's window: gone once the next document has replaced it. (Probing an
        // old element for staleness races the navigation: Chromium may answer "node does not belong to
        // the document", which Selenium does not map to a stale element.)
        js("window.vmledgerOldPage = true");
        press(keys);
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(WebDriverException.class)
                .until(d -> Boolean.TRUE.equals(js("return window.vmledgerOldPage === undefined")));
        settle();
    }

    void tab() {
        press(Keys.TAB);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }
}
