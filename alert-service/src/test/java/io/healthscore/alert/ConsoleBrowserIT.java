package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in a real browser (headless Chromium from the distribution's chromium and chromium-driver packages),
 * through page objects: local and OpenID Connect sign-in (against mock-oauth2-server), a CSM sees only their accounts,
 * acknowledges an alert and finds it so after a reload and in the database, gets 403 on another CSM's account and on
 * a form without its CSRF token, is locked out after five wrong passwords, and after signing out is sent to the
 * sign-in page. Screenshots of each page go to docs/console/, and a failed test leaves one under target/.
 * Skipped, saying why, where Chromium or its driver is not installed.
 */
@ExtendWith(LocalStackExtension.class)
class ConsoleBrowserIT {

    private static final String CLIENT_ID = "healthscore-console";
    private static AlertServiceFixture service;
    private static MockOAuth2Server idp;
    private static WebDriver driver;
    private static Sql sql;
    private static String base;

    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (driver != null) {
                save("target/browser-failures/" + context.getRequiredTestMethod().getName() + ".png");
            }
        }
    };

    @BeforeAll
    static void start(LocalStack stack) throws IOException {
        Optional<Path> chromium = onPath("chromium");
        Optional<Path> chromedriver = onPath("chromedriver");
        Assumptions.assumeTrue(chromium.isPresent() && chromedriver.isPresent(), "browser tests need chromium and "
                + "chromedriver on PATH (Debian: apt-get install chromium chromium-driver); .ci/run installs them");
        idp = new MockOAuth2Server();
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        int port = freePort();
        base = "http://127.0.0.1:" + port;
        Map<String, Object> settings = new HashMap<>(ConsoleData.settings());
        settings.put("micronaut.server.port", port);
        settings.put("identity.oidc.issuer", idp.issuerUrl("default").toString());
        settings.put("identity.oidc.client-id", CLIENT_ID);
        settings.put("identity.oidc.client-secret", "test-client-secret");
        settings.put("identity.oidc.redirect-uri", base + "/console/oidc/callback");
        settings.put("identity.oidc.label", "Sign in with Example SSO");
        service = AlertServiceFixture.start(stack, "console_browser_it", settings);
        sql = new Sql(service.jdbcUrl);
        ConsoleData.seed(sql);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.get().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,860", "--lang=en-US");
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.get().toFile()).build();
        driver = new ChromeDriver(driverService, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
        driver.manage().window().setSize(new Dimension(1280, 860));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (service != null) {
            service.close();
        }
        if (idp != null) {
            idp.shutdown();
        }
    }

    @BeforeEach
    void signedOut() {
        driver.get(base + "/console/login");
        driver.manage().deleteAllCookies();
    }

    @Test
    void aCsmSignedInWithAPasswordSeesOnlyTheirOwnAccounts() {
        PortfolioPage portfolio = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);

        assertThat(portfolio.accountIds()).containsExactly("acct-ana-1", "acct-ana-2");
        assertThat(portfolio.levelOf("acct-ana-1")).isEqualTo("Lv1");
        assertThat(portfolio.signedInAs()).contains(ConsoleData.ANA);
    }

    @Test
    void aCsmSignsInThroughTheIdentityProvider() {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("default", "ana-subject", "JWT", List.of(CLIENT_ID),
                Map.of("email", ConsoleData.ANA, "email_verified", true, "roles", List.of("csm", "admin")), 3600));
        LoginPage login = LoginPage.open(driver, base);
        assertThat(login.singleSignOnLabel()).isEqualTo("Sign in with Example SSO");

        PortfolioPage portfolio = login.signInWithSingleSignOn();

        assertThat(portfolio.signedInAs()).contains(ConsoleData.ANA).contains("csm").doesNotContain("admin");
        assertThat(portfolio.accountIds()).containsExactly("acct-ana-1", "acct-ana-2");
    }

    @Test
    void anIdentityProviderThatDoesNotVouchForTheEmailSignsNobodyIn() {
        idp.enqueueCallback(new DefaultOAuth2TokenCallback("default", "mallory", "JWT", List.of(CLIENT_ID),
                Map.of("email", ConsoleData.BO, "roles", List.of("csm")), 3600));

        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.id("oidc-sign-in")));

        LoginPage refused = new LoginPage(driver);
        assertThat(refused.error()).contains("email_verified");
    }

    @Test
    void anAcknowledgedAlertStaysAcknowledgedAfterAReloadAndInTheDatabase() {
        AccountPage account = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD).open("acct-ana-1");
        assertThat(account.title()).isEqualTo("Acme Corp");
        assertThat(account.level()).isEqualTo("Lv1");
        assertThat(account.statusOf("alert-ana-1")).isEqualTo("OPEN");

        AccountPage after = account.acknowledge("alert-ana-1");

        assertThat(after.notice()).isEqualTo("Alert acknowledged.");
        AccountPage reloaded = after.reload();
        assertThat(reloaded.statusOf("alert-ana-1")).startsWith("ACKNOWLEDGED").contains("by " + ConsoleData.ANA);
        assertThat(reloaded.canAcknowledge("alert-ana-1")).isFalse();
        assertThat(sql.rows("SELECT status, acknowledged_by FROM alerts WHERE alert_id = 'alert-ana-1'"))
                .containsExactly(Map.of("status", "ACKNOWLEDGED", "acknowledged_by", ConsoleData.ANA));
    }

    @Test
    void aCsmOpeningAnotherCsmsAccountGetsForbidden() {
        LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);

        driver.get(base + "/console/accounts/acct-bo-1");

        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Forbidden");
        assertThat(driver.findElement(By.id("error-message")).getText()).contains("belongs to someone else");
        assertThat(driver.getPageSource()).doesNotContain("Bo's Bakery");
    }

    @Test
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        AccountPage account = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD).open("acct-ana-2");
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelectorAll('#alerts input[name=csrf]').forEach(e => e.remove())");

        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.cssSelector("#alerts tr[data-alert='alert-ana-3'] button")));

        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Forbidden");
        assertThat(driver.findElement(By.id("error-message")).getText()).contains("CSRF");
        assertThat(sql.strings("SELECT status FROM alerts WHERE alert_id = 'alert-ana-3'")).containsExactly("OPEN");
        assertThat(account).isNotNull();
    }

    @Test
    void fiveWrongPasswordsLockTheUserOut() {
        LoginPage login = LoginPage.open(driver, base);
        for (int i = 0; i < 5; i++) {
            login = login.signInRefused("bo", "not the password " + i);
            assertThat(login.error()).startsWith("Wrong user name or password");
        }

        LoginPage locked = login.signInRefused("bo", ConsoleData.PASSWORD);

        assertThat(locked.error()).startsWith("Wrong user name or password");
    }

    @Test
    void afterSigningOutGoingBackLeadsToTheSignInPage() {
        PortfolioPage portfolio = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        portfolio.open("acct-ana-2");

        portfolio = new PortfolioPage(navigateTo("/console/"));
        portfolio.signOut();
        driver.navigate().back();

        assertThat(driver.getCurrentUrl()).endsWith("/console/login");
        driver.get(base + "/console/accounts/acct-ana-2");
        assertThat(driver.getCurrentUrl()).endsWith("/console/login");
    }

    @Test
    void screenshotsOfEveryPageForTheReadme() throws IOException {
        LoginPage.open(driver, base);
        save("../docs/console/login.png");
        PortfolioPage portfolio = LoginPage.open(driver, base).signIn("ana", ConsoleData.PASSWORD);
        save("../docs/console/portfolio.png");
        portfolio.open("acct-ana-1");
        save("../docs/console/account.png");

        assertThat(Path.of("../docs/console/account.png")).isNotEmptyFile();
    }

    private static WebDriver navigateTo(String path) {
        driver.get(base + path);
        return driver;
    }

    private static void save(String file) {
        try {
            Path target = Path.of(file);
            Files.createDirectories(target.getParent());
            File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | RuntimeException e) {
            System.err.println("no screenshot " + file + ": " + e);
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
