package org.ptdesc.compiler.encode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeMapper;

/**
 * The exact entries the mappers write for a few mappings per architecture, computed by hand
 * from the manuals' entry layouts (and, where cited, the values Linux writes). Tables come
 * from a fresh {@link org.ptdesc.runtime.TablePool} at 0x10000: one 4 KiB table after another,
 * top tables first in root order.
 */
class HandComputedEntriesTest {

    @TestFactory
    Stream<DynamicTest> entries() {
        return MapperEngines.all().entrySet().stream().flatMap(e -> Stream.of(
                DynamicTest.dynamicTest("x86_64 " + e.getKey(), () -> x86_64(e.getValue())),
                DynamicTest.dynamicTest("aarch64_4k " + e.getKey(), () -> aarch64(e.getValue())),
                DynamicTest.dynamicTest("riscv_sv39 " + e.getKey(), () -> sv39(e.getValue())),
                DynamicTest.dynamicTest("x86_32 " + e.getKey(), () -> x86_32(e.getValue())),
                DynamicTest.dynamicTest("intel_ept " + e.getKey(), () -> ept(e.getValue())),
                DynamicTest.dynamicTest("riscv_sv32 " + e.getKey(), () -> sv32(e.getValue()))));
    }

    /**
     * Intel SDM Vol. 3A Tables 4-15 to 4-20: P bit 0, R/W 1, U/S 2, A 5, D 6, PS 7, G 8, XD 63,
     * address bits 51:12. Linux writes table entries as _PAGE_TABLE = P|RW|US|A|D = 0x67 and a
     * kernel 2 MiB page as __PAGE_KERNEL_LARGE = P|RW|A|D|PS|G|NX (arch/x86/include/asm/
     * pgtable_types.h): the tables and the first page below are exactly those values.
     */
    void x86_64(Function<MapperIr, TreeMapper> engine) {
        try (Arena arena = Arena.ofConfined()) {
            Built b = build("x86_64", engine, arena);
            long kernel = b.word(Map.of("writable", 1L, "nx", 1L, "global", 1L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0xffff_8880_0000_0000L, 0x100_0000L, 2 << 20, kernel,
                    0, 0, b.tree.pool).ok());
            assertEquals(0x10000, b.tree.roots[0], "CR3 = the PML4's address");
            assertEquals(0x11067L, b.read(0x10000 + 273 * 8), "PML4[273] (VA bits 47:39 = 0x111)");
            assertEquals(0x12067L, b.read(0x11000), "PDPT[0]");
            assertEquals(0x8000_0000_0100_01e3L, b.read(0x12000), "PD[0]: __PAGE_KERNEL_LARGE | 0x1000000");
            // A user page, read/write, executable: P|RW|US|A|D.
            long user = b.word(Map.of("writable", 1L, "user", 1L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x40_0000L, 0x234_5000L, 4096, user, 0, 0, b.tree.pool).ok());
            assertEquals(0x13067L, b.read(0x10000), "PML4[0]");
            assertEquals(0x14067L, b.read(0x13000), "PDPT[0]");
            assertEquals(0x15067L, b.read(0x14000 + 2 * 8), "PD[2] (VA bits 29:21 = 2)");
            assertEquals(0x234_5067L, b.read(0x15000), "PT[0]");
            // A read-only user 1 GiB page that forbids fetches: P|US|A|D|PS|XD.
            long ro = b.word(Map.of("user", 1L, "nx", 1L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x4000_0000L, 0x8000_0000L, 1 << 30, ro, 0, 0, b.tree.pool).ok());
            assertEquals(0x8000_0000_8000_00e5L, b.read(0x13000 + 8), "PDPT[1]");
        }
    }

