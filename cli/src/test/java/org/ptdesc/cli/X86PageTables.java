package org.ptdesc.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * x86-64 4-level page tables built in memory for the view tests, laid out from physical address 0
 * as a raw image ({@code --base 0}): 4 KiB tables of 512 little-endian 64-bit entries, the bits
 * as the Intel SDM Vol. 3A, Tables 4-15 to 4-20, define them (P 0, R/W 1, U/S 2, PS 7, G 8,
 * XD 63, the frame in bits 51:12). The caller decides every entry, so it knows every leaf the
 * walk must find without running a walker.
 */
final class X86PageTables {
    static final long P = 1;
    static final long RW = 1 << 1;
    static final long US = 1 << 2;
    static final long PS = 1 << 7;
    static final long G = 1 << 8;
    static final long XD = 1L << 63;
    static final long PAGE = 4096;

    private long[] entries = new long[512 * 16];
    private int tables;
    /** The physical address of the top-level (PML4) table: the CR3 value. */
    final long root;

    X86PageTables() {
        tables = 1; // the page at 0 stays empty, so that no table sits at physical address 0
        root = table();
    }

    /** A new, empty table; returns its physical address. */
    long table() {
        long address = tables * PAGE;
        tables++;
        if (tables * 512 > entries.length) {
            entries = Arrays.copyOf(entries, entries.length * 2);
        }
        return address;
    }

    /** Sets entry {@code index} of the table at {@code table}. */
    void set(long table, int index, long entry) {
        entries[(int) (table / PAGE) * 512 + index] = entry;
    }

    /** Makes entry {@code index} of {@code table} point to a new table (present, writable, user); returns it. */
    long child(long table, int index) {
        long t = table();
        set(table, index, t | P | RW | US);
        return t;
    }

    /** The tables as a raw image whose first byte is physical address 0. */
    void write(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(tables * (int) PAGE).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < tables * 512; i++) {
            b.putLong(entries[i]);
        }
        Files.write(file, b.array());
    }

    /** The bytes of the image. */
    long size() {
        return tables * PAGE;
    }
}
