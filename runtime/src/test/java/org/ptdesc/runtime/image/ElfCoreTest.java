package org.ptdesc.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.PhysicalMemory.Range;
import org.ptdesc.runtime.PhysicalMemory.Unreadable;

class ElfCoreTest {

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final ByteOrder BE = ByteOrder.BIG_ENDIAN;

    static Stream<Arguments> variants() {
        return Stream.of(Arguments.of(32, LE), Arguments.of(32, BE), Arguments.of(64, LE), Arguments.of(64, BE));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static PhysicalMemory read(byte[] file) throws ImageFormatException {
        return ElfCore.read(MemorySegment.ofArray(file), "x.elf");
    }

    private static void assertRejected(byte[] file, String message) {
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> read(file));
        assertEquals(message, e.getMessage());
        assertEquals("x.elf", e.file());
    }

    /** Every 8- and 4-byte read inside the load returns the bytes put there, in both orders. */
    private static void assertHolds(PhysicalMemory mem, ElfCoreBuilder.Header load) {
        ByteBuffer le = ByteBuffer.wrap(load.data).order(LE);
        ByteBuffer be = ByteBuffer.wrap(load.data).order(BE);
        for (int i = 0; i + 8 <= load.data.length; i++) {
            assertEquals(le.getLong(i), mem.readLong(load.paddr + i));
            assertEquals(be.getLong(i), mem.readLongBigEndian(load.paddr + i));
        }
        int last = load.data.length - 4;
        assertEquals(Integer.toUnsignedLong(le.getInt(last)), mem.readInt(load.paddr + last));
        assertEquals(Integer.toUnsignedLong(be.getInt(last)), mem.readIntBigEndian(load.paddr + last));
        assertTrue(mem.contains(load.paddr, load.data.length));
        // One byte more is readable only when an adjacent range holds it.
        assertEquals(mem.contains(load.paddr + load.data.length, 1), mem.contains(load.paddr, load.data.length + 1));
    }

    @ParameterizedTest(name = "ELF{0} {1}")
    @MethodSource("variants")
    void readsEveryLoadAtItsPhysicalAddress(int bits, ByteOrder order) throws Exception {
        ElfCoreBuilder core = ElfCoreBuilder.of(bits, order);
        core.note(random(24, 1));
        ElfCoreBuilder.Header a = core.load(0x3000, random(0x40, 2));
        ElfCoreBuilder.Header b = core.load(0x1000, random(0x100, 3));
        ElfCoreBuilder.Header c = core.load(0x10_0000, random(24, 4));
        ElfCoreBuilder.Header d = core.load(bits == 64 ? 0x1_2345_6000L : 0x8000_0000L, random(16, 5));
        PhysicalMemory mem = read(core.build());

        for (ElfCoreBuilder.Header load : List.of(a, b, c, d)) {
            assertHolds(mem, load);
        }
        assertEquals(List.of(new Range(0x1000, 0x100, b.offset), new Range(0x3000, 0x40, a.offset),
                new Range(0x10_0000, 24, c.offset), new Range(d.paddr, 16, d.offset)), mem.ranges());
        assertTrue(Stream.of(a, b, c, d).anyMatch(h -> h.offset % 8 != 0), "offsets must be unaligned");
        assertTrue(mem.description().contains("ELF" + bits + " " + (order == LE ? "little" : "big") + "-endian core"),
                mem.description());
    }

