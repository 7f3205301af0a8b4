package io.skein.connectors.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.skein.core.id.ExecutionId;
import io.skein.core.time.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless Chromium) against a real server: every page with a working server's data
 * (and its screenshot), an execution followed from submitted to completed while its stream grows without a reload,
 * a flow of twelve members drawn and opened by a click, the API's refusal of a replay shown verbatim and a cancel
 * from the page, a bulk cancel over a filter, and a wrong token that gets the login page and no data.
 *
 * <p>Screenshots go to {@code target/ui-screenshots/}; {@code -Dskein.ui.screenshots=<dir>} writes them there instead
 * (the README's command regenerates {@code docs/ui/} that way).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DashboardBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private Chromium chromium;
    private ChromeDriver driver;

    @BeforeAll
    void startBrowser() {
        chromium = Chromium.start();
        driver = chromium.driver;
    }

    @AfterAll
    void stopBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private String base(HttpFixture f) {
        return "http://127.0.0.1:" + f.server.port();
    }

    /** Waits with a deadline; an element a refresh replaced meanwhile is looked up again. */
    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        return wait;
    }

    private void signIn(HttpFixture f) {
        chromium.consoleErrors(); // what earlier tests logged (a refused login's 401, say) is theirs
        driver.manage().deleteAllCookies();
        driver.get(base(f) + "/ui/");
        assertTrue(driver.getCurrentUrl().contains("/ui/login"), driver.getCurrentUrl());
        driver.findElement(By.id("token")).sendKeys(HttpFixture.TOKEN);
        driver.findElement(By.cssSelector("#login button")).click();
        waiting().until(ExpectedConditions.urlToBe(base(f) + "/ui/"));
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private void waitForText(String css, String expected) {
        waiting().until(d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(expected);
        });
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private void noConsoleErrors(String page) {
        List<String> errors = chromium.consoleErrors();
        assertTrue(errors.isEmpty(), page + " logged errors: " + errors);
    }

    private void screenshot(String name) {
        String dir = System.getProperty("skein.ui.screenshots", "target/ui-screenshots");
        try {
            Path out = Path.of(dir);
            Files.createDirectories(out);
            Files.write(out.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A full-height screenshot: the window grows to the page, then returns to its size. */
    private void fullScreenshot(String name) {
        long height = ((Number) js("return Math.ceil(document.documentElement.scrollHeight)")).longValue();
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, (int) Math.min(2600,
                Math.max(900, height + 20))));
        screenshot(name);
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1000));
    }

    @Test
    void everyPageShowsAWorkingServersDataAndTheFlowDrawsAsADag() {
        ManualClock clock = new ManualClock(System.currentTimeMillis());
        try (HttpFixture f = new HttpFixture(HttpFixture.Mode.SQLITE_DIRECT,
                HttpServerConfig.local(0).withApiToken(HttpFixture.TOKEN), clock)) {
            DashboardDemo.Built demo = new DashboardDemo(f, clock).populate();
            driver.manage().deleteAllCookies();
            driver.get(base(f) + "/ui/");
            screenshot("login");
            signIn(f);

            waiting().until(d -> d.findElements(By.cssSelector("canvas.rate-chart")).size() >= 4);
            for (String lane : List.of("emails", "etl", "images", "reports")) {
                waitForText("table.lanes", lane);
            }
            waitForText("#failures", "SMTP 550: mailbox unavailable"); // a recent failure
            waitForText("#engine", "this process"); // who owns the partitions, loaded after the page
            waitForText("#engine", "lease expiry");
            waiting().until(d -> Boolean.TRUE.equals(js("return Chart.getChart(document.querySelector("
                    + "'canvas.rate-chart')) != null")));
            noConsoleErrors("overview");
            fullScreenshot("overview");

            driver.get(base(f) + "/ui/executions");
            assertEquals(50, driver.findElements(By.cssSelector("table.executions tbody tr")).size(),
                    "a full first page of the 58 executions");
            driver.findElement(By.id("older")).click();
            waiting().until(ExpectedConditions.urlContains("cursor="));
            assertFalse(driver.findElements(By.cssSelector("table.executions tbody tr a.mono")).isEmpty());
            driver.get(base(f) + "/ui/executions");
            noConsoleErrors("executions");
            screenshot("executions");

            driver.get(base(f) + "/ui/executions/" + HttpFixture.enc(demo.completed()));
            waitForText("#stream", "resized to 640x480");
            waitForText("#stream-end", "ended");
            assertTrue(text("#result").contains("\"width\" : 640"), "the result, pretty-printed: " + text("#result"));
            assertTrue(text("#input").contains("\"image\""), text("#input"));
            assertTrue(text("#status").contains("ended success"), text("#status"));
            noConsoleErrors("execution");
            fullScreenshot("execution");

            driver.get(base(f) + "/ui/executions/" + HttpFixture.enc(demo.running()));
            waitForText("#stream", "rendering page 1 of 3");
            assertTrue(text("#status").contains("rendering page 2 of 3"), "progress: " + text("#status"));
            screenshot("execution-running");

            driver.get(base(f) + "/ui/executions/" + HttpFixture.enc(demo.suspended()));
            assertTrue(text("#status").contains("wpk:finance-approval"), "the waitpoint: " + text("#status"));
            driver.get(base(f) + "/ui/executions/" + HttpFixture.enc(demo.approved()));
            assertTrue(text("#signals").contains("approve") && text("#signals").contains("user alice"),
                    "the signal that resumed it: " + text("#status"));

            driver.get(base(f) + "/ui/flows");
            assertTrue(text("main").contains("nightly-etl"));
            driver.findElement(By.cssSelector("main table a.mono")).click();
            waiting().until(d -> Boolean.TRUE.equals(js("return !!window.skeinGraph")));
            assertEquals(12L, js("return skeinGraph.nodes().length"));
            assertEquals(15L, js("return skeinGraph.edges().length"));
            // dagre lays the DAG out left to right: every edge points rightwards
            assertEquals(Boolean.TRUE, js("return skeinGraph.edges().every(e => "
                    + "e.source().position('x') < e.target().position('x'))"));
            assertTrue(text("main").contains("2 of 3 (then let run)"), "the join's edge-group policy");
            noConsoleErrors("flow");
            fullScreenshot("flow");
            clickNode(demo.flowMembers().get(0));
            waiting().until(ExpectedConditions.urlContains("/ui/executions/"));
            assertTrue(text("h1").contains("extract"), "the clicked member opened: " + text("h1"));

            driver.get(base(f) + "/ui/budgets");
            String budgets = text("main");
            assertTrue(budgets.contains("3150 / 3600"), budgets);
            assertTrue(budgets.contains("k2") && budgets.contains("k1"), "signing and retired kids: " + budgets);
            assertFalse(driver.getPageSource().contains("abababab"), "no secret on the page");
            noConsoleErrors("budgets");
            fullScreenshot("budgets");
        }
    }

    /** Clicks a member where Cytoscape drew it, as a person would. */
    private void clickNode(ExecutionId member) {
        @SuppressWarnings("unchecked")
        Map<String, Number> at = (Map<String, Number>) js("const p = skeinGraph.getElementById(arguments[0])"
                + ".renderedPosition(); return {x: p.x, y: p.y};", member.toString());
        WebElement canvas = driver.findElement(By.id("flow-graph"));
        int dx = at.get("x").intValue() - canvas.getSize().getWidth() / 2;
        int dy = at.get("y").intValue() - canvas.getSize().getHeight() / 2;
        new Actions(driver).moveToElement(canvas, dx, dy).click().perform();
    }

    /** Signs in, submits an execution on the default lane and opens its page, where it waits. */
    private ExecutionId openNewExecution(HttpFixture f, DashboardDemo api, String kind, String input) {
        signIn(f);
        ExecutionId id = api.create("default", kind, input);
        driver.get(base(f) + "/ui/executions/" + HttpFixture.enc(id));
        waitForText("#status .pill", "waiting");
        return id;
    }

    @Test
    void followsAnExecutionFromSubmittedToCompletedWhileItsStreamGrows() {
        try (HttpFixture f = HttpFixture.withToken(HttpFixture.Mode.KAFKA_OVER_SQLITE)) {
            DashboardDemo api = new DashboardDemo(f, null);
            ExecutionId id = openNewExecution(f, api, "greet", "{\"name\":\"Ada\"}");
            js("window.skeinNotReloaded = true");
            waitForText("#stream", "waiting for a worker");

            JsonNode claim = api.claim("default");
            waitForText("#status .pill", "active");
            for (int i = 1; i <= 3; i++) {
                api.frame(claim, "stdout", "step " + i + " of 3\n");
                waitForText("#stream", "step " + i + " of 3");
            }
            api.complete(claim, "{\"greeting\":\"hello, Ada\"}");
            waitForText("#status .pill", "completed");
            waitForText("#result", "hello, Ada");
            waitForText("#stream-end", "ended");
            assertEquals(3, driver.findElements(By.cssSelector("#stream .frame")).size(), "each frame once");
            assertEquals(Boolean.TRUE, js("return window.skeinNotReloaded === true"), "no reload: it was live");
            noConsoleErrors("live execution");
        }
    }

    @Test
    void cancelsFromThePageAfterShowingTheApisRefusalOfAReplay() {
        try (HttpFixture f = HttpFixture.withToken(HttpFixture.Mode.KAFKA_OVER_SQLITE)) {
            DashboardDemo api = new DashboardDemo(f, null);
            ExecutionId id = openNewExecution(f, api, "report", "{}");

            String refusal = f.post("/v1/executions/" + HttpFixture.enc(id) + "/replay", null).body();
            driver.findElement(By.id("action-replay")).click();
            waiting().until(ExpectedConditions.alertIsPresent()).accept();
            waitForText("#action-result", "The API refused (409)");
            assertEquals(refusal, text("#action-result pre.api-error"), "the API's error, verbatim");
            assertEquals("\"waiting\"", f.get("/v1/executions/" + HttpFixture.enc(id) + "/state").body());

            driver.findElement(By.id("action-cancel")).click();
            waiting().until(ExpectedConditions.alertIsPresent()).accept();
            waitForText("#action-result", "Cancelled");
            waitForText("#status .pill", "cancelled");
            assertEquals("\"cancelled\"", f.get("/v1/executions/" + HttpFixture.enc(id) + "/state").body());

            for (int i = 0; i < 3; i++) {
                api.create("bulk", "cleanup", "{\"n\":" + i + "}");
            }
            driver.get(base(f) + "/ui/executions?lane=bulk&state=waiting");
            assertEquals(3, driver.findElements(By.cssSelector("table.executions tbody tr a.mono")).size());
            driver.findElement(By.id("bulk-cancel")).click();
            waiting().until(ExpectedConditions.alertIsPresent()).accept();
            waitForText("#bulk-result", "Cancelled 3 of 3 matching executions.");
            waitForText("#list tbody", "No execution matches.");
            JsonNode left = f.get("/v1/executions?lane=bulk&state=cancelled").json();
            assertEquals(3, left.path("executions").size(), left.toString());
            noConsoleErrors("actions");
        }
    }

    @Test
    void aWrongTokenGetsTheLoginPageAndNoData() {
        try (HttpFixture f = HttpFixture.withToken()) {
            ExecutionId id = f.createExecution();
            driver.manage().deleteAllCookies();
            driver.get(base(f) + "/ui/executions");
            assertTrue(driver.getCurrentUrl().startsWith(base(f) + "/ui/login"), driver.getCurrentUrl());

            driver.findElement(By.id("token")).sendKeys("not-the-token");
            driver.findElement(By.cssSelector("#login button")).click();
            waitForText(".problem", "That is not this server's API token.");
            assertTrue(driver.findElements(By.id("token")).size() == 1, "the login form again");
            assertFalse(driver.getPageSource().contains(id.toString()), "no data for a wrong token");
            assertTrue(driver.manage().getCookies().isEmpty(), "no session for a wrong token");

            driver.findElement(By.id("token")).sendKeys(HttpFixture.TOKEN);
            driver.findElement(By.cssSelector("#login button")).click();
            waiting().until(ExpectedConditions.urlToBe(base(f) + "/ui/executions"));
            assertTrue(driver.getPageSource().contains(HttpFixture.enc(id)), "the list after signing in");
            assertFalse(driver.getCurrentUrl().contains(HttpFixture.TOKEN), "never in a URL");
            assertEquals("", js("return document.cookie"), "the session cookie is out of scripts' reach");
            assertEquals(Boolean.FALSE, js("const all = []; for (const s of [sessionStorage, localStorage]) { for (let i = 0; "
                    + "i < s.length; i++) { all.push(s.key(i) + '=' + s.getItem(s.key(i))); } } "
                    + "return all.some(v => v.includes(arguments[0]));", HttpFixture.TOKEN), "not in storage");
        }
    }
}
