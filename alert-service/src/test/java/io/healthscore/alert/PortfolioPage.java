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

    /** "57 accounts, page 1 of 2". */
    String count() {
        return driver.findElement(By.id("portfolio-count")).getText();
    }

    /** The sparkline's text alternative of a row. */
    String sparkLabel(String accountId) {
        return row(accountId).findElement(By.cssSelector(".spark svg")).getAttribute("aria-label");
    }

    /** What a screen reader hears for the 7- or 30-day change of a row. */
    String changeText(String accountId, int days) {
        return row(accountId).findElement(By.cssSelector("td[data-change='" + days + "'] .visually-hidden"))
                .getAttribute("textContent").strip();
    }

    String cell(String accountId, int column) {
        return row(accountId).findElements(By.tagName("td")).get(column).getText();
    }

    /** Sets the filter form's fields (null leaves one as it is) and applies it. */
    PortfolioPage filter(String search, String levelValue, boolean openAlertsOnly) {
        if (search != null) {
            WebElement q = driver.findElement(By.id("f-q"));
            q.clear();
            q.sendKeys(search);
        }
        if (levelValue != null) {
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("f-level"))).selectByValue(levelValue);
        }
        WebElement alerts = driver.findElement(By.id("f-alerts"));
        if (alerts.isSelected() != openAlertsOnly) {
            alerts.click();
        }
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.cssSelector(".portfolio-filters button")));
        return new PortfolioPage(driver);
    }

    /** Clicks a column header's sort link (its visible label). */
    PortfolioPage sortBy(String label) {
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.linkText(label)));
        return new PortfolioPage(driver);
    }

    PortfolioPage goToPage(int page) {
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.cssSelector(".pager")).findElement(
                By.linkText(String.valueOf(page))));
        return new PortfolioPage(driver);
    }

    /** A lead's "Mine" / "Team" switch. */
    PortfolioPage switchTo(String label) {
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.cssSelector("nav.switch")).findElement(
                By.linkText(label)));
        return new PortfolioPage(driver);
    }

    String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    String csvHref() {
        return driver.findElement(By.id("csv-link")).getAttribute("href");
    }

    String body() {
        return driver.findElement(By.tagName("main")).getText();
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