    @ParameterizedTest(name = "ELF{0} {1}")
    @MethodSource("variants")
    void gapsBetweenLoadsAreUnreadable(int bits, ByteOrder order) throws Exception {
        ElfCoreBuilder core = ElfCoreBuilder.of(bits, order);
        core.load(0x1000, random(0x100, 6));
        core.load(0x3000, random(0x40, 7));
        PhysicalMemory mem = read(core.build());
        for (long pa : new long[] {0, 0xfff, 0x1100, 0x2fff, 0x3040, 0xffff_ffffL}) {
            assertFalse(mem.contains(pa, 1), Long.toHexString(pa));
        }
        assertThrows(Unreadable.class, () -> mem.readLong(0x0ff8));
        assertThrows(Unreadable.class, () -> mem.readLong(0x10f9));
        assertThrows(Unreadable.class, () -> mem.readInt(0x2000));
        assertThrows(Unreadable.class, () -> mem.readIntBigEndian(0x303d));
        assertThrows(Unreadable.class, () -> mem.readLongBigEndian(0x3040));
    }

    @ParameterizedTest(name = "ELF{0} {1}")
    @MethodSource("variants")
    void extendedProgramHeaderNumbering(int bits, ByteOrder order) throws Exception {
        ElfCoreBuilder core = ElfCoreBuilder.of(bits, order);
        core.extendedNumbering = true;
        ElfCoreBuilder.Header a = core.load(0x2000, random(32, 8));
        ElfCoreBuilder.Header b = core.load(0x9000, random(32, 9));
        PhysicalMemory mem = read(core.build());
        assertHolds(mem, a);
        assertHolds(mem, b);
        assertEquals(2, mem.ranges().size());
    }

    @Test
    void onlyFileszIsMappedWhenMemszIsLarger() throws Exception {
        ElfCoreBuilder core = ElfCoreBuilder.of(64, LE);
        ElfCoreBuilder.Header load = core.load(0x1000, random(16, 10));
        load.memsz = 0x1000;
        PhysicalMemory mem = read(core.build());
        assertHolds(mem, load);
        assertFalse(mem.contains(0x1010, 1));
    }

    @Test
    void emptyLoadsAreIgnored() throws Exception {
        ElfCoreBuilder core = ElfCoreBuilder.of(64, LE);
        core.load(0x5000, new byte[0]).memsz = 0x1000;
        core.load(0x1000, random(16, 11));
        assertEquals(List.of(0x1000L), read(core.build()).ranges().stream().map(Range::start).toList());
    }

    @Test
    void kdumpStyleDuplicateLoadsWithEqualBytesAreMerged() throws Exception {
        byte[] ram = random(0x200, 12);
        ElfCoreBuilder core = ElfCoreBuilder.of(64, LE);
        // As in /proc/vmcore: the kernel text first (inside RAM), then RAM, then a load that
        // shares its first 0x40 bytes with the end of RAM and goes on beyond it.
        core.load(0x100, Arrays.copyOfRange(ram, 0x100, 0x180));
        ElfCoreBuilder.Header whole = core.load(0, ram);
        byte[] beyond = new byte[0x80];
        System.arraycopy(ram, 0x1c0, beyond, 0, 0x40);
        System.arraycopy(random(0x40, 13), 0, beyond, 0x40, 0x40);
        ElfCoreBuilder.Header tail = core.load(0x1c0, beyond);
        PhysicalMemory mem = read(core.build());
        // Each load replaces the equal bytes it shares with the ones before it; together they
        // cover 0..0x23f exactly once.
        List<Range> ranges = mem.ranges();
        assertEquals(0, ranges.getFirst().start());
        for (int i = 1; i < ranges.size(); i++) {
            assertEquals(ranges.get(i - 1).start() + ranges.get(i - 1).length(), ranges.get(i).start());
        }
        assertEquals(0x240, ranges.getLast().start() + ranges.getLast().length());
        assertHolds(mem, whole);
        ByteBuffer le = ByteBuffer.wrap(beyond).order(LE);
        for (int i = 0x40; i + 8 <= beyond.length; i++) {
            assertEquals(le.getLong(i), mem.readLong(0x1c0 + i));
        }
        // Adjacent ranges read as one: across the boundary between RAM and the tail too.
        assertEquals(le.getLong(0x3c), mem.readLong(0x1fc));
    }

