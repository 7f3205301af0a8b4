package io.skein.sql.migrate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a migration script into statements at top-level semicolons, because JDBC drivers run one statement per call.
 * Semicolons inside {@code '…'} strings, {@code "…"} identifiers, {@code --} and {@code /* *&#47;} comments,
 * PostgreSQL {@code $tag$…$tag$} bodies and SQLite {@code CREATE TRIGGER … BEGIN … END} bodies do not split.
 */
public final class SqlScript {

    private SqlScript() {
    }

    /** The statements of {@code script}, trimmed, without empty or comment-only ones. */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean hasCode = false;
        int i = 0;
        int n = script.length();
        while (i < n) {
            char c = script.charAt(i);
            if (c == '-' && i + 1 < n && script.charAt(i + 1) == '-') {
                int end = script.indexOf('\n', i);
                end = end < 0 ? n : end;
                current.append(script, i, end);
                i = end;
            } else if (c == '/' && i + 1 < n && script.charAt(i + 1) == '*') {
                int end = script.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                current.append(script, i, end);
                i = end;
            } else if (c == '\'' || c == '"') {
                int end = quotedEnd(script, i, c);
                current.append(script, i, end);
                hasCode = true;
                i = end;
            } else if (c == '$' && dollarTag(script, i) != null) {
                String tag = dollarTag(script, i);
                int close = script.indexOf(tag, i + tag.length());
                int end = close < 0 ? n : close + tag.length();
                current.append(script, i, end);
                hasCode = true;
                i = end;
            } else if (c == ';' && !insideTriggerBody(current)) {
                if (hasCode) {
                    out.add(current.toString().strip());
                }
                current.setLength(0);
                hasCode = false;
                i++;
            } else {
                current.append(c);
                hasCode |= !Character.isWhitespace(c);
                i++;
            }
        }
        if (hasCode) {
            out.add(current.toString().strip());
        }
        return List.copyOf(out);
    }

    /** Index just past the closing quote; a doubled quote is an escaped one. */
    private static int quotedEnd(String s, int start, char quote) {
        int i = start + 1;
        while (i < s.length()) {
            if (s.charAt(i) == quote) {
                if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return s.length();
    }

    /** The {@code $tag$} opening at {@code start}, or null when the dollar sign opens no quote. */
    private static String dollarTag(String s, int start) {
        int i = start + 1;
        while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
            i++;
        }
        if (i < s.length() && s.charAt(i) == '$') {
            String tag = s.substring(start, i + 1);
            return tag.length() > 2 && Character.isDigit(tag.charAt(1)) ? null : tag;
        }
        return null;
    }

    /** A trigger body ends only at a semicolon that follows its {@code END}. */
    private static boolean insideTriggerBody(StringBuilder statement) {
        String code = withoutComments(statement.toString()).toUpperCase(Locale.ROOT).strip();
        String[] words = code.split("\\s+");
        boolean trigger = words.length >= 2 && words[0].equals("CREATE")
                && (words[1].equals("TRIGGER")
                || (words.length >= 3 && (words[1].equals("TEMP") || words[1].equals("TEMPORARY"))
                && words[2].equals("TRIGGER")));
        if (!trigger || !code.contains("BEGIN")) {
            return false;
        }
        return !words[words.length - 1].equals("END");
    }

    private static String withoutComments(String text) {
        return text.replaceAll("(?s)/\\*.*?\\*/", " ").replaceAll("--[^\n]*", " ");
    }
}