    /**
     * Arm ARM (DDI 0487) D8.3: bits 1:0 = 0b11 table or page, 0b01 block; AttrIndx 4:2, AP[1]
     * bit 6, AP[2] bit 7, SH 9:8, AF 10, nG 11, PXN 53, UXN 54; output address 47:12. A kernel
     * data block (AF, inner shareable, PXN, UXN, AttrIndx 0 = Linux's MT_NORMAL) is Linux's
     * PROT_SECT_NORMAL without the software and DBM bits this descriptor does not model.
     */
    void aarch64(Function<MapperIr, TreeMapper> engine) {
        try (Arena arena = Arena.ofConfined()) {
            Built b = build("aarch64_4k", engine, arena);
            assertEquals(0x10000, b.tree.roots[0], "TTBR0_EL1");
            assertEquals(0x11000, b.tree.roots[1], "TTBR1_EL1");
            long kernel = b.word(Map.of("uxn", 1L, "pxn", 1L, "af", 1L, "sh", 3L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0xffff_0000_0020_0000L, 0x4020_0000L, 2 << 20, kernel,
                    0, 0, b.tree.pool).ok());
            assertEquals(0x12003L, b.read(0x11000), "level 0 [0]: table descriptor");
            assertEquals(0x13003L, b.read(0x12000), "level 1 [0]: table descriptor");
            assertEquals(0x0060_0000_4020_0701L, b.read(0x13000 + 8), "level 2 [1]: block, AF, SH = 0b11, PXN, UXN");
            // A user read-only page, not global, executable at EL0 only: AP[2:1] = 0b11, nG, PXN.
            long user = b.word(Map.of("el0_access", 1L, "read_only", 1L, "pxn", 1L, "af", 1L, "not_global", 1L,
                    "sh", 3L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x40_0000L, 0x4100_0000L, 4096, user, 0, 0, b.tree.pool).ok());
            assertEquals(0x14003L, b.read(0x10000), "level 0 [0]");
            assertEquals(0x15003L, b.read(0x14000), "level 1 [0]");
            assertEquals(0x16003L, b.read(0x15000 + 2 * 8), "level 2 [2]");
            assertEquals(0x0020_0000_4100_0fc3L, b.read(0x16000), "level 3 [0]: page descriptor");
        }
    }

    /**
     * RISC-V privileged spec §4.3.1 and §4.4.1: V bit 0, R 1, W 2, X 3, U 4, G 5, A 6, D 7, PPN
     * in 53:10; a pointer has R = W = X = 0. Linux's PAGE_KERNEL is V|R|W|A|D|G = 0xe7 and its
     * page-table pointers are V only (arch/riscv/include/asm/pgtable.h).
     */
    void sv39(Function<MapperIr, TreeMapper> engine) {
        try (Arena arena = Arena.ofConfined()) {
            Built b = build("riscv_sv39", engine, arena);
            assertEquals(0x10, b.tree.roots[0], "satp.PPN = root >> 12");
            long kernel = b.word(Map.of("readable", 1L, "writable", 1L, "global", 1L, "accessed", 1L, "dirty", 1L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x20_0000L, 0x8020_0000L, 2 << 20, kernel, 0, 0,
                    b.tree.pool).ok());
            assertEquals((0x11000L >> 12 << 10) | 1, b.read(0x10000), "VPN2 [0]: pointer");
            assertEquals((0x8020_0000L >> 12 << 10) | 0xe7, b.read(0x11000 + 8), "VPN1 [1]: megapage, PAGE_KERNEL");
            // No leaf has R = W = X = 0: such a word is refused, not written as a pointer.
            assertEquals("NOT_ENCODABLE", b.mapper.map(b.tree.mem, b.tree.roots, 0x40_0000L, 0x8040_0000L, 4096,
                    b.word(Map.of("accessed", 1L)), 0, 0, b.tree.pool).kind().name());
        }
    }

    /**
     * Intel SDM Vol. 3A Table 4-4 (a PDE mapping a 4 MiB page; with PSE-36 and MAXPHYADDR = 40,
     * physical-address bits 39:32 sit in PDE bits 20:13 and bits 31:22 in PDE bits 31:22), Tables
     * 4-5 and 4-6 (a PDE referencing a page table, a PTE): 32-bit entries, P|RW|US|A|D = 0x67 for
     * a table, G bit 8, PS bit 7.
     */
    void x86_32(Function<MapperIr, TreeMapper> engine) {
        try (Arena arena = Arena.ofConfined()) {
            Built b = build("x86_32", engine, arena);
            long kernel = b.word(Map.of("writable", 1L, "global", 1L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x40_0000L, 0x1_2340_0000L, 4 << 20, kernel, 0, 0,
                    b.tree.pool).ok());
            assertEquals(0x2340_21e3L, b.read32(0x10000 + 4), "PD[1]: 4 MiB page above 4 GiB, P|RW|A|D|PS|G");
            long user = b.word(Map.of("writable", 1L, "user", 1L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x80_0000L, 0xabc000L, 4096, user, 0, 0, b.tree.pool).ok());
            assertEquals(0x11067L, b.read32(0x10000 + 8), "PD[2]: a page table");
            assertEquals(0xabc067L, b.read32(0x11000), "PT[0]");
        }
    }