    @Test
    void loadEndingAtTheTopOfTheAddressSpace() throws Exception {
        ElfCoreBuilder core64 = ElfCoreBuilder.of(64, BE);
        ElfCoreBuilder.Header top = core64.load(0xffff_ffff_ffff_f000L, random(0x1000, 14));
        assertHolds(read(core64.build()), top);

        ElfCoreBuilder core32 = ElfCoreBuilder.of(32, LE);
        ElfCoreBuilder.Header top32 = core32.load(0xffff_f000L, random(0x1000, 15));
        PhysicalMemory mem = read(core32.build());
        assertHolds(mem, top32);
        assertFalse(mem.contains(0x1_0000_0000L, 1));
    }

    // ---- corrupt and truncated files: one message each ----

    private static ElfCoreBuilder twoLoads(int bits) {
        ElfCoreBuilder core = ElfCoreBuilder.of(bits, LE);
        core.load(0x1000, random(0x40, 20));
        core.load(0x2000, random(0x40, 21));
        return core;
    }

    @Test
    void badMagic() {
        byte[] file = twoLoads(64).build();
        file[3] = 'G';
        assertRejected(file, "x.elf: not an ELF file: bad magic '7f 45 4c 47' (expected '7f 45 4c 46')");
        assertRejected(new byte[] {0x7f, 'E'}, "x.elf: not an ELF file: bad magic '7f 45' (expected '7f 45 4c 46')");
        assertRejected(new byte[0], "x.elf: not an ELF file: bad magic '' (expected '7f 45 4c 46')");
    }

    @Test
    void truncatedIdentification() {
        assertRejected(Arrays.copyOf(twoLoads(64).build(), 10),
                "x.elf: truncated: ELF identification (16 bytes) extends past end of file (10 bytes)");
    }

    @Test
    void unsupportedClassEncodingAndVersion() {
        ElfCoreBuilder core = twoLoads(64);
        core.identClass = 3;
        assertRejected(core.build(), "x.elf: unsupported ELF class 3 (expected 1 for 32-bit or 2 for 64-bit)");
        core = twoLoads(64);
        core.identData = 0;
        assertRejected(core.build(),
                "x.elf: unsupported ELF data encoding 0 (expected 1 for little-endian or 2 for big-endian)");
        core = twoLoads(32);
        core.identVersion = 0;
        assertRejected(core.build(), "x.elf: unsupported ELF version 0 (expected 1)");
    }

    @Test
    void truncatedHeader() {
        assertRejected(Arrays.copyOf(twoLoads(32).build(), 40),
                "x.elf: truncated: ELF32 header (52 bytes) extends past end of file (40 bytes)");
        assertRejected(Arrays.copyOf(twoLoads(64).build(), 63),
                "x.elf: truncated: ELF64 header (64 bytes) extends past end of file (63 bytes)");
    }

    @Test
    void notACore() {
        ElfCoreBuilder core = twoLoads(64);
        core.type = 2;
        assertRejected(core.build(), "x.elf: not a core file: e_type is 2, expected 4 (ET_CORE)");
    }

    @Test
    void noProgramHeaders() {
        ElfCoreBuilder core = twoLoads(64);
        core.phnum = 0;
        assertRejected(core.build(), "x.elf: no program headers: the core holds no memory");
        ElfCoreBuilder notesOnly = ElfCoreBuilder.of(32, BE);
        notesOnly.note(random(20, 22));
        assertRejected(notesOnly.build(), "x.elf: no PT_LOAD program header: the core holds no memory");
    }

    @Test
    void badProgramHeaderTable() {
        ElfCoreBuilder core = twoLoads(64);
        core.phoff = 0L;
        assertRejected(core.build(), "x.elf: e_phoff is 0 but e_phnum is 2");
        core = twoLoads(64);
        core.phentsize = 20;
        assertRejected(core.build(), "x.elf: e_phentsize 20 is smaller than the 56 bytes of an ELF64 program header");
        core = twoLoads(32);
        core.phentsize = 31;
        assertRejected(core.build(), "x.elf: e_phentsize 31 is smaller than the 32 bytes of an ELF32 program header");
    }

