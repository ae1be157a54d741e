package io.healthscore.alert;

import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** One account: its header and open alerts with their Acknowledge buttons. */
final class AccountPage {

    private final WebDriver driver;

    AccountPage(WebDriver driver) {
        this.driver = driver;
        if (driver.findElements(By.id("level")).isEmpty()) {
            throw new AssertionError("not an account page: " + driver.getCurrentUrl());
        }
    }

    String title() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    String level() {
        return driver.findElement(By.id("level")).getText();
    }

    String statusOf(String alertId) {
        return alert(alertId).findElement(By.cssSelector(".status")).getText();
    }

    AccountPage acknowledge(String alertId) {
        Browser.clickAndWaitForNewPage(driver, alert(alertId).findElement(By.cssSelector("button")));
        return new AccountPage(driver);
    }

    boolean canAcknowledge(String alertId) {
        return !alert(alertId).findElements(By.cssSelector("button")).isEmpty();
    }

    AccountPage reload() {
        driver.navigate().refresh();
        return new AccountPage(driver);
    }

    String notice() {
        return driver.findElement(By.cssSelector("[role=status]")).getText();
    }

    private WebElement alert(String alertId) {
        return driver.findElement(By.cssSelector("#alerts tr[data-alert='" + alertId + "']"));
    }
}
