package io.healthscore.alert;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * One account: its header, open alerts with their Acknowledge buttons, score chart, causes, components, the note
 * form and the timeline.
 */
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

    /** The header fact with the given id (trend, mrr, plan, renewal, owner, coverage-model, contact, ...). */
    String fact(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    WebElement chart() {
        return driver.findElement(By.id("score-chart"));
    }

    /** The classes of the chart's marker lines, e.g. "marker marker-alert". */
    List<String> chartMarkers() {
        return chart().findElements(By.cssSelector("line")).stream().map(e -> e.getAttribute("class")).toList();
    }

    /** The rows of the chart's text alternative, opened first, as "when | what". */
    List<String> chartText() {
        WebElement details = driver.findElement(By.id("chart-text"));
        if (details.getAttribute("open") == null) {
            details.findElement(By.tagName("summary")).click();
        }
        return rows(details);
    }

    List<String> components() {
        return rows(driver.findElement(By.id("components")));
    }

    List<String> whyItChanged() {
        return driver.findElements(By.cssSelector("#why li")).stream().map(WebElement::getText).toList();
    }

    /** Types {@code text} into the note form and sends it; the answer is the account page again. */
    AccountPage addNote(String text) {
        WebElement box = driver.findElement(By.id("note-body"));
        box.clear();
        box.sendKeys(text);
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.cssSelector(".note-form button[type=submit]")));
        return new AccountPage(driver);
    }

    /** Why the last note was refused, or null. */
    String noteError() {
        List<WebElement> error = driver.findElements(By.id("note-error"));
        return error.isEmpty() ? null : error.getFirst().getText();
    }

    List<String> timeline() {
        return rows(driver.findElement(By.id("timeline")));
    }

    private static List<String> rows(WebElement table) {
        return table.findElements(By.cssSelector("tbody tr")).stream().map(r -> String.join(" | ",
                r.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())).toList();
    }

    private WebElement alert(String alertId) {
        return driver.findElement(By.cssSelector("#alerts tr[data-alert='" + alertId + "']"));
    }
}
