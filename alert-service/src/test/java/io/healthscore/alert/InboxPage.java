package io.healthscore.alert;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** "My open alerts": the signed-in person's open alerts and what they do to them. */
final class InboxPage {

    private final WebDriver driver;

    InboxPage(WebDriver driver) {
        this.driver = driver;
        if (driver.findElements(By.cssSelector("form[action='/console/logout']")).isEmpty()) {
            throw new AssertionError("not signed in: " + driver.getCurrentUrl() + "\n" + driver.getPageSource());
        }
    }

    static InboxPage open(WebDriver driver, String base) {
        driver.get(base + "/console/inbox");
        return new InboxPage(driver);
    }

    /** The alert ids in the order shown. */
    List<String> alertIds() {
        return driver.findElements(By.cssSelector(".inbox-item")).stream().map(e -> e.getAttribute("data-alert")).toList();
    }

    /** The line above the list: how many alerts, and which page of how many. */
    String count() {
        return driver.findElement(By.id("inbox-count")).getText();
    }

    /** Follows the pager's link to page {@code n}. */
    InboxPage toPage(int n) {
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.cssSelector("nav.pager a[href$='page=" + n + "']")));
        return new InboxPage(driver);
    }

    /** The severity group headings, in order (the level in words, never colour alone). */
    List<String> groups() {
        return driver.findElements(By.cssSelector(".inbox-group h2")).stream().map(WebElement::getText).toList();
    }

    String statusOf(String alertId) {
        return item(alertId).findElement(By.cssSelector(".status")).getText();
    }

    String assigneeOf(String alertId) {
        return item(alertId).findElement(By.cssSelector(".assignee")).getText();
    }

    String deliveriesOf(String alertId) {
        return item(alertId).findElement(By.cssSelector(".deliveries")).getText();
    }

    String notice() {
        return driver.findElement(By.cssSelector(".notice")).getText();
    }

    InboxPage acknowledge(String alertId) {
        Browser.clickAndWaitForNewPage(driver, item(alertId).findElement(By.cssSelector("form[action$='/ack'] button")));
        return new InboxPage(driver);
    }

    InboxPage snooze(String alertId, String isoDate, String reason) {
        WebElement form = open(alertId, "snooze");
        ((JavascriptExecutor) driver).executeScript("arguments[0].value = arguments[1]",
                form.findElement(By.name("until")), isoDate);
        form.findElement(By.name("reason")).sendKeys(reason);
        Browser.clickAndWaitForNewPage(driver, form.findElement(By.tagName("button")));
        return new InboxPage(driver);
    }

    InboxPage assign(String alertId, String to) {
        WebElement form = open(alertId, "assign");
        form.findElement(By.name("to")).sendKeys(to);
        Browser.clickAndWaitForNewPage(driver, form.findElement(By.tagName("button")));
        return new InboxPage(driver);
    }

    InboxPage resolve(String alertId, String outcomeLabel, String note) {
        WebElement form = open(alertId, "resolve");
        new Select(form.findElement(By.name("outcome"))).selectByVisibleText(outcomeLabel);
        form.findElement(By.name("note")).sendKeys(note);
        Browser.clickAndWaitForNewPage(driver, form.findElement(By.tagName("button")));
        return new InboxPage(driver);
    }

    InboxPage acknowledgeSelected(String... alertIds) {
        for (String id : alertIds) {
            item(id).findElement(By.cssSelector("input[type=checkbox]")).click();
        }
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.cssSelector("#bulk button")));
        return new InboxPage(driver);
    }

    /** Points the alert's acknowledge form at another alert (as a hostile page could) and posts it. */
    void postAcknowledgeFor(String shownAlertId, String otherAlertId) {
        WebElement form = item(shownAlertId).findElement(By.cssSelector("form[action$='/ack']"));
        ((JavascriptExecutor) driver).executeScript("arguments[0].action = arguments[1]", form,
                "/console/inbox/alerts/" + otherAlertId + "/ack");
        Browser.clickAndWaitForNewPage(driver, form.findElement(By.tagName("button")));
    }

    void removeCsrfTokens() {
        ((JavascriptExecutor) driver).executeScript(
                "document.querySelectorAll('main input[name=csrf]').forEach(e => e.remove())");
    }

    private WebElement open(String alertId, String action) {
        WebElement form = item(alertId).findElement(By.cssSelector("form." + action));
        WebElement details = form.findElement(By.xpath("./ancestor::details"));
        details.findElement(By.tagName("summary")).click();
        return form;
    }

    private WebElement item(String alertId) {
        return driver.findElement(By.cssSelector(".inbox-item[data-alert='" + alertId + "']"));
    }
}
