package io.skein.connectors.http;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's headless {@code chromium} driven through {@code chromium-driver} by Selenium, with a fresh profile. Missing
 * binaries fail the test that asks for a browser, saying how to install them: a browser test never skips.
 */
final class Chromium implements AutoCloseable {

    /** Where Debian puts them; {@code SKEIN_CHROMIUM} and {@code SKEIN_CHROMEDRIVER} point elsewhere. */
    private static final String BROWSER = env("SKEIN_CHROMIUM", "/usr/bin/chromium");
    private static final String DRIVER = env("SKEIN_CHROMEDRIVER", "/usr/bin/chromedriver");

    final ChromeDriver driver;
    private final Path profile;

    private Chromium(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    static Chromium start() {
        for (String binary : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(Path.of(binary))) {
                throw new AssertionError(binary + " is missing: the browser tests need Debian's chromium and "
                        + "chromium-driver (apt-get install -y chromium chromium-driver; .ci/run installs them)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("skein-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        // without the background-networking flags a closed network makes Chromium hang on its own connections
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--user-data-dir=" + profile, "--window-size=1440,1000", "--lang=en-GB",
                "--force-device-scale-factor=1");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return new Chromium(driver, profile);
    }

    /** The page's console errors since the last call (a script that threw, a resource that failed). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            } catch (IOException ignored) {
                // a temp folder left behind is no failure of the dashboard
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
