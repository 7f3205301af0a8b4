package io.skein.connectors.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** How the verbs print for people: aligned tables, local times, short durations, payloads as JSON or text. */
final class Render {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Render() {}

    /** A local date and time to the second; {@code -} for a missing one. */
    static String time(JsonNode millis) {
        return millis == null || !millis.canConvertToLong() ? "-" : TIME.format(Instant.ofEpochMilli(millis.asLong()));
    }

    /** {@code 350ms}, {@code 1.2s}, {@code 3m05s}. */
    static String duration(long millis) {
        if (millis < 1_000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return String.format("%.1fs", millis / 1_000.0);
        }
        return String.format("%dm%02ds", millis / 60_000, (millis % 60_000) / 1_000);
    }

    /**
     * A stored payload as people read it: the JSON value of {@code jsonField} when the server sent one, else the
     * bytes of {@code bytesField} as UTF-8 text; null when neither is there.
     */
    static String payload(JsonNode detail, String jsonField, String bytesField) {
        if (detail.has(jsonField)) {
            return detail.get(jsonField).toString();
        }
        JsonNode bytes = detail.get(bytesField);
        if (bytes == null || !bytes.isArray()) {
            return null;
        }
        byte[] raw = new byte[bytes.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) bytes.get(i).asInt();
        }
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** Bytes as the API's JSON number array. */
    static com.fasterxml.jackson.databind.node.ArrayNode bytes(byte[] bytes) {
        com.fasterxml.jackson.databind.node.ArrayNode array = JSON.createArrayNode();
        for (byte b : bytes) {
            array.add(b & 0xFF);
        }
        return array;
    }

    /** Columns padded to their widest cell, two spaces apart, the last one unpadded. */
    static void table(PrintWriter out, List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                line.append(i == row.size() - 1 ? cell : cell + " ".repeat(widths[i] - cell.length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
