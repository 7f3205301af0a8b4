package io.skein.connectors.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.connectors.http.HttpFixture.Answer;
import io.skein.core.id.ExecutionId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard over HTTP, without a browser: the login keeps the token out of URLs and pages and a wrong one gets
 * the login page; a session cookie opens the pages; an action from another site is refused; an action the API
 * refuses shows the API's error body verbatim and changes nothing; assets come from the WebJars.
 */
class DashboardHttpTest {

    private HttpFixture f;

    @BeforeEach
    void start() {
        f = HttpFixture.withToken();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Answer browse(String method, String path, String form, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("Origin", "http://127.0.0.1:" + f.server.port());
        if (form != null) {
            all.put("Content-Type", "application/x-www-form-urlencoded");
        }
        return f.send(method, path, form, all);
    }

    private String login() {
        Answer in = browse("POST", "/ui/login", "token=" + HttpFixture.TOKEN + "&next=%2Fui%2Fexecutions", Map.of());
        assertEquals(303, in.status(), in.body());
        assertEquals("/ui/executions", in.header("Location"));
        String cookie = in.header("Set-Cookie");
        assertNotNull(cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);
        assertFalse(cookie.contains(HttpFixture.TOKEN), "the cookie never holds the token: " + cookie);
        return cookie.substring(0, cookie.indexOf(';'));
    }

    @Test
    void aWrongTokenGetsTheLoginPageAndTheRightOneAPageOfData() {
        ExecutionId id = f.createExecution();

        Answer anonymous = browse("GET", "/ui/executions", null, Map.of());
        assertEquals(303, anonymous.status());
        assertEquals("/ui/login?next=%2Fui%2Fexecutions", anonymous.header("Location"));
        Answer fragment = browse("GET", "/ui/executions/x/status", null, Map.of("HX-Request", "true"));
        assertEquals(401, fragment.status());
        assertTrue(fragment.header("HX-Redirect").startsWith("/ui/login"), fragment.header("HX-Redirect"));

        Answer wrong = browse("POST", "/ui/login", "token=not-the-token&next=%2Fui%2Fexecutions", Map.of());
        assertEquals(401, wrong.status());
        assertTrue(wrong.body().contains("That is not this server&#39;s API token.")
                || wrong.body().contains("That is not this server's API token."), wrong.body());
        assertTrue(wrong.body().contains("name=\"token\""), "the login form again");
        assertNull(wrong.header("Set-Cookie"));
        assertFalse(wrong.body().contains(id.toString()), "no data for a wrong token");

        Answer forged = browse("GET", "/ui/executions", null, Map.of("Cookie", "skein_ui=99999999999999.AAAA"));
        assertEquals(303, forged.status(), "a forged cookie is no session");

        String session = login();
        Answer list = browse("GET", "/ui/executions", null, Map.of("Cookie", session));
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains(HttpFixture.enc(id)), "the list links the execution: " + list.body());
        assertFalse(list.body().contains(HttpFixture.TOKEN), "no page holds the token");
        Answer bearer = browse("GET", "/ui/", null, Map.of("Authorization", "Bearer " + HttpFixture.TOKEN));
        assertEquals(200, bearer.status(), "a script may use the bearer token instead of the form");

        Answer out = browse("POST", "/ui/logout", "", Map.of("Cookie", session));
        assertEquals(303, out.status());
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"));
    }

    @Test
    void everyPageRendersForASignedInPerson() {
        ExecutionId id = f.createExecution();
        String session = login();
        for (String page : new String[] {"/ui/", "/ui/executions", "/ui/executions?state=waiting&lane=default",
                "/ui/executions/" + HttpFixture.enc(id), "/ui/executions/" + HttpFixture.enc(id) + "/status",
                "/ui/flows", "/ui/budgets", "/ui/workers"}) {
            Answer a = browse("GET", page, null, Map.of("Cookie", session));
            assertEquals(200, a.status(), page + ": " + a.body());
            assertTrue(a.header("Content-Type").startsWith("text/html"), page);
        }
        Answer missing = browse("GET", "/ui/executions/" + HttpFixture.enc(HttpFixture.newExecutionId()), null,
                Map.of("Cookie", session));
        assertEquals(404, missing.status());
        Answer badFilter = browse("GET", "/ui/executions?state=sleeping", null, Map.of("Cookie", session));
        assertEquals(200, badFilter.status());
        assertTrue(badFilter.body().contains("The API refused (400)"), badFilter.body());
    }

    @Test
    void anActionTheApiRefusesShowsItsErrorVerbatimAndChangesNothing() {
        ExecutionId id = f.createExecution();
        String session = login();
        String path = "/ui/executions/" + HttpFixture.enc(id);
        Answer api = f.post("/v1/executions/" + HttpFixture.enc(id) + "/replay", null);
        assertEquals(409, api.status(), api.body());

        Answer ui = browse("POST", path + "/replay", "", Map.of("Cookie", session, "HX-Request", "true"));
        assertEquals(200, ui.status(), ui.body());
        assertTrue(ui.body().contains("The API refused (409)"), ui.body());
        assertTrue(ui.body().contains(htmlEscaped(api.body())), "verbatim: " + api.body() + " in " + ui.body());
        assertEquals("skein-changed", ui.header("HX-Trigger"));
        assertEquals("\"waiting\"", f.get("/v1/executions/" + HttpFixture.enc(id) + "/state").body());

        Answer cancelled = browse("POST", path + "/cancel", "", Map.of("Cookie", session, "HX-Request", "true"));
        assertTrue(cancelled.body().contains("Cancelled."), cancelled.body());
        assertEquals("\"cancelled\"", f.get("/v1/executions/" + HttpFixture.enc(id) + "/state").body());
    }

