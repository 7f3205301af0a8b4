package io.skein.core.id;

/**
 * CRC-16/XMODEM: polynomial 0x1021, init 0x0000, no reflection, no final xor. The check value of ASCII
 * {@code 123456789} is 0x31C3. Partition placement of flows, solo executions, budgets and quotas (spec 01 §3).
 */
public final class Crc16Xmodem {

    private static final int[] TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            TABLE[i] = crc & 0xFFFF;
        }
    }

    private Crc16Xmodem() {}

    public static int checksum(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc = ((crc << 8) ^ TABLE[((crc >>> 8) ^ b) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }
}
