package org.fhirgateway.server.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code /usr/bin/chromium} through {@code /usr/bin/chromedriver}; Selenium
 * never downloads a browser or a driver) pointed at a running gateway's console, with a fixed window size so the
 * screenshots are comparable. Shared by every *BrowserTest.
 */
public final class ConsoleBrowser implements AutoCloseable {

    public static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final ChromeDriver driver;
    private final String root;

    /** @param root the gateway's root URL, e.g. {@code http://localhost:8080} (localhost: Chrome keeps Secure cookies) */
    public ConsoleBrowser(String root) {
        this.root = root;
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--no-first-run", "--disable-extensions", "--disable-background-networking",
                "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(CHROMEDRIVER).toFile()).usingAnyFreePort().build();
        this.driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    public ChromeDriver driver() {
        return driver;
    }

    /** Opens a console path ({@code /messages}); the address bar never carries anything but that path. */
    public void open(String consolePath) {
        driver.get(root + Console.PATH + consolePath);
    }

    /** Signs in on the form with {@code token}; returns once the next page has loaded. */
    public void signIn(String token) {
        open("/sign-in");
        driver.findElement(By.id("token")).sendKeys(token);
        WebElement button = driver.findElement(By.id("sign-in"));
        button.click();
        waitFor(ExpectedConditions.stalenessOf(button));
    }

    public void signOut() {
        WebElement button = driver.findElement(By.id("sign-out"));
        button.click();
        waitFor(ExpectedConditions.stalenessOf(button));
    }

    /** The path of the current address, after the host (what the browser's history keeps). */
    public String currentPath() {
        String url = driver.getCurrentUrl();
        return url.startsWith(root) ? url.substring(root.length()) : url;
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public String text(String css) {
        return find(css).getText();
    }

    public <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> condition) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(condition);
    }

    /** Writes the window as {@code target/screenshots/<name>.png} (relative to the module). */
    public Path screenshot(String name) throws IOException {
        Files.createDirectories(SCREENSHOTS);
        Path target = SCREENSHOTS.resolve(name + ".png");
        Path taken = driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(taken, target, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    @Override
    public void close() {
        driver.quit();
    }
}