    @Test
    void malformedAddressesAndFormsGetAnAnswerNeverA500() {
        ExecutionId id = f.createExecution();
        String session = login();
        Map<String, String> page = Map.of("Cookie", session);
        Map<String, String> fragment = Map.of("Cookie", session, "HX-Request", "true");
        for (String path : new String[] {"/ui/executions/not-an-id", "/ui/executions/%25ZZ", "/ui/flows/not-a-uuid",
                "/ui/executions/not-an-id/live", "/ui/executions/not-an-id/status", "/ui/search?q=%7Bfp%3A",
                "/ui/executions?cursor=junk", "/ui/executions?since=forever", "/ui/executions?from=yesterday",
                "/ui/executions/" + HttpFixture.enc(id) + "?attempt=-3", "/ui/nowhere",
                "/ui/executions/" + HttpFixture.enc(id) + "/live?attempt=x&after=garbage",
                "/ui/workers?namespace=%20%00", "/ui/workers?after=%0A"}) {
            Answer a = browse("GET", path, null, page);
            assertTrue(a.status() < 500, path + " → " + a.status() + " " + a.body());
        }
        String exec = "/ui/executions/" + HttpFixture.enc(id);
        for (String[] post : new String[][] {{exec + "/priority", "new_priority=99999999999"},
                {exec + "/priority", "new_priority=high"}, {exec + "/explode", ""},
                {"/ui/executions/bulk", "action=delete"}, {"/ui/executions/bulk", "action=cancel&since=forever"},
                {"/ui/flows/" + java.util.UUID.randomUUID() + "/cancel", "cancellation_policy=nonsense"}}) {
            Answer a = browse("POST", post[0], post[1], fragment);
            assertTrue(a.status() < 500, post[0] + " " + post[1] + " → " + a.status() + " " + a.body());
            assertTrue(a.body().contains("refused"), "says why: " + a.body());
        }
        assertEquals("\"waiting\"", f.get("/v1/executions/" + HttpFixture.enc(id) + "/state").body(),
                "nothing changed");
    }

    @Test
    void theWorkersPageListsTheLiveWorkersOfANamespace() {
        for (String[] w : new String[][] {{"w-1", "default"}, {"w-2", "default"}, {"x-1", "elsewhere"}}) {
            Answer registered = f.post("/v1/worker/register", "{\"worker_id\":\"resizer\",\"worker_instance_id\":\""
                    + w[0] + "\",\"lanes\":[\"images\"],\"capabilities\":[\"gpu\"],\"liveness_ttl_ms\":60000,"
                    + "\"namespace\":\"" + w[1] + "\"}");
            assertEquals(200, registered.status(), registered.body());
        }
        f.post("/v1/worker/dead", "{\"worker_instance_id\":\"w-2\",\"namespace\":\"default\"}");
        String session = login();

        Answer page = browse("GET", "/ui/workers", null, Map.of("Cookie", session));
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("w-1") && page.body().contains("resizer") && page.body().contains("images")
                && page.body().contains("gpu"), page.body());
        assertFalse(page.body().contains("w-2"), "a worker marked dead is not listed");
        assertFalse(page.body().contains("x-1"), "another namespace's worker is not listed");
        Answer other = browse("GET", "/ui/workers?namespace=elsewhere", null, Map.of("Cookie", session));
        assertTrue(other.body().contains("x-1") && !other.body().contains("w-1"), other.body());
        Answer empty = browse("GET", "/ui/workers?namespace=nobody", null, Map.of("Cookie", session));
        assertTrue(empty.body().contains("No live worker"), empty.body());
    }

    @Test
    void anActionFromAnotherSiteIsRefused() {
        ExecutionId id = f.createExecution();
        String session = login();
        Answer foreign = f.send("POST", "/ui/executions/" + HttpFixture.enc(id) + "/cancel", "",
                Map.of("Cookie", session, "Origin", "https://evil.example", "Content-Type",
                        "application/x-www-form-urlencoded"));
        assertEquals(403, foreign.status());
        assertEquals("\"waiting\"", f.get("/v1/executions/" + HttpFixture.enc(id) + "/state").body());
    }

    @Test
    void assetsComeFromTheWebJarsAndNothingElse() {
        Answer page = browse("GET", "/ui/login", null, Map.of());
        assertEquals(200, page.status());
        String css = "/ui/assets/app/skein.css";
        assertEquals(200, browse("GET", css, null, Map.of()).status());
        Answer login = browse("GET", "/ui/", null, Map.of("Authorization", "Bearer " + HttpFixture.TOKEN));
        java.util.regex.Matcher htmx = java.util.regex.Pattern.compile("/ui/assets/lib/htmx\\.org/[^\"]+")
                .matcher(login.body());
        assertTrue(htmx.find(), login.body());
        Answer lib = browse("GET", htmx.group(), null, Map.of());
        assertEquals(200, lib.status());
        assertTrue(lib.header("Content-Type").startsWith("text/javascript"));
        assertTrue(lib.header("Cache-Control").contains("immutable"));
        assertEquals(404, browse("GET", "/ui/assets/lib/../../../io/skein/connectors/http/Route.class", null,
                Map.of()).status());
        assertEquals(404, browse("GET", "/ui/assets/other/x.js", null, Map.of()).status());
    }

    private static String htmlEscaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
