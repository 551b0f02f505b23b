package dev.opencic.server.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless browser for the console tests: Debian's {@code chromium} driven through its
 * {@code chromium-driver} (both installed by .ci/run; nothing is downloaded: the driver's path is
 * given, so Selenium Manager never runs). Missing, the test is skipped on a developer's machine and
 * fails under CI=true. Screenshots go to {@code target/console-screenshots/} (test artifacts).
 */
public final class HeadlessBrowser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static final Duration NAVIGATION_TIMEOUT = Duration.ofSeconds(15);

    private final ChromeDriver driver;

    private HeadlessBrowser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static HeadlessBrowser start() {
        return start(new String[0]);
    }

    /**
     * As {@link #start()}, with more chromium switches after the usual ones, e.g. the talk page's
     * {@code --use-fake-device-for-media-stream} and {@code --autoplay-policy=no-user-gesture-required}.
     */
    public static HeadlessBrowser start(String... extraArgs) {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
        String ci = System.getenv("CI");
        if (!present) {
            String missing = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
            if (ci != null && !ci.isBlank()) {
                Assertions.fail(missing);
            }
            Assumptions.abort(missing);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1100,800", "--ignore-certificate-errors", "--no-first-run", "--disable-extensions");
        options.addArguments(extraArgs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        return new HeadlessBrowser(driver);
    }

    public ChromeDriver driver() {
        return driver;
    }

    public HeadlessBrowser open(String url) {
        driver.get(url);
        return this;
    }

    public WebElement find(String cssSelector) {
        return driver.findElement(By.cssSelector(cssSelector));
    }

    public String text(String cssSelector) {
        return find(cssSelector).getText();
    }

    public HeadlessBrowser type(String cssSelector, String text) {
        WebElement e = find(cssSelector);
        e.clear();
        e.sendKeys(text);
        return this;
    }

    /**
     * Clicks a link or a form's button and waits until the next page has replaced this one.
     * chromedriver's click can return before the navigation it starts is under way; a lookup made
     * then would search the old page (seen in CI: the sign-in form's {@code #error} was looked for
     * on the page the wrong password had been typed into).
     */
    public HeadlessBrowser click(String cssSelector) {
        WebElement page = driver.findElement(By.tagName("html"));
        find(cssSelector).click();
        new WebDriverWait(driver, NAVIGATION_TIMEOUT)
                .withMessage("no new page within " + NAVIGATION_TIMEOUT + " after clicking " + cssSelector)
                .until(d -> replaced(page));
        new WebDriverWait(driver, NAVIGATION_TIMEOUT)
                .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
        return this;
    }

    /**
     * Whether the page {@code html} belonged to is gone. Besides "stale", chromedriver can answer a
     * look at an element of a page being replaced with "Node with given id does not belong to the
     * document" (seen once in ConsoleDataBrowserTest): that is gone too.
     */
    private static boolean replaced(WebElement html) {
        try {
            return ExpectedConditions.stalenessOf(html).apply(null);
        } catch (org.openqa.selenium.WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }

    public String path() {
        return java.net.URI.create(driver.getCurrentUrl()).getPath();
    }

    /** Saves the page as {@code target/console-screenshots/NAME.png}. */
    public void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Files.write(SCREENSHOTS.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