    @ParameterizedTest(name = "ELF{0} {1}")
    @MethodSource("variants")
    void programHeaderPastEndOfFile(int bits, ByteOrder order) {
        ElfCoreBuilder core = ElfCoreBuilder.of(bits, order);
        core.load(0x1000, random(0x40, 23));
        core.load(0x2000, random(0x40, 24));
        core.load(0x3000, random(0x40, 25));
        int cut = (int) core.programHeaderAt(2) + 10;
        assertRejected(Arrays.copyOf(core.build(), cut),
                "x.elf: truncated: program header 2 extends past end of file (" + cut + " bytes)");
    }

    @Test
    void programHeaderTableFarPastEndOfFile() {
        ElfCoreBuilder core = twoLoads(64);
        core.phoff = 0xffff_ffff_ffff_0000L;
        byte[] file = core.build();
        assertRejected(file, "x.elf: truncated: program header 0 extends past end of file (" + file.length + " bytes)");
        ElfCoreBuilder core32 = twoLoads(32);
        core32.phoff = 0xffff_0000L;
        byte[] file32 = core32.build();
        assertRejected(file32,
                "x.elf: truncated: program header 0 extends past end of file (" + file32.length + " bytes)");
    }

    @ParameterizedTest(name = "ELF{0} {1}")
    @MethodSource("variants")
    void loadDataPastEndOfFile(int bits, ByteOrder order) {
        ElfCoreBuilder core = ElfCoreBuilder.of(bits, order);
        core.load(0x1000, random(0x40, 26));
        ElfCoreBuilder.Header last = core.load(0x2000, random(0x40, 27));
        byte[] full = core.build();
        int cut = (int) last.offset + 0x3f;
        assertRejected(Arrays.copyOf(full, cut), "x.elf: truncated: program header 1 (PT_LOAD) data at file offset 0x"
                + Long.toHexString(last.offset) + " + 0x40 bytes extends past end of file (" + cut + " bytes)");
    }

    @Test
    void loadOffsetFarPastEndOfFile() {
        ElfCoreBuilder core = twoLoads(64);
        core.headers.get(0).at(0x8000_0000_0000_0000L);
        byte[] file = core.build();
        assertRejected(file, "x.elf: truncated: program header 0 (PT_LOAD) data at file offset 0x8000000000000000"
                + " + 0x40 bytes extends past end of file (" + file.length + " bytes)");
        core = twoLoads(64);
        core.headers.get(1).filesz = 0xffff_ffff_ffff_fff0L;
        core.headers.get(1).memsz = 0xffff_ffff_ffff_fff0L;
        file = core.build();
        assertRejected(file, "x.elf: truncated: program header 1 (PT_LOAD) data at file offset 0x"
                + Long.toHexString(core.headers.get(1).offset) + " + 0xfffffffffffffff0 bytes extends past end of file ("
                + file.length + " bytes)");
    }

    @Test
    void fileszLargerThanMemsz() {
        ElfCoreBuilder core = twoLoads(64);
        core.headers.get(1).memsz = 0x20;
        assertRejected(core.build(), "x.elf: program header 1 (PT_LOAD): p_filesz 0x40 exceeds p_memsz 0x20");
    }

    @Test
    void wrapAroundTheTopOfTheAddressSpace() {
        ElfCoreBuilder core = ElfCoreBuilder.of(64, LE);
        core.load(0xffff_ffff_ffff_f000L, new byte[0x2000]);
        assertRejected(core.build(), "x.elf: program header 0 (PT_LOAD): physical range 0xfffffffffffff000 + 0x2000"
                + " wraps around the top of the 64-bit address space");
        ElfCoreBuilder core32 = ElfCoreBuilder.of(32, BE);
        core32.load(0x1000, new byte[16]);
        core32.load(0xffff_f000L, new byte[0x1001]);
        assertRejected(core32.build(), "x.elf: program header 1 (PT_LOAD): physical range 0xfffff000 + 0x1001"
                + " wraps around the top of the 32-bit address space");
    }

