package dev.latchkey.app.dashboard;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One headless chromium for a test class, with the few verbs the dashboard tests need. Screenshots
 * are written only when {@code -Dlatchkey.screenshots=<dir>} is set (a relative directory is taken
 * from the repository root), so ordinary runs leave the work tree alone.
 */
final class Browser implements AutoCloseable {
    static final Dimension DESKTOP = new Dimension(1280, 900);
    static final Dimension PHONE = new Dimension(390, 844);

    final WebDriver driver;
    /** Where the browser saves downloads (inside its temporary profile). */
    final Path downloads;
    private final Path profile;
    private final String base;

    Browser(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        try {
            profile = Files.createTempDirectory("latchkey-chromium");
            downloads = Files.createDirectories(profile.resolve("downloads"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BrowserAvailable.chromium().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,900", "--user-data-dir=" + profile);
        options.setExperimentalOption("prefs", Map.of("download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        // the page's console (an invalid `pattern` is reported there and nowhere else), for consoleErrors()
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(BrowserAvailable.chromedriver().toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().window().setSize(DESKTOP);
    }

    void open(String hashRoute) {
        driver.get(base + "/" + hashRoute);
    }

    void route(String hashRoute) {
        ((JavascriptExecutor) driver).executeScript("location.hash = arguments[0]", hashRoute);
    }

    WebElement find(String css) {
        return waitFor().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    void click(String css) {
        waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void type(String css, String text) {
        WebElement el = find(css);
        el.clear();
        el.sendKeys(text);
    }

    void doubleClick(String css) {
        WebElement el = waitFor().until(ExpectedConditions.elementToBeClickable(By.cssSelector(css)));
        new Actions(driver).doubleClick(el).perform();
    }

    /** Escape, as a person presses it, to whatever has the focus. */
    void pressEscape() {
        new Actions(driver).sendKeys(Keys.ESCAPE).perform();
    }

    /** Whether every element matched is shown (Selenium's isDisplayed: CSS and the hidden attribute count). */
    List<Boolean> displayed(String css) {
        return driver.findElements(By.cssSelector(css)).stream().map(WebElement::isDisplayed).toList();
    }

    /** Elements carrying the {@code hidden} attribute that CSS shows anyway (their opening tags). */
    @SuppressWarnings("unchecked")
    List<String> hiddenButShown() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "return [...document.querySelectorAll('[hidden]')]"
                + ".filter(function (e) { return getComputedStyle(e).display !== 'none'; })"
                + ".map(function (e) { return e.outerHTML.slice(0, 120); });");
    }

    /** The console's errors since the last call (chromedriver hands each entry out once). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(org.openqa.selenium.logging.LogEntry::getMessage).toList();
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    void choose(String css, String value) {
        new Select(find(css)).selectByValue(value);
    }

    void waitForText(String css, String text) {
        waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    void waitGone(String css) {
        waitFor().until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    WebDriverWait waitFor() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    /** Saves a PNG as {@code <dir>/<name>.png} when screenshots are switched on; otherwise nothing. */
    void screenshot(String name) {
        String dir = System.getProperty("latchkey.screenshots");
        if (dir == null || dir.isBlank()) {
            return;
        }
        Path target = Path.of(dir);
        if (!target.isAbsolute()) {
            target = repositoryRoot().resolve(dir);
        }
        // a status toast from the previous step would cover the page; a shown token is masked, so no
        // secret-shaped string ends up in a committed picture (the tests have read it already)
        ((JavascriptExecutor) driver).executeScript(
                "var t = document.getElementById('toast'); t.style.transition = 'none'; t.classList.remove('show');"
                + "document.querySelectorAll('#new-token').forEach(function (c) {"
                + "  c.textContent = c.textContent.slice(0, 8) + '\u2022'.repeat(30) + c.textContent.slice(-4); });");
        try {
            Files.createDirectories(target);
            Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(png, target.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A full-page screenshot at phone width, then back to the desktop size. */
    void phoneScreenshot(String name) {
        if (System.getProperty("latchkey.screenshots") == null) {
            return;
        }
        driver.manage().window().setSize(PHONE);
        try {
            screenshot(name);
        } finally {
            driver.manage().window().setSize(DESKTOP);
        }
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("mvnw"))) {
                return p;
            }
        }
        return dir;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temp profile left behind is harmless
            }
        }
    }
}
