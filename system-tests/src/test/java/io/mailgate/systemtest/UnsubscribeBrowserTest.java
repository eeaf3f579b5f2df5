package io.mailgate.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.mail.internet.MimeUtility;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.mailgate.api.Suppressions;

/**
 * Issue 9, point 2: headless Chromium (Debian's chromium and chromium-driver, driven by Selenium)
 * opens the unsubscribe link of a delivered message, shows the page in English and in Russian,
 * confirms, and shows the confirmation; the recipient is suppressed only after the confirmation.
 * Screenshots go to {@code target/screenshots/}.
 */
class UnsubscribeBrowserTest extends SystemTest {

    private static final Path CHROMIUM = Path.of(System.getProperty("mailgate.chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("mailgate.chromedriver", "/usr/bin/chromedriver"));
    private static final Pattern URL = Pattern.compile("<(http://[^>]+/u/[a-z2-7]+)>");

    @Test
    void pageShouldShowInEnglishAndRussianAndUnsubscribeOnConfirm() throws Exception {
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER), "Chromium and chromedriver are needed"
                + " (Debian's chromium and chromium-driver, installed by bin/test): " + CHROMIUM + ", " + CHROMEDRIVER);
        String tenantId = start(Map.of());
        fixture.gateway.profiles().put(tenantId, new io.mailgate.api.TenantProfiles.Profile("Acme Ltd", "1 High Street, London",
                "Companies House", "01234567", "+44 20 7946 0000", "hello@acme.test", ""));
        try (SmtpClient smtp = authenticated()) {
            assertEquals(250, FooterUnsubscribeTest.sendList(smtp, "news@acme.test", "news", "Weekly", "reader@example.org").code());
        }
        SmtpSink.Received delivered = sink.awaitMessages(1, Duration.ofSeconds(60)).get(0);
        Matcher link = URL.matcher(MimeUtility.unfold(FooterUnsubscribeTest.parse(delivered).getHeader("List-Unsubscribe", null)));
        assertTrue(link.find(), delivered.headers());
        String url = link.group(1);

        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createDirectories(home.resolve("chromium-profile")));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            browser.get(url + "?lang=en");
            assertEquals("Unsubscribe", browser.findElement(By.tagName("h1")).getText());
            assertEquals("Acme Ltd", browser.findElement(By.id("sender")).getText());
            assertTrue(browser.findElement(By.id("scope-list")).isSelected());
            assertTrue(browser.getPageSource().contains("From everything this sender sends"));
            screenshot(browser, screenshots.resolve("unsubscribe-en.png"));

            browser.findElement(By.id("lang-ru")).click();
            assertEquals("Отписка от писем", browser.findElement(By.tagName("h1")).getText());
            assertEquals("Подтвердить отписку", browser.findElement(By.id("confirm")).getText());
            screenshot(browser, screenshots.resolve("unsubscribe-ru.png"));
            assertTrue(fixture.gateway.suppressions().find(tenantId, "news", "reader@example.org").isEmpty(),
                    "opening the page changes nothing");

            browser.findElement(By.id("confirm")).click();
            // The click submits the form; the answer is a new page, which a busy machine may be slow to load.
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(page -> !page.findElements(By.id("done")).isEmpty());
            assertEquals("Вы отписаны", browser.findElement(By.id("done")).getText());
            assertTrue(browser.getPageSource().contains("«news»"));
            screenshot(browser, screenshots.resolve("unsubscribe-confirmed-ru.png"));
        } finally {
            browser.quit();
        }
        Suppressions.Entry entry = fixture.gateway.suppressions().find(tenantId, "news", "reader@example.org").orElseThrow();
        assertEquals(Suppressions.Reason.UNSUBSCRIBE, entry.reason());
        assertEquals("unsubscribe-page", entry.source());

        HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url + "x")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("This link is not valid."), forged.body());
    }

    private static void screenshot(WebDriver browser, Path file) throws Exception {
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertTrue(Files.size(file) > 1000, "screenshot " + file);
    }
}
