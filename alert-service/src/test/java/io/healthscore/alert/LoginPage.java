package io.healthscore.alert;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;

/** The console's sign-in page. */
final class LoginPage {

    private final WebDriver driver;

    LoginPage(WebDriver driver) {
        this.driver = driver;
        // A refused single sign-on answers with this page at the callback's address.
        if (driver.findElements(org.openqa.selenium.By.id("username")).isEmpty()) {
            throw new AssertionError("not the sign-in page: " + driver.getCurrentUrl());
        }
    }

    static LoginPage open(WebDriver driver, String base) {
        driver.get(base + "/console/login");
        return new LoginPage(driver);
    }

    PortfolioPage signIn(String user, String password) {
        submit(user, password);
        return new PortfolioPage(driver);
    }

    /** Submits the form expecting to stay here (a refused sign-in). */
    LoginPage signInRefused(String user, String password) {
        submit(user, password);
        return new LoginPage(driver);
    }

    PortfolioPage signInWithSingleSignOn() {
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.id("oidc-sign-in")));
        return new PortfolioPage(driver);
    }

    String error() {
        return driver.findElement(By.cssSelector("[role=alert]")).getText();
    }

    String singleSignOnLabel() {
        return driver.findElement(By.id("oidc-sign-in")).getText();
    }

    private void submit(String user, String password) {
        driver.findElement(By.id("username")).clear();
        driver.findElement(By.id("username")).sendKeys(user);
        driver.findElement(By.id("password")).sendKeys(password);
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.id("sign-in")));
    }
}
