package io.skein.connectors.ui;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.skein.core.wire.SkeinJson;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The dashboard's pages: Pebble templates under {@code io/skein/connectors/ui/templates/}, HTML-escaped by default,
 * with the filters the pages share ({@code ts}, {@code ago}, {@code dur}, {@code enc}, {@code short}, {@code json},
 * {@code pretty}, {@code ranges}).
 */
final class Views {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    static final ObjectMapper JSON = SkeinJson.strict();
    private static final ObjectMapper PRETTY = SkeinJson.strict().copy().enable(SerializationFeature.INDENT_OUTPUT);

    private final PebbleEngine engine;

    Views(LongSupplier clock) {
        ClasspathLoader loader = new ClasspathLoader(Views.class.getClassLoader());
        loader.setPrefix("io/skein/connectors/ui/templates");
        loader.setSuffix(".peb");
        engine = new PebbleEngine.Builder().loader(loader).autoEscaping(true).strictVariables(false)
                .extension(new Filters(clock)).build();
    }

    /** Renders template {@code name} with {@code model} as UTF-8 HTML. */
    byte[] render(String name, Map<String, Object> model) {
        StringWriter out = new StringWriter();
        try {
            engine.getTemplate(name).evaluate(out, model);
        } catch (IOException e) {
            throw new UncheckedIOException("template " + name, e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A timestamp in ms as {@code yyyy-MM-dd HH:mm:ss} UTC (the page's script shows it in the browser's zone). */
    static String timestamp(long ms) {
        return TIME.format(Instant.ofEpochMilli(ms));
    }

    /** A duration in ms the way a person reads it: 840 ms, 2.4 s, 3 min 4 s, 5 h 12 min, 2 d 3 h. */
    static String duration(long ms) {
        long abs = Math.abs(ms);
        if (abs < 1_000) {
            return ms + " ms";
        }
        if (abs < 60_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = abs / 1000;
        String sign = ms < 0 ? "-" : "";
        if (s < 3_600) {
            return sign + s / 60 + " min " + s % 60 + " s";
        }
        if (s < 86_400) {
            return sign + s / 3_600 + " h " + s % 3_600 / 60 + " min";
        }
        return sign + s / 86_400 + " d " + s % 86_400 / 3_600 + " h";
    }

    /** A path segment percent-encoded (execution ids hold braces and colons). */
    static String enc(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String json(Object value, boolean pretty) {
        try {
            return (pretty ? PRETTY : JSON).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not serializable: " + value.getClass().getName(), e);
        }
    }

    private static final class Filters extends AbstractExtension {

        private final LongSupplier clock;

        Filters(LongSupplier clock) {
            this.clock = clock;
        }

        @Override
        public Map<String, Filter> getFilters() {
            return Map.of(
                    "ts", filter(in -> in instanceof Number n ? timestamp(n.longValue()) : ""),
                    "ago", filter(in -> in instanceof Number n ? ago(clock.getAsLong() - n.longValue()) : ""),
                    "dur", filter(in -> in instanceof Number n ? duration(n.longValue()) : ""),
                    "enc", filter(in -> in == null ? "" : enc(in)),
                    "short", filter(in -> in == null ? "" : shortId(in.toString())),
                    "json", filter(in -> json(in, false)),
                    "ranges", filter(in -> in instanceof List<?> list ? ranges(list) : ""),
                    "pretty", filter(in -> json(in, true)));
        }

        /** Partition numbers as runs: [0,1,2,3,7,9,10] → "0–3, 7, 9–10"; none → "none". */
        private static String ranges(List<?> numbers) {
            StringBuilder out = new StringBuilder();
            int i = 0;
            while (i < numbers.size()) {
                long start = ((Number) numbers.get(i)).longValue();
                int j = i;
                while (j + 1 < numbers.size() && ((Number) numbers.get(j + 1)).longValue()
                        == ((Number) numbers.get(j)).longValue() + 1) {
                    j++;
                }
                long end = ((Number) numbers.get(j)).longValue();
                out.append(out.length() == 0 ? "" : ", ").append(start).append(end == start ? "" : "–" + end);
                i = j + 1;
            }
            return out.length() == 0 ? "none" : out.toString();
        }

        private static String ago(long elapsed) {
            return elapsed >= 0 ? duration(elapsed) + " ago" : "in " + duration(-elapsed);
        }

        /** {@code {fp:157}:35a867a4-198d-…} → {@code {fp:157}:35a867a4}: enough to tell rows apart. */
        private static String shortId(String id) {
            int colon = id.lastIndexOf(':');
            String uuid = colon >= 0 ? id.substring(colon + 1) : id;
            return (colon >= 0 ? id.substring(0, colon + 1) : "") + (uuid.length() > 8 ? uuid.substring(0, 8) : uuid);
        }

        private static Filter filter(java.util.function.Function<Object, Object> body) {
            return new Filter() {
                @Override
                public Object apply(Object input, Map<String, Object> args, PebbleTemplate self,
                                    EvaluationContext context, int lineNumber) {
                    return body.apply(input);
                }

                @Override
                public List<String> getArgumentNames() {
                    return List.of();
                }
            };
        }
    }
}
