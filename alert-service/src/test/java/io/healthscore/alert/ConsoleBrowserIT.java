package io.healthscore.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.healthscore.stack.LocalStack;
import io.healthscore.stack.junit.LocalStackExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;

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
    private static ConsoleBrowser browser;
    private static MockOAuth2Server idp;
    private static WebDriver driver;
    private static Sql sql;
    private static String base;

    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = ConsoleBrowser.screenshotOnFailure(() -> browser);

    @BeforeAll
    static void start(LocalStack stack) throws IOException {
        idp = new MockOAuth2Server();
        idp.start(InetAddress.getByName("127.0.0.1"), 0);
        browser = ConsoleBrowser.start(stack, "console_browser_it", base -> Map.of(
                "identity.oidc.issuer", idp.issuerUrl("default").toString(),
                "identity.oidc.client-id", CLIENT_ID,
                "identity.oidc.client-secret", "test-client-secret",
                "identity.oidc.redirect-uri", base + "/console/oidc/callback",
                "identity.oidc.label", "Sign in with Example SSO"));
        driver = browser.driver;
        sql = browser.sql;
        base = browser.base;
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (idp != null) {
            idp.shutdown();
        }
    }

    @BeforeEach
    void signedOut() {
        browser.forgetSession();
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
    void theSignInAndErrorPagesSpeakJapaneseToAJapaneseBrowser() {
        browser.inJapanese(() -> {
            LoginPage login = LoginPage.open(driver, base);
            assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ja");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("サインイン");
            assertThat(driver.findElement(By.cssSelector("label[for=password]")).getText()).isEqualTo("パスワード");
            save("../docs/console/login.ja.png");
            login = login.signInRefused("nobody-here", "not the password");
            assertThat(login.error()).startsWith("ユーザー名かパスワードが違います");

            login.signIn("ana", ConsoleData.PASSWORD);
            assertThat(driver.findElement(By.cssSelector("nav[aria-label=メイン] a[href='/console/inbox']")).getText())
                    .isEqualTo("受信箱");
            driver.get(base + "/console/accounts/acct-bo-1");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("権限がありません");
            assertThat(driver.findElement(By.id("error-message")).getText()).startsWith("このアカウントは他の担当者のもの");
            driver.get(base + "/console/?level=LV9");
            assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("不正なリクエスト");
            assertThat(driver.findElement(By.id("error-message")).getText()).isEqualTo("level は LV1〜LV5 のいずれかです。");
            assertThat(driver.findElement(By.linkText("担当アカウントに戻る")).getAttribute("href")).endsWith("/console/");
        });
        // Back in English once the browser asks for it again.
        LoginPage.open(driver, base);
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Sign in");
    }

    @Test
    void screenshotsOfEveryPageForTheReadme() throws IOException {
        LoginPage.open(driver, base);
        save("../docs/console/login.en.png");
        // portfolio.*.png comes from PortfolioBrowserIT, with a full page of accounts; account.*.png, of a fuller
        // account, from Account360BrowserIT; inbox.*.png from InboxBrowserIT; login.ja.png from the test above.

        assertThat(Path.of("../docs/console/login.en.png")).isNotEmptyFile();
    }

    private static WebDriver navigateTo(String path) {
        return browser.navigateTo(path);
    }

    private static void save(String file) {
        browser.save(file);
    }
}
