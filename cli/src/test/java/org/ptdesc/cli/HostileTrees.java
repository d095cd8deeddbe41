package org.ptdesc.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory images and descriptors that tests build byte by byte, each for one hostile case. */
final class HostileTrees {
    private HostileTrees() {}

    /**
     * An x86-64 root table at physical 0 whose 512 entries all point to itself (present and
     * writable, 0x3): every level reads the same table, so the tree maps 512^4 = 2^36 pages of
     * 4 KiB, all to physical 0. Walking it all would take hours.
     */
    static Path selfReferencingX86(Path dir) throws IOException {
        ByteBuffer table = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 512; i++) {
            table.putLong(i * 8, 0x3L);
        }
        Path raw = dir.resolve("self.raw");
        Files.write(raw, table.array());
        return raw;
    }

    /** A raw image of little-endian 64-bit entries from physical 0. */
    static Path entries(Path dir, String name, long... entries) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(entries.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long e : entries) {
            b.putLong(e);
        }
        Path raw = dir.resolve(name);
        Files.write(raw, b.array());
        return raw;
    }

    static Path descriptor(Path dir, String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }
}
