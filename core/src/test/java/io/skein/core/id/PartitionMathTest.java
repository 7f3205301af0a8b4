package io.skein.core.id;

import static io.skein.core.error.ErrorAssertions.assertValidation;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.skein.core.error.ValidationKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PartitionMathTest {

    /** An independent bit-at-a-time CRC-16/XMODEM, to check the table-driven one against. */
    private static int bitwiseCrc16(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= (b & 0xFF) << 8;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
            }
        }
        return crc;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] uuidBytes(UUID u) {
        return ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }

    @Test
    void crc16MatchesPublishedAndIndependentlyComputedVectors() {
        assertEquals(0x31C3, Crc16Xmodem.checksum(ascii("123456789")));
        assertEquals(0x0000, Crc16Xmodem.checksum(new byte[0]));
        assertEquals(0x58E5, Crc16Xmodem.checksum(ascii("A")));
        assertEquals(0xD656, Crc16Xmodem.checksum(ascii("default")));
        assertEquals(0x6058, Crc16Xmodem.checksum(ascii("lane-a")));
        assertEquals(0x1D0F, Crc16Xmodem.checksum(new byte[] {(byte) 0xFF, (byte) 0xFF}));
    }

    @Test
    void crc16AgreesWithABitwiseImplementationOnRandomInput() {
        Random random = new Random(42);
        for (int n = 0; n < 500; n++) {
            byte[] data = new byte[random.nextInt(64)];
            random.nextBytes(data);
            assertEquals(bitwiseCrc16(data), Crc16Xmodem.checksum(data));
        }
    }

    @Test
    void defaultCountsAre256FlowAnd32BudgetAnd32Quota() {
        assertEquals(new PartitionConfig(256, 32, 32), PartitionConfig.DEFAULT);
    }

    @Test
    void soloPartitionIsCrcOfLaneNameModFlowCount() {
        // given the lane "default" (crc 0xD656 = 54870)
        LaneId lane = LaneId.of("default");

        // then its solo partition is the crc mod each count
        assertEquals(54870 % 256, PartitionConfig.DEFAULT.soloPartition(lane));
        assertEquals(54870 % 7, new PartitionConfig(7, 1, 1).soloPartition(lane));
        assertEquals(54870, new PartitionConfig(65536, 1, 1).soloPartition(lane));

        // and a minted solo execution carries it
        UUID uuid = UUID.randomUUID();
        ExecutionId id = PartitionConfig.DEFAULT.soloExecutionId(lane, uuid);
        assertEquals(86, id.partition());
        assertEquals(uuid, id.uuid());
    }

    @Test
    void flowBudgetAndQuotaPartitionsAreCrcOfTheSixteenUuidBytes() {
        // given one uuid (crc of its 16 bytes is 0x4774 = 18292)
        UUID uuid = UUID.fromString("2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");
        assertEquals(0x4774, Crc16Xmodem.checksum(uuidBytes(uuid)));
        PartitionConfig config = new PartitionConfig(256, 32, 5);

        // then each family reduces it by its own count
        assertEquals(18292 % 256, config.flowPartition(new FlowId(uuid)));
        assertEquals(18292 % 32, config.budgetPartition(new BudgetId(uuid)));
        assertEquals(18292 % 5, config.quotaPartition(new QuotaPolicyId(uuid)));
        assertEquals(PartitionKey.flow(116), config.flowKey(new FlowId(uuid)));
        assertEquals(PartitionKey.budget(20), config.budgetKey(new BudgetId(uuid)));
        assertEquals(PartitionKey.quota(2), config.quotaKey(new QuotaPolicyId(uuid)));
    }

    @Test
    void flowMembersAreMintedOnTheFlowsPartitionDeterministically() {
        FlowId flow = FlowId.random();
        UUID member = UUID.randomUUID();

        ExecutionId first = PartitionConfig.DEFAULT.memberExecutionId(flow, member);
        ExecutionId again = PartitionConfig.DEFAULT.memberExecutionId(flow, member);

        assertEquals(PartitionConfig.DEFAULT.flowPartition(flow), first.partition());
        assertEquals(first, again);
    }

    @Test
    void idsSkeinMintsArePlacedByTheUuidSoOneLaneSpreadsOverEveryPartition() {
        // given the uuid whose 16 bytes have crc 0x4774 = 18292
        UUID uuid = UUID.fromString("2f0e4a34-1e8b-4c5e-9d2a-0a1b2c3d4e5f");

        // then its minted id sits on 18292 mod the count, whatever the lane, the same every time (D14)
        assertEquals(new ExecutionId(18292 % 256, uuid), PartitionConfig.DEFAULT.mintedExecutionId(uuid));
        assertEquals(new ExecutionId(18292 % 7, uuid), new PartitionConfig(7, 32, 32).mintedExecutionId(uuid));

        // and 4096 random uuids land on every one of 256 partitions, where the lane's way uses one
        java.util.Set<Integer> used = new java.util.HashSet<>();
        Random random = new Random(18);
        for (int i = 0; i < 4096; i++) {
            used.add(PartitionConfig.DEFAULT.mintedExecutionId(new UUID(random.nextLong(), random.nextLong()))
                    .partition());
        }
        assertEquals(256, used.size());
    }

    @Test
    void partitionCountsOutside1To65536AreRejectedNamingTheCount() {
        assertValidation(ValidationKind.INVALID_INPUT, "flow_partitions", () -> new PartitionConfig(0, 32, 32));
        assertValidation(ValidationKind.INVALID_INPUT, "budget_partitions", () -> new PartitionConfig(256, -1, 32));
        assertValidation(ValidationKind.INVALID_INPUT, "quota_partitions", () -> new PartitionConfig(256, 32, 65537));
        assertEquals(65536, new PartitionConfig(65536, 1, 1).flowPartitions());
    }

    @Test
    void executionIdPartitionOutOfU16RangeIsRejected() {
        assertValidation(ValidationKind.INVALID_INPUT, "execution_id", () -> new ExecutionId(65536, UUID.randomUUID()));
        assertValidation(ValidationKind.INVALID_INPUT, "execution_id", () -> new ExecutionId(-1, UUID.randomUUID()));
    }
}
