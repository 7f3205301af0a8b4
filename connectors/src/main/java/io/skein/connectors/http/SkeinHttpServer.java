package io.skein.connectors.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.skein.core.api.EngineBackend;
import io.skein.core.error.EngineError;
import io.skein.core.error.EngineException;
import io.skein.core.error.HttpErrorMapping;
import io.skein.core.error.HttpErrorMapping.HttpError;
import io.skein.core.wire.SkeinJson;
import io.skein.sql.engine.SqlEngineBackend;
import io.skein.topology.SkeinEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.NetworkConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Skein's HTTP server (spec 03 §2, §4) over one {@link EngineBackend}: the FlowFabric REST routes, bearer
 * authentication, CORS, body limits, {@code /healthz}, {@code /metrics} and {@code /openapi.json}. Javalin (on
 * Jetty) only carries the bytes: every request goes through one dispatcher that matches the route table, so
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
    private final byte[] openApi;
    private Javalin app;

    private SkeinHttpServer(EngineBackend backend, HttpServerConfig config) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.config = Objects.requireNonNull(config, "config");
        this.auth = config.apiToken() == null ? null : new BearerAuth(config.apiToken());
        this.api = new ApiRoutes(backend, config, java.util.UUID::randomUUID);
        this.engineQueries = new EngineQueryRoutes(new PeerQueries(config.apiToken()));
        List<Route> all = new ArrayList<>(api.routes());
        all.addAll(new WorkerRoutes(backend).routes());
        all.addAll(engineQueries.routes());
        all.add(new Route("GET", "/healthz", BodyLimit.NONE, false, "ping",
                "Backend reachability: 200 {\"status\":\"ok\"}, 503 when the backend does not answer.",
                this::health));
        all.add(new Route("GET", "/metrics", BodyLimit.NONE, false, "metrics",
                "Prometheus text exposition 0.0.4.", call -> new Reply(200, HttpMetrics.CONTENT_TYPE,
                        metrics.scrape().getBytes(StandardCharsets.UTF_8), Map.of())));
        all.add(new Route("GET", "/openapi.json", BodyLimit.NONE, true, "openapi",
                "This document.", call -> new Reply(200, Reply.JSON, openApiBytes(), Map.of())));
        this.routes = List.copyOf(all);
        try {
            this.openApi = SkeinJson.strict().writeValueAsBytes(OpenApiDocument.of(routes, auth != null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("OpenAPI document not serializable", e);
        }
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
    }

    private void bind() {
        if (auth == null) {
            LOG.warn("FF_API_TOKEN is not set: the HTTP API accepts unauthenticated requests");
        }
        Handler dispatcher = this::dispatch;
        app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = BodyLimit.largest();
            cfg.router.ignoreTrailingSlashes = false;
            cfg.routes.get("/*", dispatcher);
            cfg.routes.post("/*", dispatcher);
            cfg.routes.put("/*", dispatcher);
            cfg.routes.delete("/*", dispatcher);
            cfg.routes.patch("/*", dispatcher);
            cfg.routes.head("/*", dispatcher);
            cfg.routes.options("/*", dispatcher);
        });
        app.start(config.host(), config.port());
        LOG.info("Skein HTTP API listening on {}:{} ({} routes)", config.host(), app.port(), routes.size());
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

    /** Closes the listening sockets; requests already running continue (shutdown step 1). */
    public void stopAccepting() {
        draining.set(true);
        for (Connector connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof NetworkConnector network) {
                network.close();
            }
        }
    }

    /**
     * Stops accepting, waits up to the shutdown grace for running requests, then stops the server. Requests
     * still running at the deadline are cut off and counted in {@code ff_shutdown_timeout_total}.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        stopAccepting();
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int cut = inFlight.get();
        for (int i = 0; i < cut; i++) {
            metrics.shutdownTimeout();
        }
        app.stop();
        api.close();
        LOG.info("Skein HTTP API stopped ({} requests cut off)", cut);
    }

    @Override
    public void close() {
        stop();
    }

    // --------------------------------------------------------------------------------------------- dispatch

    private void dispatch(Context ctx) {
        long started = System.nanoTime();
        String method = ctx.req().getMethod();
        String label = "unknown";
        Reply reply;
        inFlight.incrementAndGet();
        try {
            String origin = ctx.header("Origin");
            boolean corsAllowed = config.cors().allows(origin);
            if (corsAllowed) {
                ctx.header("Access-Control-Allow-Origin", config.cors().anyOrigin() ? "*" : origin);
                if (!config.cors().anyOrigin()) {
                    ctx.header("Vary", "Origin");
                }
            }
            Match match = null;
            try {
                String[] segments = decodedSegments(ctx.req().getRequestURI());
                if ("OPTIONS".equals(method) && ctx.header("Access-Control-Request-Method") != null) {
                    reply = preflight(ctx, corsAllowed);
                } else {
                    match = match(method, segments);
                    if (match != null) {
                        label = match.route.template();
                    }
                    reply = answer(ctx, match);
                }
            } catch (HttpFailure failure) {
                reply = new Reply(failure.status(), Reply.JSON, bytes(failure.body()), Map.of());
            } catch (EngineException e) {
                reply = errorReply(HttpErrorMapping.map(e.error()));
                if (reply.status() >= 500) {
                    LOG.warn("{} {} failed: {}", method, label, e.getMessage());
                }
            } catch (RuntimeException e) {
                LOG.error("{} {} failed unexpectedly", method, label, e);
                reply = errorReply(new HttpError(500, "bug", "bug: " + e.getClass().getSimpleName(), false));
            }
            ctx.status(reply.status());
            reply.headers().forEach(ctx::header);
            if (reply.contentType() != null) {
                ctx.contentType(reply.contentType());
            }
            if (reply.body().length > 0 || reply.status() != 204) {
                ctx.result(reply.body());
            }
        } finally {
            inFlight.decrementAndGet();
            metrics.record(method, label, ctx.statusCode(), System.nanoTime() - started);
        }
    }

    private Reply answer(Context ctx, Match match) {
        boolean needsAuth = match == null || match.route.authenticated();
        if (needsAuth && auth != null && !auth.accepts(ctx.header("Authorization"))) {
            throw HttpFailure.of(HttpErrorMapping.unauthorized());
        }
        if (match == null) {
            throw HttpFailure.notFound("route " + ctx.req().getMethod() + " " + ctx.req().getRequestURI());
        }
        if (draining.get()) {
            throw HttpFailure.of(HttpErrorMapping.map(new EngineError.Unavailable("http_server_shutting_down")));
        }
        byte[] body = readBody(ctx, match.route);
        Call call = new Call(match.route, match.params, ctx::queryParam, body, backend::serverTimeMs);
        return match.route.handler().handle(call);
    }

    private Reply preflight(Context ctx, boolean corsAllowed) {
        if (!corsAllowed) {
            return new Reply(204, null, new byte[0], Map.of());
        }
        String headers = auth == null ? "Content-Type" : "Content-Type, Authorization";
        if (config.cors().anyOrigin()) {
            String requested = ctx.header("Access-Control-Request-Headers");
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

    /** The body, read within the route's limit: declared length first, then the bytes actually sent. */
    private static byte[] readBody(Context ctx, Route route) {
        int limit = route.limit().bytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            drainQuietly(ctx, declared);
            throw HttpFailure.payloadTooLarge(limit, route.template());
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (out.size() + n > limit) {
                    throw HttpFailure.payloadTooLarge(limit, route.template());
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw HttpFailure.badRequest("body: could not be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** Bodies up to this size are read and dropped before a 413, so the client, still sending, sees the answer. */
    static final long MAX_DRAIN_BYTES = 16L * 1024 * 1024;

    /**
     * Reads and discards an over-limit body the client has declared (bounded): answering before the client has
     * finished sending makes the connection close under it, and most clients then lose the 413.
     */
    private static void drainQuietly(Context ctx, long declared) {
        if (declared > MAX_DRAIN_BYTES) {
            return;
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buffer = new byte[8192];
            while (in.read(buffer) != -1) {
                // discard
            }
        } catch (IOException ignored) {
            // the client went away: nothing to answer
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