    /**
     * Intel SDM Vol. 3C Tables 29-3 and 29-4 (an EPT PDE referencing a page table, an EPT PDE
     * mapping a 2 MiB page): read, write, execute in bits 2:0, the EPT memory type in 5:3 (6 =
     * write-back), ignore-PAT bit 6, PS bit 7. KVM writes non-leaf EPT entries with bits 2:0 =
     * 0b111, as here. Bit 10 (XU: user-mode execute with mode-based execute control, §29.3.2) is
     * ANDed over the levels like bits 2:0, so a non-leaf entry sets it too (0x400) and the leaf
     * alone decides; a leaf whose attributes do not grant it has it clear.
     */
    void ept(Function<MapperIr, TreeMapper> engine) {
        try (Arena arena = Arena.ofConfined()) {
            Built b = build("intel_ept", engine, arena);
            long rwxWb = b.word(Map.of("read", 1L, "write", 1L, "execute", 1L, "memtype", 6L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x4020_0000L, 0x4020_0000L, 2 << 20, rwxWb, 0, 0,
                    b.tree.pool).ok());
            assertEquals(0x11407L, b.read(0x10000), "PML4[0]");
            assertEquals(0x12407L, b.read(0x11000 + 8), "PDPT[1]");
            assertEquals(0x4020_00b7L, b.read(0x12000 + 8), "PD[1]: RWX, WB, PS");
            long readOnlyUc = b.word(Map.of("read", 1L, "ipat", 1L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x4040_0000L, 0xfee0_0000L, 4096, readOnlyUc, 0, 0,
                    b.tree.pool).ok());
            assertEquals(0x13407L, b.read(0x12000 + 16), "PD[2]: a page table");
            assertEquals(0xfee0_0041L, b.read(0x13000), "PT[0]: read only, UC, ignore PAT");
        }
    }

    /**
     * RISC-V privileged spec §4.3.1 (Sv32): 32-bit PTEs, PPN in bits 31:10 (physical address bits
     * 33:12), V R W X U G A D in bits 7:0; a megapage's PPN[0] is zero. Linux's PAGE_KERNEL_EXEC
     * is V|R|W|X|A|D|G = 0xef.
     */
    void sv32(Function<MapperIr, TreeMapper> engine) {
        try (Arena arena = Arena.ofConfined()) {
            Built b = build("riscv_sv32", engine, arena);
            long kernelExec = b.word(Map.of("readable", 1L, "writable", 1L, "executable", 1L, "global", 1L,
                    "accessed", 1L, "dirty", 1L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x4000_0000L, 0x8040_0000L, 4 << 20, kernelExec, 0, 0,
                    b.tree.pool).ok());
            assertEquals((0x8040_0000L >> 12 << 10) | 0xef, b.read32(0x10000 + 0x100 * 4), "VPN1 [0x100]: megapage");
            long userRead = b.word(Map.of("readable", 1L, "user", 1L, "accessed", 1L));
            assertTrue(b.mapper.map(b.tree.mem, b.tree.roots, 0x1000L, 0x2_0000_3000L, 4096, userRead, 0, 0,
                    b.tree.pool).ok());
            assertEquals((0x11000L >> 12 << 10) | 1, b.read32(0x10000), "VPN1 [0]: pointer, V only");
            assertEquals((0x2_0000_3000L >> 12 << 10) | 0x53, b.read32(0x11000 + 4), "VPN0 [1]: V|R|U|A, PA above 4 GiB");
        }
    }

    private record Built(MappedTree tree, TreeMapper mapper, TreeInfo info) {
        long read32(long pa) {
            return tree.mem.readInt(pa);
        }

        long word(Map<String, Long> values) {
            long w = 0;
            for (var e : values.entrySet()) {
                TreeInfo.AttributeInfo a = info.attributes().stream().filter(x -> x.name().equals(e.getKey()))
                        .findFirst().orElseThrow();
                w |= e.getValue() << a.offset();
            }
            return w;
        }

        long read(long pa) {
            return tree.mem.readLong(pa);
        }
    }

    private static Built build(String name, Function<MapperIr, TreeMapper> engine, Arena arena) {
        WalkerIr ir = Ptdesc.compile(ShippedEncodingsTest.SAMPLES.resolve(name + ".ptdesc"), Map.of()).tree(name)
                .orElseThrow();
        MapperIr m = EncodingDerivation.derive(ir, new Diagnostics()).orElseThrow();
        TreeMapper mapper = engine.apply(m);
        return new Built(new MappedTree(ir, mapper, arena, 1 << 20), mapper, ir.info());
    }
}
