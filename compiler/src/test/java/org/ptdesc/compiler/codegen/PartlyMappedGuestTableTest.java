package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.interp.NestedInterpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.load.WalkerLoader;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;

/**
 * A 16 KiB guest table over 4 KiB stage 2 pages of which two are mapped: AArch64 with the
 * 16 KiB granule over Intel EPT. The pair class's walk, like the reference, reports the entries
 * in the unmapped stage 2 pages as stage 2 faults and the others by what they hold, with the
 * events worked out by hand from the two manuals' formats (Arm ARM D8.3, SDM §29.3.2).
 */
class PartlyMappedGuestTableTest {

    @Test
    void theEntriesInUnmappedStage2PagesAloneAreStage2Faults() {
        WalkerIr guest = NestedPairCodegenTest.ir("aarch64_16k");
        WalkerIr host = NestedPairCodegenTest.ir("intel_ept");
        WalkerLoader loader = new WalkerLoader(TreeWalker.class.getClassLoader());
        NestedWalker pair = loader.loadNested(guest, host, loader.load(guest), loader.load(host));
        PhysicalMemory mem = PhysicalMemory.of(Arena.ofAuto().allocate(0x30000));
        // EPT at host 0x10000: PML4 -> PDPT -> PD -> PT (R, W, X), whose entries map guest
        // physical pages 0, 4 and 6 (R, W, X, memory type WB) to host 0x20000, 0x24000, 0x26000;
        // pages 5 and 7 are not present.
        mem.writeLong(0x10000, 0x11000 | 7, false);
        mem.writeLong(0x11000, 0x12000 | 7, false);
        mem.writeLong(0x12000, 0x13000 | 7, false);
        for (long page : new long[] {0, 4, 6}) {
            mem.writeLong(0x13000 + 8 * page, (0x20000 + 0x1000 * page) | 6 << 3 | 7, false);
        }
        // Guest: the level 0 table at guest physical 0 (TTBR0_EL1 = 0), entry 0 a table
        // descriptor (0b11) for the level 1 table at guest physical 0x4000, 16 KiB: its entries
        // 0-511 in guest page 4, 512-1023 in page 5, 1024-1535 in page 6, 1536-2047 in page 7.
        // The entries stage 2 maps are zero: invalid.
        mem.writeLong(0x20000, 0x4000 | 3, false);
        long last = 0x7fff_ffff_ffffL; // VA[47] = 0: level 0 entry 0; a level 1 entry spans 2^36
        List<String> expected = List.of(
                "pre 0 7fffffffffff 0 0 20000",
                "pre 0 7fffffffffff 1 4000 24000",
                "hole 0 1fffffffffff GUEST 1",
                "fault 200000000000 3fffffffffff HOST 1 3 5000 NOT_PRESENT ",
                "hole 400000000000 5fffffffffff GUEST 1",
                "fault 600000000000 7fffffffffff HOST 1 3 7000 NOT_PRESENT ",
                "post 0 7fffffffffff 1 4000",
                "post 0 7fffffffffff 0 0");
        long[] guestRoots = {0, 0};
        long[] hostRoots = {0x10000};
        assertEquals(expected, events(new NestedInterpreter(guest, host), mem, guestRoots, hostRoots, last));
        assertEquals(expected, events(pair, mem, guestRoots, hostRoots, last));
    }

    private static List<String> events(NestedWalker w, PhysicalMemory mem, long[] guestRoots, long[] hostRoots,
            long last) {
        List<String> out = new ArrayList<>();
        w.walk(mem, guestRoots, hostRoots, 0, last, new NestedVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry,
                    long guestAttributes, int hostLevel, long hostEntry, long hostAttributes) {
                out.add(String.format("leaf %x %x %x", va, pa, size));
                return true;
            }

            @Override
            public boolean hole(long a, long b, Stage stage, int level) {
                out.add(String.format("hole %x %x %s %d", a, b, stage, level));
                return true;
            }

            @Override
            public boolean fault(long a, long b, Stage stage, int guestLevel, int hostLevel, long entry, Failure kind,
                    String message) {
                out.add(String.format("fault %x %x %s %d %d %x %s %s", a, b, stage, guestLevel, hostLevel, entry, kind,
                        message));
                return true;
            }

            @Override
            public WalkVisitor.Action pre(long a, long b, int level, long table, long hostTable) {
                out.add(String.format("pre %x %x %d %x %x", a, b, level, table, hostTable));
                return WalkVisitor.Action.CONTINUE;
            }

            @Override
            public boolean post(long a, long b, int level, long table) {
                out.add(String.format("post %x %x %d %x", a, b, level, table));
                return true;
            }
        });
        return out;
    }
}
