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

    /**
     * An x86-64 tree of four tables whose entries all point to the next level's one table
     * (PML4 at 0, PDPT at 0x1000, PD at 0x2000), the page table's entries to frames 0 to 511 in
     * order: 2^36 pages again, but every 2 MiB following on in physical memory, so a text
     * listing coalesces 512 pages into each line and grows slowly for all it walks.
     */
    static Path sharedTablesX86(Path dir) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * 4096).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 512; i++) {
            b.putLong(i * 8, 0x1000 | 0x3L);
            b.putLong(0x1000 + i * 8, 0x2000 | 0x3L);
            b.putLong(0x2000 + i * 8, 0x3000 | 0x3L);
            b.putLong(0x3000 + i * 8, 0x1000L * i | 0x3L);
        }
        Path raw = dir.resolve("shared.raw");
        Files.write(raw, b.array());
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
