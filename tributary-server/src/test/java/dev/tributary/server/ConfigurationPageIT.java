package dev.tributary.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.server.testing.RunningServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

/**
 * The embeddable configuration page in headless Chromium (Debian's chromium and chromedriver):
 * a customer picks another collection, sets its parameter and an interval, saves, and the API
 * reports the change. Screenshots go to target/screenshots.
 */
class ConfigurationPageIT {

  static RunningServer server;
  static ChromeDriver browser;
  static String customer;
  static String connection;
  static String projectId;
  static String instanceId;

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    String admin = server.adminToken();
    customer = server.customerToken("acme");
    server.post("/data-sources", admin, "{\"key\":\"tasks\",\"name\":\"Tasks\",\"udm\":\"tasks\"}");
    server.post("/integrations", admin, "{\"key\":\"redmine\",\"name\":\"Redmine\",\"connectorKey\":\"redmine\",\"parameters\":{\"allowLocalNetwork\":true}}");
    connection = server.post("/connections", customer, "{\"integrationKey\":\"redmine\",\"credentials\":{\"apiKey\":\""
        + DataRoutesIT.env("TRIBUTARY_TEST_REDMINE_API_KEY") + "\"},\"connectorParameters\":{\"baseUri\":\""
        + DataRoutesIT.env("TRIBUTARY_TEST_REDMINE_URL") + "\"}}").json().path("id").asString();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    projectId = server.post("/connections/" + connection + "/data/projects/create", customer,
        "{\"fields\":{\"name\":\"UI " + suffix + "\",\"identifier\":\"ui-" + suffix + "\"}}").json().path("id").asString();
    instanceId = server.get("/connections/" + connection + "/data-sources/tasks?autoCreate=true", customer).json().path("id").asString();

    ChromeOptions options = new ChromeOptions();
    options.setBinary(env("TRIBUTARY_TEST_CHROMIUM", "/usr/bin/chromium"));
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + Files.createTempDirectory("chromium"), "--window-size=1280,900");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File(env("TRIBUTARY_TEST_CHROMEDRIVER", "/usr/bin/chromedriver"))).usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.quit();
    }
    server.post("/connections/" + connection + "/data/projects/delete", customer, "{\"id\":\"" + projectId + "\"}");
    server.close();
  }

  @org.junit.jupiter.api.BeforeEach
  void resetTheInstance() {
    server.post("/data-source-instance/reset?id=" + instanceId, customer, "{}");
  }

  private WebDriverWait waiting() {
    return new WebDriverWait(browser, Duration.ofSeconds(20));
  }

  private void open() {
    browser.get("about:blank"); // the same URL again would only change the fragment, not load the page
    browser.get("http://127.0.0.1:" + server.server().port() + "/embed/data-source-instances/" + instanceId
        + "/configuration#token=" + customer);
    waiting().until(ExpectedConditions.textToBe(By.id("current-name"), "issues"));
  }

  private static void screenshot(String name) throws Exception {
    Path dir = Path.of("target", "screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
  }

  @Test
  void aCustomerPicksAnotherCollectionSetsItsParameterAndSaves() throws Exception {
    browser.manage().window().setSize(new Dimension(1280, 900));
    open();
    try {
      waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#locations button[data-key='time-entries']"))).click();
    } catch (RuntimeException e) {
      screenshot("configuration-failed");
      throw new AssertionError("no time-entries in the list; page text: " + browser.findElement(By.tagName("main")).getText(), e);
    }
    WebElement projectField = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("input[data-param='projectId']")));
    projectField.clear();
    projectField.sendKeys(projectId);
    browser.findElement(By.cssSelector("#advanced summary")).click();
    browser.findElement(By.id("pull")).sendKeys("120");
    browser.findElement(By.id("save")).click();
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("saved")));
    screenshot("configuration-saved-desktop");

    JsonNode instance = server.get("/data-source-instance?id=" + instanceId, customer).json();
    assertThat(instance.path("collectionKey").asString()).isEqualTo("time-entries");
    assertThat(instance.path("collectionParameters").path("projectId").asString()).isEqualTo(projectId);
    assertThat(instance.path("pullUpdatesIntervalSeconds").asInt()).isEqualTo(120);
    assertThat(browser.findElement(By.id("current-name")).getText()).isEqualTo("time-entries (projectId: " + projectId + ")");
  }

  @Test
  void anIntervalUnderAMinuteIsMarkedAndNothingIsSaved() throws Exception {
    browser.manage().window().setSize(new Dimension(1280, 900));
    open();
    browser.findElement(By.cssSelector("#advanced summary")).click();
    browser.findElement(By.id("full")).sendKeys("30");
    browser.findElement(By.id("save")).click();

    WebElement error = waiting().until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".field-error[data-for='fullSyncIntervalSeconds']")));
    assertThat(error.getText()).isEqualTo("Use a whole number of seconds, at least 60.");
    assertThat(server.get("/data-source-instance?id=" + instanceId, customer).json().path("fullSyncIntervalSeconds").asInt()).isEqualTo(10_800);
  }

  @Test
  void thePageFitsAPhoneAndWalksIntoFolders() throws Exception {
    browser.manage().window().setSize(new Dimension(390, 844));
    open();
    waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#locations button[data-key='projects-dir']"))).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("crumbs"), "Projects"));
    // The crumbs change before the folder's locations arrive: wait for them, then measure the page with them.
    waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#locations button[data-key='project']")));
    long overflow = (Long) ((JavascriptExecutor) browser).executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
    screenshot("configuration-phone");
    assertThat(overflow).isLessThanOrEqualTo(0);
  }

  @Test
  void withoutATokenThePageSaysWhatItNeeds() {
    browser.get("http://127.0.0.1:" + server.server().port() + "/embed/data-source-instances/" + instanceId + "/configuration");
    WebElement problem = waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("problem")));
    assertThat(problem.getText()).startsWith("This page needs a token");
  }
}
