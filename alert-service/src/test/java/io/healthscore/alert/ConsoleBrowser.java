package io.healthscore.alert;

import io.healthscore.stack.LocalStack;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One browser test class's world: the alert service on a free loopback port with the console users of
 * {@link ConsoleData} (plus the class's own settings), its database seeded, and headless Chromium from the
 * distribution's chromium and chromium-driver packages. Skips the class, saying why, where they are not installed.
 */
final class ConsoleBrowser implements AutoCloseable {

    final AlertServiceFixture service;
    final WebDriver driver;
    final Sql sql;
    final String base;

    private ConsoleBrowser(AlertServiceFixture service, WebDriver driver, Sql sql, String base) {
        this.service = service;
        this.driver = driver;
        this.sql = sql;
        this.base = base;
    }

    /**
     * @param extra settings on top of {@link ConsoleData#settings()}, given the console's base URL
     *              ({@code http://127.0.0.1:<port>})
     */
    static ConsoleBrowser start(LocalStack stack, String database, Function<String, Map<String, Object>> extra)
            throws IOException {
        Optional<Path> chromium = onPath("chromium");
        Optional<Path> chromedriver = onPath("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(), "browser tests need chromium and "
                + "chromedriver on PATH (Debian: apt-get install chromium chromium-driver); .ci/run installs them");
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        Map<String, Object> settings = new HashMap<>(ConsoleData.settings());
        settings.put("micronaut.server.port", port);
        settings.putAll(extra.apply(base));
        AlertServiceFixture service = AlertServiceFixture.start(stack, database, settings);
        Sql sql = new Sql(service.jdbcUrl);
        ConsoleData.seed(sql);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,860", "--lang=en-US");
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).build();
        WebDriver driver;
        try {
            driver = new ChromeDriver(driverService, options);
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(1280, 860));
        return new ConsoleBrowser(service, driver, sql, base);
    }

    /** Leaves a screenshot of the failing page under target/browser-failures/. */
    static TestWatcher screenshotOnFailure(Supplier<ConsoleBrowser> browser) {
        return new TestWatcher() {
            @Override
            public void testFailed(ExtensionContext context, Throwable cause) {
                if (browser.get() != null) {
                    browser.get().save("target/browser-failures/" + context.getRequiredTestClass().getSimpleName()
                            + "-" + context.getRequiredTestMethod().getName() + ".png");
                }
            }
        };
    }

    WebDriver navigateTo(String path) {
        driver.get(base + path);
        return driver;
    }

    /** Signs out by forgetting the cookie (the sign-in page first, so there is a page of this origin). */
    void forgetSession() {
        driver.get(base + "/console/login");
        driver.manage().deleteAllCookies();
    }

    /**
     * Runs {@code steps} with the browser asking for Japanese (Accept-Language, as a Japanese browser sends it), signed
     * out before and after; the console then speaks Japanese from the sign-in page on.
     */
    void inJapanese(Runnable steps) {
        forgetSession();
        acceptLanguage("ja,en-US;q=0.5");
        try {
            steps.run();
        } finally {
            acceptLanguage("en-US,en;q=0.9");
            forgetSession();
        }
    }

    private void acceptLanguage(String header) {
        ChromeDriver chrome = (ChromeDriver) driver;
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.of("Accept-Language", header)));
    }

    /** A screenshot of the window; paths are relative to the module (../docs/console/ for the README's images). */
    void save(String file) {
        try {
            Path target = Path.of(file);
            Files.createDirectories(target.getParent());
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("no screenshot " + file + ": " + e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.close();
        }
    }

    private static Optional<Path> onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
