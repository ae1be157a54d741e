package io.healthscore.alert;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Page-object helpers: a click that loads a new page returns only once the old page is gone. */
final class Browser {

    private Browser() {
    }

    static void clickAndWaitForNewPage(WebDriver driver, WebElement element) {
        WebElement html = driver.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> isGone(html));
        // While the new page is still being parsed, Chrome may answer a lookup with an inspector error: ask again.
        new WebDriverWait(driver, Duration.ofSeconds(15))
                .ignoring(WebDriverException.class)
                .until(d -> !d.findElements(By.tagName("main")).isEmpty());
    }

    /**
     * Whether the element's page has been replaced. Chrome reports an element of a page it is leaving either as stale or,
     * mid-navigation, as a node that "does not belong to the document"; both mean the old page is gone.
     */
    static boolean isGone(WebElement element) {
        try {
            element.isEnabled();
            return false;
        } catch (StaleElementReferenceException gone) {
            return true;
        } catch (WebDriverException e) {
            if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                return true;
            }
            throw e;
        }
    }
}
