package com.karrot.marketplace;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Debian's headless Chromium driven through its ChromeDriver (nothing downloads a browser), on the console of a
 * running marketplace. Without {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver} (installed by
 * {@code .ci/run}) the tests using it are skipped.
 */
final class ConsoleBrowser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    /** Where the screenshots of docs/console.md are written, when the build is asked to write them. */
    private static final String SCREENSHOTS = System.getProperty("karrot.console.screenshots", "");

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final Path profile;

    private final ChromeDriverService service;

    private final ChromeDriver driver;

    private final String console;

    ConsoleBrowser(int port) {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Chromium and ChromeDriver are not installed (apt-get install chromium chromium-driver)");
        try {
            this.profile = Files.createTempDirectory("console-chromium");
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        this.service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort()
            .build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
            .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + this.profile);
        this.driver = new ChromeDriver(this.service, options);
        this.driver.manage().window().setSize(new Dimension(1400, 1000));
        // the page samples the endpoints every second instead of every five
        this.console = "http://localhost:" + port + "/actuator/kafkaconsole?refresh=1";
    }

    /** Opens a view and waits until the page knows what the caller may change. */
    void open(String view) {
        this.driver.get(this.console + "#" + view);
        until(By.cssSelector("#access[data-mode]"));
        until(By.cssSelector("main[data-view='" + view + "'] h2"));
    }

    WebElement until(By by) {
        return new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void untilText(By by, String text) {
        new WebDriverWait(this.driver, WAIT).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    /** Clicks an element, found again when the page's refresh replaced it meanwhile. */
    void click(By by) {
        new WebDriverWait(this.driver, WAIT).ignoring(StaleElementReferenceException.class).until(driver -> {
            WebElement element = ExpectedConditions.elementToBeClickable(by).apply(driver);
            if (element == null) {
                return false;
            }
            element.click();
            return true;
        });
    }

    /** Confirms the page's confirmation dialog. */
    void confirm() {
        click(By.id("confirm-ok"));
    }

    ChromeDriver driver() {
        return this.driver;
    }

    /** Saves the page as {@code <name>.png} into the screenshot folder, when one is set. */
    void screenshot(String name) {
        if (SCREENSHOTS.isEmpty()) {
            return;
        }
        try {
            File shot = this.driver.getScreenshotAs(OutputType.FILE);
            Path target = Path.of(SCREENSHOTS, name + ".png");
            Files.createDirectories(target.getParent());
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    @Override
    public void close() {
        try {
            this.driver.quit();
        }
        finally {
            this.service.stop();
            FileSystemUtils.deleteRecursively(this.profile.toFile());
        }
    }
}
