package io.healthscore.alert;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Page-object helpers: a click that loads a new page returns only once the old page is gone. */
final class Browser {

    private Browser() {
    }

    static void clickAndWaitForNewPage(WebDriver driver, WebElement element) {
        WebElement html = driver.findElement(By.tagName("html"));
        element.click();
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(html));
        new WebDriverWait(driver, Duration.ofSeconds(15)).until(d -> !d.findElements(By.tagName("main")).isEmpty());
    }
}
