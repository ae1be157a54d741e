package io.healthscore.alert;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** "My accounts": the signed-in person's accounts. */
final class PortfolioPage {

    private final WebDriver driver;

    PortfolioPage(WebDriver driver) {
        this.driver = driver;
        if (driver.findElements(By.cssSelector("form[action='/console/logout']")).isEmpty()) {
            throw new AssertionError("not signed in: " + driver.getCurrentUrl() + "\n" + driver.getPageSource());
        }
    }

    /** The account ids of the table's rows, in order. */
    List<String> accountIds() {
        return driver.findElements(By.cssSelector("#portfolio tbody tr")).stream()
                .map(r -> r.getAttribute("data-account")).toList();
    }

    /** The level as written in the row (never colour alone). */
    String levelOf(String accountId) {
        return row(accountId).findElement(By.cssSelector(".level")).getText();
    }

    String signedInAs() {
        return driver.findElement(By.cssSelector(".who span")).getText();
    }

    AccountPage open(String accountId) {
        Browser.clickAndWaitForNewPage(driver, row(accountId).findElement(By.tagName("a")));
        return new AccountPage(driver);
    }

    LoginPage signOut() {
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.cssSelector("form[action='/console/logout'] button")));
        return new LoginPage(driver);
    }

    private WebElement row(String accountId) {
        return driver.findElement(By.cssSelector("#portfolio tr[data-account='" + accountId + "']"));
    }
}
