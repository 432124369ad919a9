package io.outdial.e2e.console;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Selenium through Debian's chromedriver (packages chromium
 * and chromium-driver, installed by temporal-dev/install.sh): both paths are given, so Selenium
 * downloads nothing. Downloads go to {@link #downloads}; {@link #shot} saves numbered screenshots.
 */
final class ConsoleBrowser implements AutoCloseable {
  static final String CHROMIUM = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
  static final String CHROMEDRIVER =
      System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver");
  static final Duration WAIT = Duration.ofSeconds(30);

  final ChromeDriver driver;
  final Path downloads;
  private final Path screenshots;
  private final List<String> log = new java.util.ArrayList<>();
  private int shots;

  ConsoleBrowser(Path screenshots, Path downloads, Path driverLog) throws Exception {
    for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
      if (!Files.isExecutable(Path.of(binary))) {
        fail(
            binary
                + " is missing: run temporal-dev/install.sh (Debian's chromium and chromium-driver),"
                + " or set CHROMIUM and CHROMEDRIVER");
      }
    }
    this.screenshots = screenshots;
    this.downloads = downloads;
    Files.createDirectories(screenshots);
    // This run's screenshots only: numbers from an earlier run's flow would mix in.
    try (var old = Files.newDirectoryStream(screenshots, "*.png")) {
      for (Path f : old) {
        Files.delete(f);
      }
    }
    Files.createDirectories(downloads);
    System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,1100");
    Map<String, Object> prefs = new HashMap<>();
    prefs.put("download.default_directory", downloads.toString());
    prefs.put("download.prompt_for_download", false);
    prefs.put("safebrowsing.enabled", false);
    options.setExperimentalOption("prefs", prefs);
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .withLogFile(driverLog.toFile())
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(WAIT);
    // Headless Chromium takes the download directory from this, whatever the prefs say.
    driver.executeCdpCommand(
        "Browser.setDownloadBehavior",
        Map.of("behavior", "allow", "downloadPath", downloads.toString()));
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits until {@code condition} answers something other than null or false. */
  <T> T await(String what, Duration timeout, Function<WebDriver, T> condition) {
    WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(200));
    wait.withMessage("waiting for " + what);
    // Pages re-render what changes: an element read a moment ago may be gone, try again.
    wait.ignoring(StaleElementReferenceException.class);
    return wait.until(condition);
  }

  <T> T await(String what, Function<WebDriver, T> condition) {
    return await(what, WAIT, condition);
  }

  /** Waits for the element, then for its text to satisfy {@code test}; returns the text. */
  String awaitText(String css, java.util.function.Predicate<String> test) {
    return await(
        css + " to show the expected text",
        d -> {
          List<WebElement> found = d.findElements(By.cssSelector(css));
          if (found.isEmpty()) {
            return null;
          }
          String text = found.get(0).getText();
          return test.test(text) ? text : null;
        });
  }

  WebElement awaitElement(String css) {
    return await(
        css,
        d -> {
          List<WebElement> found = d.findElements(By.cssSelector(css));
          return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
        });
  }

  void type(String css, String text) {
    WebElement e = awaitElement(css);
    e.clear();
    e.sendKeys(text);
  }

  void choose(String css, String visibleText) {
    WebElement e = awaitElement(css);
    await(
        css + " to offer " + visibleText,
        d ->
            e.findElements(By.xpath("./option")).stream()
                .anyMatch(o -> o.getText().equals(visibleText)));
    new Select(e).selectByVisibleText(visibleText);
  }

  void click(String css) {
    awaitElement(css).click();
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  long number(String css) {
    return Long.parseLong(find(css).getText().trim());
  }

  /** Saves a screenshot of the viewport as NN-name.png. */
  void shot(String name) throws Exception {
    File f = driver.getScreenshotAs(OutputType.FILE);
    Files.copy(
        f.toPath(),
        screenshots.resolve(String.format("%02d-%s.png", ++shots, name)),
        StandardCopyOption.REPLACE_EXISTING);
  }

  /** Everything the pages wrote to their console so far (drained from the driver as it goes). */
  List<String> consoleLog() {
    driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .map(LogEntry::getMessage)
        .forEach(log::add);
    return List.copyOf(log);
  }

  @Override
  public void close() {
    driver.quit();
  }
}