    @Test
    void overlappingLoadsWithDifferentBytes() {
        ElfCoreBuilder core = ElfCoreBuilder.of(64, LE);
        core.load(0x1080, random(0x100, 28));
        core.load(0x1000, random(0x100, 29));
        assertRejected(core.build(),
                "x.elf: program headers 1 and 0 (PT_LOAD) overlap at physical 0x1080..0x10ff with different contents");
    }

    @Test
    void processCore() {
        ElfCoreBuilder core = ElfCoreBuilder.of(64, LE);
        core.load(0, random(16, 30));
        core.load(0, random(16, 31));
        assertRejected(core.build(), "x.elf: every PT_LOAD has p_paddr 0: this is the core of a process"
                + " (virtual memory), not a dump of physical memory");
    }

    @Test
    void extendedNumberingWithoutSectionHeader() {
        ElfCoreBuilder core = twoLoads(64);
        core.extendedNumbering = true;
        byte[] file = core.build();
        ByteBuffer.wrap(file).order(LE).putLong(40, 0); // e_shoff
        assertRejected(file, "x.elf: e_phnum is PN_XNUM but section header 0, which holds the program header count,"
                + " is missing or extends past end of file (" + file.length + " bytes)");
    }

    // ---- robustness: nothing but ImageFormatException, whatever the bytes ----

    @ParameterizedTest(name = "ELF{0} {1}")
    @MethodSource("variants")
    void everyTruncationIsRejectedCleanly(int bits, ByteOrder order) throws Exception {
        ElfCoreBuilder core = ElfCoreBuilder.of(bits, order);
        core.note(random(12, 32));
        core.load(0x1000, random(0x30, 33));
        ElfCoreBuilder.Header last = core.load(0x4000, random(0x30, 34));
        byte[] full = core.build();
        long dataEnd = last.offset + last.data.length;
        for (int length = 0; length <= full.length; length++) {
            byte[] cut = Arrays.copyOf(full, length);
            if (length < dataEnd) {
                assertThrows(ImageFormatException.class, () -> read(cut), "length " + length);
            } else {
                assertEquals(2, read(cut).ranges().size());
            }
        }
    }

    @ParameterizedTest(name = "ELF{0} {1}")
    @MethodSource("variants")
    void randomCorruptionNeverEscapesAsAnotherException(int bits, ByteOrder order) {
        ElfCoreBuilder core = ElfCoreBuilder.of(bits, order);
        core.note(random(12, 35));
        core.load(0x1000, random(0x30, 36));
        core.load(0x4000, random(0x30, 37));
        core.load(0x2000, random(0x30, 38));
        byte[] full = core.build();
        int headers = (int) core.programHeaderAt(core.headers.size());
        Random random = new Random(bits * 31L + (order == LE ? 1 : 2));
        int accepted = 0;
        int refused = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] file = full.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                file[random.nextInt(headers)] = (byte) random.nextInt(256);
            }
            try {
                PhysicalMemory mem = read(file);
                for (Range r : mem.ranges()) {
                    // Every range the reader accepted lies inside the file: its first and last bytes read.
                    assertTrue(mem.contains(r.start(), r.length()));
                    if (r.length() >= 4) {
                        mem.readInt(r.start());
                        mem.readInt(r.start() + r.length() - 4);
                    }
                }
                accepted++;
            } catch (ImageFormatException expected) {
                refused++;
            } catch (RuntimeException e) {
                fail("round " + round + ": " + e, e);
            }
        }
        assertTrue(accepted > 100 && refused > 100, accepted + " accepted, " + refused + " refused");
    }
}
