package org.ptdesc.runtime.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** ELF core notes: hand-built ones laid out as QEMU and Linux write them, and QEMU's own dumps. */
class ElfNotesTest {

    /** One note: namesz, descsz, type, the name and descriptor each padded to 4 bytes. */
    private static byte[] note(ByteOrder order, String name, int type, byte[] desc) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        int padded = (n.length + 3) & ~3;
        ByteBuffer b = ByteBuffer.allocate(12 + padded + ((desc.length + 3) & ~3)).order(order);
        b.putInt(n.length).putInt(desc.length).putInt(type).put(n).position(12 + padded);
        b.put(desc);
        return b.array();
    }

    /**
     * A QEMUCPUState of QEMU's target/i386/arch_dump.c: version 1, size, rax..r15 from byte 8
     * (rsp the seventh), rip at 136, rflags at 144, cr[5] from byte 392, 440 bytes in all.
     */
    private static byte[] qemuCpuState(ByteOrder order, long cr0, long cr2, long cr3, long cr4) {
        ByteBuffer b = ByteBuffer.allocate(440).order(order);
        b.putInt(0, 1).putInt(4, 440);
        b.putLong(8 + 6 * 8, cr3 + 0xff0).putLong(136, cr3 + 0x123).putLong(144, 0x246);
        b.putLong(392, cr0).putLong(400, 0).putLong(408, cr2).putLong(416, cr3).putLong(424, cr4);
        return b.array();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static MemoryImage open(ElfCoreBuilder core) throws ImageFormatException {
        return ElfCore.open(MemorySegment.ofArray(core.build()), "x.elf");
    }

    @Test
    void qemuNotesGiveTheControlRegistersOfEachCpu() throws Exception {
        for (int bits : new int[] {32, 64}) {
            for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
                ElfCoreBuilder core = ElfCoreBuilder.of(bits, order);
                core.note(concat(
                        note(order, "QEMU", 0, qemuCpuState(order, 0x80050033L, 0x5eaeb0L, 0x636e000L, 0x6f0L)),
                        note(order, "QEMU", 0, qemuCpuState(order, 0x80000011L, 0, 0x1234000L, 0x20L))));
                core.load(0x1000, new byte[16]);
                ImageNotes notes = open(core).notes();
                assertEquals(2, notes.cpus().size());
                CpuState cpu0 = notes.cpus().get(0);
                assertEquals(Map.of("cr0", 0x80050033L, "cr2", 0x5eaeb0L, "cr3", 0x636e000L, "cr4", 0x6f0L,
                        "rsp", 0x636eff0L, "rip", 0x636e123L, "rflags", 0x246L), cpu0.registers());
                assertEquals("QEMU note of CPU 0", cpu0.source());
                assertEquals(0x1234000L, notes.cpus().get(1).registers().get("cr3"));
                assertEquals(1, notes.cpus().get(1).index());
            }
        }
    }

    @Test
    void anX86CoresMachineSaysWhetherItsFirstCpuWasInLongMode() throws Exception {
        // QEMU's target/i386/arch_dump.c (cpu_get_dump_info): e_machine is EM_X86_64 exactly when
        // the first CPU has EFER.LMA set, else EM_386, also in an ELF64 core (memory above 4 GiB).
        for (int bits : new int[] {32, 64}) {
            ElfCoreBuilder core = ElfCoreBuilder.of(bits, ByteOrder.LITTLE_ENDIAN);
            core.load(0x1000, new byte[16]);
            core.machine = 3;
            assertEquals(Optional.of(false), open(core).notes().longMode());
            core.machine = 62;
            assertEquals(Optional.of(true), open(core).notes().longMode());
            core.machine = 183; // AArch64: not an x86 mode at all
            assertEquals(Optional.empty(), open(core).notes().longMode());
        }
    }

    @Test
    void prstatusGivesThePcAndStackPointerAndMergesWithQemuNotes() throws Exception {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        // x86-64 struct elf_prstatus: pr_reg at 112, rip is register 16, rsp register 19; 336 bytes.
        ByteBuffer prstatus = ByteBuffer.allocate(336).order(le);
        prstatus.putLong(112 + 16 * 8, 0xffffffff81000000L).putLong(112 + 19 * 8, 0xffffc90000003f00L);
        ElfCoreBuilder core = ElfCoreBuilder.of(64, le);
        core.note(concat(note(le, "CORE", 1, prstatus.array()),
                note(le, "QEMU", 0, qemuCpuState(le, 1, 2, 3, 4))));
        core.load(0x1000, new byte[16]);
        CpuState cpu = open(core).notes().cpus().getFirst();
        assertEquals(0xffffffff81000000L, cpu.registers().get("rip"));
        assertEquals(0xffffc90000003f00L, cpu.registers().get("rsp"));
        assertEquals(3L, cpu.registers().get("cr3"));
        assertEquals("NT_PRSTATUS and QEMU note of CPU 0", cpu.source());
    }

    @Test
    void vmcoreinfoIsReadAsKeyValuePairs() throws Exception {
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        String text = "OSRELEASE=6.1.0\nPAGESIZE=4096\nSYMBOL(swapper_pg_dir)=ffffffff8260a000\nNUMBER(phys_base)=0\n";
        ElfCoreBuilder core = ElfCoreBuilder.of(64, be);
        core.note(note(be, "VMCOREINFO", 0, text.getBytes(StandardCharsets.US_ASCII)));
        core.load(0x1000, new byte[16]);
        ImageNotes notes = open(core).notes();
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("OSRELEASE", "6.1.0");
        expected.put("PAGESIZE", "4096");
        expected.put("SYMBOL(swapper_pg_dir)", "ffffffff8260a000");
        expected.put("NUMBER(phys_base)", "0");
        assertEquals(List.copyOf(expected.entrySet()), List.copyOf(notes.vmcoreinfo().entrySet()));
        assertEquals(List.of(), notes.cpus());
    }

    @Test
    void notesThatDoNotFitTheirSegmentAreErrors() {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        ElfCoreBuilder core = ElfCoreBuilder.of(64, le);
        byte[] good = note(le, "QEMU", 0, qemuCpuState(le, 1, 2, 3, 4));
        ByteBuffer bad = ByteBuffer.allocate(12 + 8).order(le).putInt(5).putInt(0x7fff_fff0).putInt(0);
        core.note(concat(good, bad.array()));
        core.load(0x1000, new byte[16]);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> open(core));
        assertEquals("x.elf: note 1 of program header 0 (PT_NOTE) extends past its segment (name 5 bytes,"
                + " descriptor 2147483632 bytes)", e.getMessage());

        ElfCoreBuilder outside = ElfCoreBuilder.of(64, le);
        outside.note(good).at(1L << 40);
        outside.load(0x1000, new byte[16]);
        assertTrue(assertThrows(ImageFormatException.class, () -> open(outside)).problem()
                .startsWith("truncated: program header 0 (PT_NOTE) data at file offset 0x10000000000"));
    }

    @Test
    void shortOrUnknownNotesAreIgnored() throws Exception {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        ElfCoreBuilder core = ElfCoreBuilder.of(64, le);
        core.note(concat(note(le, "QEMU", 0, new byte[100]), note(le, "CORE", 2, new byte[512]),
                note(le, "GNU", 3, new byte[4])));
        core.load(0x1000, new byte[16]);
        // No CPU and no VMCOREINFO; only what the x86-64 machine number says.
        assertEquals(ImageNotes.NONE.withLongMode(true), open(core).notes());
    }

    @Test
    void aNoteAreaGivenAsBytesReadsLikeACoresNoteSegment() throws Exception {
        // The note section of a kdump file's sub header: no ELF header around it, so the
        // byte order, class and machine come from the caller.
        ByteOrder be = ByteOrder.BIG_ENDIAN;
        byte[] area = concat(note(be, "QEMU", 0, qemuCpuState(be, 0x11, 0, 0x7000, 0x20)),
                note(be, "VMCOREINFO", 0, "PAGESIZE=4096\n".getBytes(StandardCharsets.US_ASCII)));
        ImageNotes notes = NoteArea.read(MemorySegment.ofArray(area), "the note section",
                new NoteArea.Layout(be, 64, NoteArea.EM_X86_64), "x.kdump");
        assertEquals(0x7000L, notes.cpus().getFirst().registers().get("cr3"));
        assertEquals(0x7123L, notes.cpus().getFirst().registers().get("rip"));
        assertEquals(Map.of("PAGESIZE", "4096"), notes.vmcoreinfo());

        // The QEMU note is x86's: for another machine it is not read, VMCOREINFO still is.
        ImageNotes arm = NoteArea.read(MemorySegment.ofArray(area), "the note section",
                new NoteArea.Layout(be, 64, NoteArea.EM_AARCH64), "x.kdump");
        assertEquals(List.of(), arm.cpus());
        assertEquals(Map.of("PAGESIZE", "4096"), arm.vmcoreinfo());

        byte[] cut = java.util.Arrays.copyOf(area, 12 + 8 + 100);
        ImageFormatException e = assertThrows(ImageFormatException.class, () -> NoteArea.read(
                MemorySegment.ofArray(cut), "the note section", new NoteArea.Layout(be, 64, 62), "x.kdump"));
        assertEquals("x.kdump: note 0 of the note section extends past its segment (name 5 bytes, descriptor 440"
                + " bytes)", e.getMessage());
    }

    @Test
    void aQemuNoteOfAnotherVersionOrTooSmallASizeIsIgnored() throws Exception {
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        byte[] version2 = qemuCpuState(le, 1, 2, 3, 4);
        ByteBuffer.wrap(version2).order(le).putInt(0, 2);
        byte[] small = qemuCpuState(le, 1, 2, 3, 4);
        ByteBuffer.wrap(small).order(le).putInt(4, 400); // size ends before cr4
        byte[] large = qemuCpuState(le, 1, 2, 3, 4);
        ByteBuffer.wrap(large).order(le).putInt(4, 441); // size past the descriptor
        NoteArea.Layout x86 = new NoteArea.Layout(le, 64, NoteArea.EM_X86_64);
        for (byte[] desc : List.of(version2, small, large)) {
            assertEquals(ImageNotes.NONE, NoteArea.read(MemorySegment.ofArray(note(le, "QEMU", 0, desc)), "notes", x86,
                    "x.elf"));
        }
    }

    @Test
    void vmcoreinfoTextOutsideANoteIsReadTheSameWay() {
        String text = "OSRELEASE=6.1.0\nno equals sign\nPAGESIZE=4096\nPAGESIZE=8192\n\0\0\0";
        Map<String, String> pairs = NoteArea.vmcoreinfo(MemorySegment.ofArray(text.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(Map.entry("OSRELEASE", "6.1.0"), Map.entry("PAGESIZE", "4096")),
                List.copyOf(pairs.entrySet()));
    }

    static Stream<String> x86Cases() {
        return Stream.of("x86_64-4l-nokaslr-idle", "x86_64-4l-nokaslr-kernel", "x86_64-4l-nokaslr-user");
    }

    private static final Path IMAGES = Path.of("..", "samples", "images");

    private static MemoryImage bundled(String name) throws IOException {
        return ImageFile.open(IMAGES.resolve(name).resolve("dump.elf.gz"), Arena.ofAuto(), ImageLimits.DEFAULT);
    }

    /** root.txt, written from QEMU's own "info registers" when the dump was taken. */
    private static Map<String, Long> rootTxt(String name) throws IOException {
        Map<String, Long> registers = new LinkedHashMap<>();
        for (String line : Files.readAllLines(IMAGES.resolve(name).resolve("root.txt"))) {
            if (!line.startsWith("#") && line.contains("=")) {
                String[] kv = line.split("=", 2);
                registers.put(kv[0].trim(), Long.parseUnsignedLong(kv[1].trim().substring(2), 16));
            }
        }
        return registers;
    }

    @ParameterizedTest
    @MethodSource("x86Cases")
    void qemuDumpsOfX86GuestsCarryTheCr3OfRootTxt(String name) throws IOException {
        MemoryImage image = bundled(name);
        assertEquals("elf-core", image.format());
        Map<String, Long> expected = rootTxt(name);
        List<CpuState> cpus = image.notes().cpus();
        assertEquals(1, cpus.size(), "the guests ran with -smp 1");
        Map<String, Long> registers = cpus.getFirst().registers();
        assertEquals(expected.get("cr3"), registers.get("cr3"));
        assertEquals(expected.get("cr0"), registers.get("cr0"));
        assertEquals(expected.get("cr4"), registers.get("cr4"));
        assertEquals("NT_PRSTATUS and QEMU note of CPU 0", cpus.getFirst().source());
        assertTrue(registers.containsKey("rip") && registers.containsKey("rsp"), registers.toString());
        assertEquals(Map.of(), image.notes().vmcoreinfo(), "these guests exported no VMCOREINFO");
    }

    @Test
    void qemuDumpsOfArm64AndRiscvGuestsCarryNoTranslationRoot() throws IOException {
        // QEMU writes only NT_PRSTATUS (and NT_PRFPREG) for these: no TTBRn_EL1, no satp.
        for (String name : List.of("arm64-4k48-nokaslr-kernel", "riscv64-sv39-synthetic")) {
            List<CpuState> cpus = bundled(name).notes().cpus();
            assertEquals(1, cpus.size(), name);
            assertEquals(java.util.Set.of("pc", "sp"), cpus.getFirst().registers().keySet(), name);
            assertEquals("NT_PRSTATUS note of CPU 0", cpus.getFirst().source());
            assertFalse(rootTxt(name).isEmpty());
        }
    }
}
