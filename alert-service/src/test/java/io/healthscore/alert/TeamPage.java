package io.healthscore.alert;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/** The leader dashboard, /console/team. */
final class TeamPage {

    private final WebDriver driver;

    TeamPage(WebDriver driver) {
        this.driver = driver;
        if (driver.findElements(By.id("flow-matrix")).isEmpty()) {
            throw new AssertionError("not the team dashboard: " + driver.getCurrentUrl() + "\n" + driver.getPageSource());
        }
    }

    static TeamPage open(WebDriver driver, String base, String query) {
        driver.get(base + "/console/team" + query);
        return new TeamPage(driver);
    }

    String heading() {
        return driver.findElement(By.tagName("h1")).getText();
    }

    String lang() {
        return driver.findElement(By.tagName("html")).getAttribute("lang");
    }

    /** The flow matrix's cell from one level (LV1.., NONE) to another, as written ("0" when none). */
    String flowCell(String from, String to) {
        return driver.findElement(By.cssSelector("#flow-matrix td[data-from='" + from + "'][data-to='" + to + "']"))
                .getText();
    }

    /** The sentences above the matrix, "Lv1 → Lv2: 2 in the last 30 days". */
    List<String> moves() {
        return driver.findElements(By.cssSelector("#flow-moves li")).stream().map(WebElement::getText).toList();
    }

    /** Opens the list of one cell's accounts. */
    TeamPage openCell(String from, String to) {
        Browser.clickAndWaitForNewPage(driver, driver.findElement(By.cssSelector(
                "#flow-matrix td[data-from='" + from + "'][data-to='" + to + "'] a")));
        return new TeamPage(driver);
    }

    List<String> cellAccounts() {
        return driver.findElements(By.cssSelector("#cell-accounts tbody tr")).stream()
                .map(r -> r.getAttribute("data-account")).toList();
    }

    String renewal(String level, int band) {
        return driver.findElement(By.cssSelector("#renewals tr[data-level='" + level + "'] td[data-band='" + band + "']"))
                .getText();
    }

    String mrrAtRisk(int band) {
        return driver.findElement(By.cssSelector("#mrr-at-risk td[data-band='" + band + "']")).getText();
    }

    List<String> changedAccounts() {
        return driver.findElements(By.cssSelector("#changes tbody tr")).stream()
                .map(r -> r.getAttribute("data-account")).toList();
    }

    String changeCell(String accountId, int column) {
        return driver.findElement(By.cssSelector("#changes tr[data-account='" + accountId + "']"))
                .findElements(By.tagName("td")).get(column).getText();
    }

    List<String> csms() {
        return driver.findElements(By.cssSelector("#csm-comparison tbody tr")).stream()
                .map(r -> r.getAttribute("data-owner")).toList();
    }

    /** A cell of the CSM comparison: 0 accounts, 1 average, 2 vs team, 3 pulling down, 4 open, 5 overdue, 6 median ack, 7 renewals. */
    String csmCell(String owner, int column) {
        return driver.findElement(By.cssSelector("#csm-comparison tr[data-owner='" + owner + "']"))
                .findElements(By.tagName("td")).get(column).getText();
    }

    /** The week rows' level counts of the latest week, by column (levels in order, then total). */
    List<String> latestWeek() {
        List<WebElement> rows = driver.findElements(By.cssSelector("#weekly-levels tbody tr"));
        return rows.get(rows.size() - 1).findElements(By.cssSelector("td.num")).stream().map(WebElement::getText)
                .toList();
    }

    String text() {
        return driver.findElement(By.tagName("main")).getText();
    }
}
