package io.skein.sql.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One shipped, forward-only schema version (spec 05 §6): {@code V0001__schema.sql} is version 1 named {@code schema}.
 * A script declares itself additive with a first-line header {@code -- skein:backward_compatible=true}, which lets an
 * older binary start on a database that already carries it.
 *
 * @param version            the number after {@code V}, ≥ 1
 * @param name               the part after {@code __}, without {@code .sql}
 * @param script             the SQL text, line endings normalised to {@code \n}
 * @param checksum           lowercase hex SHA-256 of {@code script} as UTF-8
 * @param backwardCompatible whether older binaries may run against a database that has this version
 */
public record Migration(int version, String name, String script, String checksum, boolean backwardCompatible) {

    /** The name of the file listing a folder's scripts in order, one file name a line. */
    public static final String INDEX_FILE = "migrations.index";

    private static final Pattern FILE_NAME = Pattern.compile("V(\\d{4,})__([A-Za-z0-9_]+)\\.sql");
    private static final Pattern COMPATIBLE_HEADER =
            Pattern.compile("\\A\\s*--\\s*skein:backward_compatible\\s*=\\s*(true|false)\\s*$", Pattern.MULTILINE);

    public Migration {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(checksum, "checksum");
        if (version < 1) {
            throw new IllegalArgumentException("migration version: must be at least 1, got " + version);
        }
    }

    /** Builds a migration from its file name ({@code V0001__schema.sql}) and text, computing the checksum. */
    public static Migration fromScript(String fileName, String text) {
        Matcher m = FILE_NAME.matcher(fileName);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "migration file name: expected V<4+ digits>__<name>.sql, got '" + fileName + "'");
        }
        String script = text.replace("\r\n", "\n");
        Matcher header = COMPATIBLE_HEADER.matcher(script);
        boolean compatible = header.find() && header.group(1).equals("true");
        return new Migration(Integer.parseInt(m.group(1)), m.group(2), script, sha256Hex(script), compatible);
    }

    /**
     * Loads the scripts listed by {@code <folder>/migrations.index} from the class path, in version order.
     *
     * @throws IllegalStateException when the index or a listed script is missing, or versions repeat
     */
    public static List<Migration> fromClasspath(String folder, ClassLoader loader) {
        String index = read(loader, folder + "/" + INDEX_FILE);
        List<Migration> migrations = new ArrayList<>();
        for (String line : index.split("\n")) {
            String fileName = line.strip();
            if (fileName.isEmpty() || fileName.startsWith("#")) {
                continue;
            }
            migrations.add(fromScript(fileName, read(loader, folder + "/" + fileName)));
        }
        migrations.sort((a, b) -> Integer.compare(a.version(), b.version()));
        for (int i = 1; i < migrations.size(); i++) {
            if (migrations.get(i).version() == migrations.get(i - 1).version()) {
                throw new IllegalStateException("migrations in " + folder + ": version "
                        + migrations.get(i).version() + " is listed twice");
            }
        }
        return List.copyOf(migrations);
    }

    /** {@code V0001__schema} — how messages name this migration. */
    public String label() {
        return String.format("V%04d__%s", version, name);
    }

    static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }

    private static String read(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing from the class path: " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("migration resource unreadable: " + resource, e);
        }
    }
}
