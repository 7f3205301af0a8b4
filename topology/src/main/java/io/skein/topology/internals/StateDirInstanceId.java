package io.skein.topology.internals;

import io.skein.topology.SkeinTopologyConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The static group member id of the instance that owns a state folder: generated on the first start and kept in the
 * folder, so the instance that restarts on that folder (after a crash, too) is the same member to the group and takes
 * its tasks back without waiting for the old session to time out. Two instances never share a state folder (Streams
 * locks it), so ids never collide.
 */
public final class StateDirInstanceId {

    /** The file in the state folder that holds the id. */
    public static final String FILE = "skein-group-instance-id";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private StateDirInstanceId() {}

    /** The member id {@code config} asks for: its own, the state folder's, or null for dynamic membership. */
    public static String resolve(SkeinTopologyConfig config) {
        String id = config.groupInstanceId();
        if (!SkeinTopologyConfig.GROUP_INSTANCE_FROM_STATE_DIR.equals(id)) {
            return id;
        }
        return of(config.stateDir(), config.applicationId());
    }

    /** The id kept in {@code stateDir}, created (as {@code <applicationId>-<random>}) when there is none. */
    static String of(Path stateDir, String applicationId) {
        Path file = stateDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (VALID.matcher(kept).matches()) {
                    return kept;
                }
                throw new IllegalStateException(file + " does not hold a group member id (letters, digits, '.', '_', "
                        + "'-'; at most 200): delete it to have a new one made");
            }
            Files.createDirectories(stateDir);
            String id = applicationId.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + UUID.randomUUID();
            Path partial = Files.createTempFile(stateDir, FILE, ".tmp");
            Files.writeString(partial, id + "\n", StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the group member id in " + file, e);
        }
    }
}
