package io.skein.connectors.ui;

import io.skein.connectors.http.Reply;
import io.skein.core.api.EngineBackend;
import io.skein.sql.engine.DashboardReads;
import io.skein.sql.engine.SqlEngineBackend;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in dashboard (issue #19), served under {@code /ui/} on the API's port: overview, executions, an
 * execution's detail with its live stream, flows as a DAG, budgets, quotas and waitpoint keys, and the operator
 * actions. Pages are rendered on the server; htmx (live parts, actions), Chart.js and Cytoscape.js with dagre
 * come as WebJars and are served from the classpath. Reads and actions go through the HTTP API's own routes
 * in-process ({@link ApiInvoker}), so a page shows what the API answers and an action's refusal is the API's error
 * verbatim; what the API has no route for comes from the engine backend or, for the aggregates, the SQL store.
 */
public final class Dashboard implements AutoCloseable {

    /** The metrics label of requests that match no dashboard route. */
    public static final String ROUTE_LABEL = "/ui/*";

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);
    private static final String STATIC = "io/skein/connectors/ui/static/";
    private static final String WEBJARS = "META-INF/resources/webjars/";
    private static final String HTML = "text/html; charset=utf-8";

    /** An answer and the route template it matched, for the request metrics. */
    public record Answer(String route, Reply reply) {}

    private final UiSession session;
    private final Views views;
    private final Pages pages;
    private final Actions actions;
    private final Map<String, String> libraries;

    public Dashboard(EngineBackend backend, ApiInvoker api, String apiToken, Predicate<String> tokenCheck,
                     LongSupplier clock) {
        this.session = new UiSession(apiToken, tokenCheck, clock);
        this.views = new Views(clock);
        Sources sources = new Sources(new Api(api), backend, clock);
        this.pages = new Pages(sources, views);
        this.actions = new Actions(sources, views);
        this.libraries = libraries();
    }

    /** Serves the aggregates (counts, rates, flows, budgets) from {@code store}; until then those parts say so. */
    public void bind(SqlEngineBackend store) {
        pages.sources().bind(new DashboardReads(store));
    }

    @Override
    public void close() {
        actions.close();
    }

    /** Whether {@code rawPath} is the dashboard's (the root redirects to it). */
    public static boolean serves(String rawPath) {
        return rawPath.equals("/") || rawPath.equals("/ui") || rawPath.startsWith("/ui/");
    }

    public Answer handle(UiRequest request) {
        String path = request.rawPath();
        String method = request.method();
        if (path.equals("/") || path.equals("/ui")) {
            return new Answer(path, redirect("/ui/"));
        }
        if (path.startsWith("/ui/assets/") && (method.equals("GET") || method.equals("HEAD"))) {
            return new Answer("/ui/assets/*", asset(path.substring("/ui/assets/".length())));
        }
        if (path.equals("/ui/login")) {
            return new Answer("/ui/login", method.equals("POST") ? login(request) : loginPage(request, null, 200));
        }
        if (path.equals("/ui/logout") && method.equals("POST")) {
            return new Answer("/ui/logout", new Reply(303, null, new byte[0],
                    Map.of("Location", "/ui/login", "Set-Cookie", UiSession.close())));
        }
        if (!session.admits(request)) {
            return new Answer(ROUTE_LABEL, unauthenticated(request));
        }
        if (method.equals("POST") && !sameOrigin(request)) {
            return new Answer(ROUTE_LABEL, page(403, "error", Map.of("title", "Refused",
                    "message", "This action came from another site.")));
        }
        String[] segments;
        try {
            segments = segments(path);
        } catch (IllegalArgumentException e) {
            return new Answer(ROUTE_LABEL, page(400, "error", Map.of("title", "Bad address",
                    "message", "The address is not valid percent-encoding.")));
        }
        try {
            return route(method, segments, request);
        } catch (RuntimeException e) {
            LOG.error("dashboard {} {} failed", method, path, e);
            return new Answer(ROUTE_LABEL, page(500, "error", Map.of("title", "Something broke",
                    "message", "The page could not be built (" + e.getClass().getSimpleName() + "); the server log "
                            + "has the details.")));
        }
    }

    private Answer route(String method, String[] s, UiRequest request) {
        boolean get = method.equals("GET") || method.equals("HEAD");
        boolean post = method.equals("POST");
        int n = s.length;
        if (get && n == 0) {
            return answer("/ui/", pages.overview(request));
        }
        String first = s[0];
        if (get && n == 2 && first.equals("overview") && s[1].equals("engine")) {
            return answer("/ui/overview/engine", pages.overviewEngine());
        }
        if (first.equals("executions")) {
            if (get && n == 1) {
                return answer("/ui/executions", pages.executions(request));
            }
            if (post && n == 2 && s[1].equals("bulk")) {
                return answer("/ui/executions/bulk", actions.bulk(request));
            }
            if (get && n == 2) {
                return answer("/ui/executions/{id}", pages.execution(s[1], request));
            }
            if (get && n == 3 && s[2].equals("status")) {
                return answer("/ui/executions/{id}/status", pages.executionStatus(s[1]));
            }
            if (get && n == 3 && s[2].equals("live")) {
                return answer("/ui/executions/{id}/live", pages.live(s[1], request));
            }
            if (post && n == 3) {
                return answer("/ui/executions/{id}/" + s[2], actions.onExecution(s[1], s[2], request));
            }
        }
        if (first.equals("flows")) {
            if (get && n == 1) {
                return answer("/ui/flows", pages.flows(request));
            }
            if (get && n == 2) {
                return answer("/ui/flows/{id}", pages.flow(s[1]));
            }
            if (post && n == 3 && s[2].equals("cancel")) {
                return answer("/ui/flows/{id}/cancel", actions.cancelFlow(s[1], request));
            }
        }
        if (first.equals("budgets") && get && n == 1) {
            return answer("/ui/budgets", pages.budgets());
        }
        if (first.equals("workers") && get && n == 1) {
            return answer("/ui/workers", pages.workers(request));
        }
        if (first.equals("search") && get && n == 1) {
            return answer("/ui/search", pages.search(request));
        }
        return new Answer(ROUTE_LABEL, page(404, "error", Map.of("title", "Not found",
                "message", "There is no page at this address.")));
    }

    private Answer answer(String route, Page page) {
        return new Answer(route, render(page));
    }

    /** Renders a page (its template with the layout's model) or passes its ready reply through. */
    Reply render(Page page) {
        if (page.reply() != null) {
            return page.reply();
        }
        Map<String, Object> model = new HashMap<>(page.model());
        model.put("lib", libraries);
        model.put("login", session.required());
        Map<String, String> headers = new LinkedHashMap<>(page.headers());
        headers.putIfAbsent("Cache-Control", "no-store");
        return new Reply(page.status(), HTML, views.render(page.template(), model), headers);
    }

    private Reply page(int status, String template, Map<String, Object> model) {
        return render(new Page(status, template, model, Map.of(), null));
    }

    // -------------------------------------------------------------------------------------------------- login

    private Reply loginPage(UiRequest request, String problem, int status) {
        if (!session.required()) {
            return redirect("/ui/");
        }
        Map<String, Object> model = new HashMap<>();
        model.put("next", safeNext(request.query("next")));
        if (problem != null) {
            model.put("problem", problem);
        }
        return page(status, "login", model);
    }

    private Reply login(UiRequest request) {
        if (!session.required()) {
            return redirect("/ui/");
        }
        if (!sameOrigin(request)) {
            return page(403, "error", Map.of("title", "Refused", "message", "This login came from another site."));
        }
        Map<String, String> form = request.form();
        String next = safeNext(form.get("next"));
        if (!session.acceptsToken(form.get("token"))) {
            Map<String, Object> model = new HashMap<>();
            model.put("next", next);
            model.put("problem", "That is not this server's API token.");
            return page(401, "login", model);
        }
        return new Reply(303, null, new byte[0], Map.of("Location", next,
                "Set-Cookie", session.open(secure(request))));
    }

    /** A full page goes to the login form; a fragment asks htmx to take the whole window there. */
    private Reply unauthenticated(UiRequest request) {
        String target = request.rawPath() + (request.rawQuery() == null ? "" : "?" + request.rawQuery());
        String login = "/ui/login?next=" + Views.enc(target);
        if (request.fromHtmx()) {
            return new Reply(401, HTML, new byte[0], Map.of("HX-Redirect", login));
        }
        return redirect(login);
    }

    /** Where a login may send the browser back to: a dashboard path, never another site. */
    private static String safeNext(String next) {
        return next != null && next.startsWith("/ui/") && !next.startsWith("//") && !next.contains("\\")
                ? next : "/ui/";
    }

    /** Whether a state-changing request comes from a page of this server (Origin, else Referer, against Host). */
    private static boolean sameOrigin(UiRequest request) {
        String host = request.header("Host");
        String origin = request.header("Origin");
        if (origin == null) {
            origin = request.header("Referer");
        }
        if (host == null || origin == null) {
            return false;
        }
        try {
            URI uri = URI.create(origin);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host.equalsIgnoreCase(authority);
        } catch (IllegalArgumentException | NullPointerException e) {
            return false;
        }
    }

    private static boolean secure(UiRequest request) {
        return "https".equalsIgnoreCase(request.header("X-Forwarded-Proto"));
    }

    static Reply redirect(String location) {
        return new Reply(303, null, new byte[0], Map.of("Location", location));
    }

    // ------------------------------------------------------------------------------------------------- assets

    /**
     * A static file: {@code app/<file>} from the dashboard's own resources, {@code lib/<webjar path>} from a WebJar.
     * Both are public (no data), versioned or small, and never hold a {@code ..}.
     */
    private Reply asset(String relative) {
        if (relative.contains("..") || relative.contains("\\") || relative.contains("//")) {
            return new Reply(404, null, new byte[0], Map.of());
        }
        String resource;
        String cache;
        if (relative.startsWith("app/")) {
            resource = STATIC + relative.substring(4);
            cache = "no-cache";
        } else if (relative.startsWith("lib/")) {
            resource = WEBJARS + relative.substring(4);
            cache = "public, max-age=31536000, immutable";
        } else {
            return new Reply(404, null, new byte[0], Map.of());
        }
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return new Reply(404, null, new byte[0], Map.of());
            }
            return new Reply(200, contentType(relative), in.readAllBytes(), Map.of("Cache-Control", cache));
        } catch (IOException e) {
            return new Reply(404, null, new byte[0], Map.of());
        }
    }

    private static String contentType(String path) {
        if (path.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        if (path.endsWith(".css")) {
            return "text/css; charset=utf-8";
        }
        if (path.endsWith(".svg")) {
            return "image/svg+xml";
        }
        return "application/octet-stream";
    }

    /** The pages' script addresses: each WebJar's file under its version, read from the jar's Maven metadata. */
    private static Map<String, String> libraries() {
        Map<String, String> lib = new HashMap<>();
        lib.put("htmx", library("htmx.org", "dist/htmx.min.js"));
        lib.put("chart", library("chart.js", "dist/chart.umd.min.js"));
        lib.put("cytoscape", library("cytoscape", "dist/cytoscape.min.js"));
        lib.put("dagre", library("dagre", "dist/dagre.min.js"));
        return Map.copyOf(lib);
    }

    private static String library(String artifact, String file) {
        String properties = "META-INF/maven/org.webjars.npm/" + artifact + "/pom.properties";
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(properties)) {
            if (in == null) {
                throw new IllegalStateException("the " + artifact + " WebJar is not on the classpath");
            }
            Properties p = new Properties();
            p.load(in);
            return "/ui/assets/lib/" + artifact + "/" + p.getProperty("version") + "/" + file;
        } catch (IOException e) {
            throw new IllegalStateException("the " + artifact + " WebJar is unreadable", e);
        }
    }

    /** The decoded path segments after {@code /ui/} (none for the overview). */
    private static String[] segments(String path) {
        String rest = path.substring("/ui/".length());
        if (rest.isEmpty()) {
            return new String[0];
        }
        List<String> parts = List.of(rest.split("/", -1));
        String[] out = new String[parts.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = URLDecoder.decode(parts.get(i).replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        return out;
    }
}
