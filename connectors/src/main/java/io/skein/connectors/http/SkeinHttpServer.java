package io.skein.connectors.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.skein.core.api.EngineBackend;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.HttpErrorMapping;
import io.skein.core.error.HttpErrorMapping.HttpError;
import io.skein.core.wire.SkeinJson;
import io.skein.connectors.ui.Dashboard;
import io.skein.connectors.ui.UiRequest;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.topology.SkeinEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skein's HTTP server (spec 03 §2, §4) over one {@link EngineBackend}: the FlowFabric REST routes, bearer
 * authentication, CORS, body limits, {@code /healthz}, {@code /metrics}, {@code /openapi.json} and the dashboard
 * under {@code /ui/} (issue #19), which calls the same routes in-process. Javalin (on Jetty) only carries the bytes: every request goes through one dispatcher that matches the route table, so
 * routing, errors, metrics labels and the OpenAPI document share one source.
 */
public final class SkeinHttpServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SkeinHttpServer.class);
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};

    private final EngineBackend backend;
    private final HttpServerConfig config;
    private final BearerAuth auth;
    private final ApiRoutes api;
    private final List<Route> routes;
    private final HttpMetrics metrics = new HttpMetrics();
    private final EngineQueryRoutes engineQueries;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicBoolean draining = new AtomicBoolean();
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Requests still running when the drain's grace ran out; -1 until a drain ends. */
    private int cutOff = -1;
    private final byte[] openApi;
    private final Dashboard dashboard;
    private Javalin app;

    private SkeinHttpServer(EngineBackend backend, HttpServerConfig config) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.config = Objects.requireNonNull(config, "config");
        this.auth = config.apiToken() == null ? null : new BearerAuth(config.apiToken());
        this.api = new ApiRoutes(backend, config, java.util.UUID::randomUUID);
        this.engineQueries = new EngineQueryRoutes(new PeerQueries(config.apiToken()));
        List<Route> all = new ArrayList<>(api.routes());
        all.addAll(new WorkerRoutes(backend).routes());
        all.addAll(new WorkerRegistryRoutes(backend).routes());
        all.addAll(new AdminRoutes(backend, config.partitions()).routes());
        all.addAll(new EventRoutes(backend).routes());
        all.addAll(engineQueries.routes());
        all.add(new Route("GET", "/healthz", BodyLimit.NONE, false, "ping",
                "Backend reachability: 200 {\"status\":\"ok\"}, 503 when the backend does not answer.",
                this::health));
        all.add(new Route("GET", "/metrics", BodyLimit.NONE, false, "metrics",
                "Prometheus text exposition 0.0.4.", call -> new Reply(200, HttpMetrics.CONTENT_TYPE,
                        metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of())));
        // public documentation: a client reads it to learn how to authenticate
        all.add(new Route("GET", "/openapi.json", BodyLimit.NONE, false, "openapi",
                "This document.", call -> new Reply(200, Reply.JSON, openApiBytes(), Map.of())));
        this.routes = List.copyOf(all);
        try {
            this.openApi = SkeinJson.strict().writeValueAsBytes(OpenApiDocument.of(routes, auth != null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("OpenAPI document not serializable", e);
        }
        this.dashboard = new Dashboard(backend, this::invoke, config.apiToken(),
                token -> auth != null && auth.accepts(List.of("Bearer " + token)), backend::serverTimeMs);
    }

    /** Binds {@code config.host():config.port()} and serves until {@link #stop()}. */
    public static SkeinHttpServer start(EngineBackend backend, HttpServerConfig config) {
        SkeinHttpServer server = new SkeinHttpServer(backend, config);
        if (backend instanceof SqlEngineBackend store) {
            server.bindEngine(store, null);
        }
        server.bind();
        return server;
    }

    /**
     * Serves the engine figures in {@code /metrics} and the {@code /v1/engine/...} queries from {@code store} and,
     * in Kafka mode, {@code engine} (null in direct mode). Until then those queries answer 503.
     */
    public void bindEngine(SqlEngineBackend store, SkeinEngine engine) {
        metrics.bindEngine(store);
        engineQueries.bind(store, engine);
        dashboard.bind(store);
    }

    private void bind() {
        if (auth == null) {
            LOG.warn("FF_API_TOKEN is not set: the HTTP API accepts unauthenticated requests");
        }
        JettyErrors errors = new JettyErrors();
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = BodyLimit.largest();
            // Jetty keeps a per-connection cache of header fields (Authorization among them) that matches values
            // case-insensitively, and hands a request the cached field: a token differing from the previous
            // request's only in case would be seen as that token. Matched exactly, the check sees the bytes sent.
            cfg.jetty.modifyHttpConfiguration(http -> http.setHeaderCacheCaseSensitive(true));
            // what Jetty answers itself (unparsable requests, bad versions) is JSON of spec 03 like the rest
            cfg.jetty.modifyServer(server -> server.setErrorHandler(errors));
            // Every request goes through the dispatcher as a filter, before Javalin's servlet: Javalin refuses
            // methods it cannot name (a lower-case "get") with a 500, and routes nothing here itself.
            cfg.jetty.modifyServletContextHandler(context -> {
                context.setErrorHandler(errors);
                context.addFilter(new FilterHolder(new Dispatcher()), "/*", EnumSet.of(DispatcherType.REQUEST));
            });
        });
        app.start(config.host(), config.port());
        LOG.info("Skein HTTP API listening on {}:{} ({} routes; dashboard at /ui/)", config.host(), app.port(),
                routes.size());
    }

    /** The servlet filter every request enters by: {@link #dispatch} answers it, nothing runs after. */
    private final class Dispatcher extends HttpFilter {
        @Override
        protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws IOException {
            dispatch(request, response);
        }
    }

    /** The bound port (the chosen one when the configuration asked for 0). */
    public int port() {
        return app.port();
    }

    /** Every served route, in table order (the OpenAPI document's source). */
    public List<Route> routes() {
        return routes;
    }

    public HttpMetrics metrics() {
        return metrics;
    }

    /** Requests being answered right now (what a drain waits for). */
    public int requestsInFlight() {
        return inFlight.get();
    }

    /**
     * Shutdown step 1: closes the listening sockets; requests already running continue, and a request that arrives
     * after this on an open connection is refused with 503.
     */
    public void stopAccepting() {
        draining.set(true);
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof NetworkConnector network) {
                network.close();
            }
        }
    }

    /**
     * Stops accepting and waits up to {@code grace} for the requests that were running: they finish against a
     * backend that still serves them, so a drain belongs before the backend's own shutdown. Returns how many were
     * still running at the deadline: those are cut off, and counted in {@code ff_shutdown_timeout_total}. A second
     * call returns the first one's count.
     */
    public synchronized int drain(Duration grace) {
        if (cutOff >= 0) {
            return cutOff;
        }
        stopAccepting();
        long deadline = System.nanoTime() + grace.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        cutOff = inFlight.get();
        for (int i = 0; i < cutOff; i++) {
            metrics.shutdownTimeout();
        }
        return cutOff;
    }

    /** Drains (if {@link #drain} has not) within the configured grace, then stops the server. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        int cut = drain(config.shutdownGrace());
        app.stop();
        api.close();
        dashboard.close();
        LOG.info("Skein HTTP API stopped ({} requests cut off)", cut);
    }

    @Override
    public void close() {
        stop();
    }

    // --------------------------------------------------------------------------------------------- dispatch

    private void dispatch(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        String method = request.getMethod();
        String label = "unknown";
        Reply reply;
        inFlight.incrementAndGet();
        // a request is accepted or not when it arrives: one that was running when the drain began finishes
        boolean accepted = !draining.get();
        try {
            String origin = request.getHeader("Origin");
            boolean corsAllowed = config.cors().allows(origin);
            if (corsAllowed) {
                response.setHeader("Access-Control-Allow-Origin", config.cors().anyOrigin() ? "*" : origin);
                if (!config.cors().anyOrigin()) {
                    response.setHeader("Vary", "Origin");
                }
            }
            try {
                String rawPath = request.getRequestURI() == null ? "/" : request.getRequestURI();
                if ("OPTIONS".equals(method) && request.getHeader("Access-Control-Request-Method") != null) {
                    reply = preflight(request, corsAllowed);
                } else if (Dashboard.serves(rawPath)) {
                    label = Dashboard.ROUTE_LABEL;
                    refuseUnlessAccepted(accepted);
                    Dashboard.Answer answer = dashboard.handle(new UiRequest(method, rawPath,
                            request.getQueryString(), QueryString.parse(request.getQueryString()),
                            request::getHeader, readBody(request, BodyLimit.C.bytes(), Dashboard.ROUTE_LABEL)));
                    label = answer.route();
                    reply = answer.reply();
                } else {
                    Match match = match(method, decodedSegments(rawPath));
                    if (match != null) {
                        label = match.route.template();
                    }
                    reply = answer(request, match, accepted);
                }
            } catch (RuntimeException e) {
                reply = failure(e, method, label);
            }
            drainQuietly(request, response);
            response.setStatus(reply.status());
            reply.headers().forEach(response::setHeader);
            if (reply.contentType() != null) {
                response.setContentType(reply.contentType());
            }
            if (reply.body().length > 0 || reply.status() != 204) {
                response.setContentLength(reply.body().length);
                response.getOutputStream().write(reply.body());
            }
        } finally {
            inFlight.decrementAndGet();
            metrics.record(methodLabel(method), label, response.getStatus(), System.nanoTime() - started);
        }
    }

    /** Metrics name the methods routes use; any other string a client sends is one label, not one each. */
    private static String methodLabel(String method) {
        for (String known : METHODS) {
            if (known.equals(method)) {
                return known;
            }
        }
        return "other";
    }

    private Reply answer(HttpServletRequest request, Match match, boolean accepted) {
        boolean needsAuth = match == null || match.route.authenticated();
        if (needsAuth && auth != null && !auth.accepts(Collections.list(request.getHeaders("Authorization")))) {
            throw HttpFailure.of(HttpErrorMapping.unauthorized());
        }
        if (match == null) {
            throw HttpFailure.notFound("route " + request.getMethod() + " " + request.getRequestURI());
        }
        refuseUnlessAccepted(accepted);
        byte[] body = readBody(request, match.route.limit().bytes(), match.route.template());
        Call call = new Call(match.route, match.params, QueryString.parse(request.getQueryString()), body,
                backend::serverTimeMs);
        return match.route.handler().handle(call);
    }

    private static void refuseUnlessAccepted(boolean accepted) {
        if (!accepted) {
            throw HttpFailure.of(HttpErrorMapping.map(new EngineError.Unavailable("http_server_shutting_down")));
        }
    }

    /**
     * Answers a request to a route of the table exactly as a client would be answered (status, body, typed errors),
     * without the bearer check: the dashboard calls the API this way on behalf of a person it has authenticated.
     */
    private Reply invoke(String method, String path, Map<String, String> query, byte[] body) {
        String label = "unknown";
        try {
            Match match = match(method, decodedSegments(path));
            if (match == null) {
                throw HttpFailure.notFound("route " + method + " " + path);
            }
            label = match.route.template();
            if (body.length > match.route.limit().bytes()) {
                throw HttpFailure.payloadTooLarge(match.route.limit().bytes(), label);
            }
            return match.route.handler().handle(new Call(match.route, match.params, query::get, body,
                    backend::serverTimeMs));
        } catch (RuntimeException e) {
            return failure(e, method, label);
        }
    }

    /** The answer to a request that failed: its typed error, or a 500 {@code bug} (logged) for anything else. */
    private static Reply failure(RuntimeException e, String method, String label) {
        if (e instanceof HttpFailure failure) {
            return new Reply(failure.status(), Reply.JSON, bytes(failure.body()), Map.of());
        }
        if (e instanceof EngineException engine) {
            Reply reply = errorReply(HttpErrorMapping.map(engine.error()));
            if (reply.status() >= 500) {
                LOG.warn("{} {} failed: {}", method, label, e.getMessage());
            }
            return reply;
        }
        LOG.error("{} {} failed unexpectedly", method, label, e);
        return errorReply(new HttpError(500, "bug", "bug: " + e.getClass().getSimpleName(), false));
    }

    private Reply preflight(HttpServletRequest request, boolean corsAllowed) {
        if (!corsAllowed) {
            return new Reply(204, null, new byte[0], Map.of());
        }
        String headers = auth == null ? "Content-Type" : "Content-Type, Authorization";
        if (config.cors().anyOrigin()) {
            String requested = request.getHeader("Access-Control-Request-Headers");
            headers = requested == null || requested.isBlank() ? headers : requested;
        }
        return new Reply(204, null, new byte[0], Map.of(
                "Access-Control-Allow-Methods", "GET, POST, PUT",
                "Access-Control-Allow-Headers", headers,
                "Access-Control-Max-Age", "600"));
    }

    private Reply health(Call call) {
        call.requireNoBody();
        try {
            backend.ping();
        } catch (RuntimeException e) {
            LOG.warn("health check: backend ping failed: {}", e.toString());
            return errorReply(new HttpError(503, "unavailable", "backend op unavailable: ping", false));
        }
        return Reply.json(200, "{\"status\":\"ok\"}");
    }

    /** The body, read within {@code limit}: declared length first, then the bytes actually sent. */
    private static byte[] readBody(HttpServletRequest request, int limit, String template) {
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            throw HttpFailure.payloadTooLarge(limit, template); // the body is drained before the answer
        }
        try (InputStream in = request.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > limit) {
                    throw HttpFailure.payloadTooLarge(limit, template);
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw HttpFailure.badRequest("body: could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Bodies up to this size are read and dropped before an answer that did not need them (413, 401, 404, …). */
    static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;

    /**
     * Reads and discards what is left of the request body (bounded) before the answer goes out: answering while the
     * client is still sending makes the connection close under it, and the client then loses the answer or, on a
     * kept-alive connection, the next request. A body past the bound closes the connection instead.
     */
    private static void drainQuietly(HttpServletRequest request, HttpServletResponse response) {
        if (request.getContentLengthLong() > MAX_DRAIN_BYTES) {
            response.setHeader("Connection", "close");
            return;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] buffer = new byte[8192];
            long drained = 0;
            int n;
            while ((n = in.read(buffer)) != -1) {
                drained += n;
                if (drained > MAX_DRAIN_BYTES) {
                    response.setHeader("Connection", "close");
                    return;
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // the client went away or sent a broken body: nothing more to read
        }
    }

    private Match match(String method, String[] segments) {
        for (Route route : routes) {
            if (!route.method().equals(method)) {
                continue;
            }
            Map<String, String> params = route.match(segments);
            if (params != null) {
                return new Match(route, params);
            }
        }
        return null;
    }

    private static String[] decodedSegments(String rawPath) {
        String[] segments = Route.segments(rawPath == null ? "/" : rawPath);
        for (int i = 0; i < segments.length; i++) {
            try {
                segments[i] = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw HttpFailure.badRequest("path: malformed percent-encoding");
            }
        }
        return segments;
    }

    private byte[] openApiBytes() {
        return openApi.clone();
    }

    private static Reply errorReply(HttpError error) {
        return new Reply(error.status(), Reply.JSON, bytes(HttpFailure.errorBody(error)), Map.of());
    }

    private static byte[] bytes(ObjectNode node) {
        try {
            return SkeinJson.strict().writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Match(Route route, Map<String, String> params) {}
}
