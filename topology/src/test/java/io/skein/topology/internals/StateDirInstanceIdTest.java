package io.skein.topology.internals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.skein.topology.SkeinTopologyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateDirInstanceIdTest {

    @Test
    void theIdIsMadeOnceAndKeptInTheStateFolder(@TempDir Path dir) {
        SkeinTopologyConfig config = SkeinTopologyConfig.defaults("unused:9092", dir.resolve("a"))
                .withApplicationId("skein prod").withGroupInstanceId(SkeinTopologyConfig.GROUP_INSTANCE_FROM_STATE_DIR);

        String first = StateDirInstanceId.resolve(config);

        assertTrue(first.startsWith("skein_prod-"), first);
        assertEquals(first, StateDirInstanceId.resolve(config), "a restart on the folder is the same member");
        SkeinTopologyConfig other = SkeinTopologyConfig.defaults("unused:9092", dir.resolve("b"))
                .withApplicationId("skein prod").withGroupInstanceId(SkeinTopologyConfig.GROUP_INSTANCE_FROM_STATE_DIR);
        assertNotEquals(first, StateDirInstanceId.resolve(other), "another folder is another member");
    }

    @Test
    void aNamedIdIsUsedAsGivenAndNoneMeansDynamicMembership(@TempDir Path dir) {
        SkeinTopologyConfig config = SkeinTopologyConfig.defaults("unused:9092", dir);
        assertNull(StateDirInstanceId.resolve(config), "the library default is dynamic membership");
        assertEquals("engine-1", StateDirInstanceId.resolve(config.withGroupInstanceId("engine-1")));
        assertNull(StateDirInstanceId.resolve(config.withGroupInstanceId("none")));
        assertTrue(Files.notExists(dir.resolve(StateDirInstanceId.FILE)));
    }

    @Test
    void aDamagedIdFileIsRefusedWithWhatToDo(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(StateDirInstanceId.FILE), "not an id\n");
        SkeinTopologyConfig config = SkeinTopologyConfig.defaults("unused:9092", dir)
                .withGroupInstanceId(SkeinTopologyConfig.GROUP_INSTANCE_FROM_STATE_DIR);

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateDirInstanceId.resolve(config));
        assertTrue(e.getMessage().contains(StateDirInstanceId.FILE) && e.getMessage().contains("delete it"),
                e.getMessage());
    }
}
