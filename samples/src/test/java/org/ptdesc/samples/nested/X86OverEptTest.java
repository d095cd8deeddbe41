package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * x86-64 4-level paging (SDM Vol. 3A §4.5) under Intel EPT (Vol. 3C §29.3), built by hand in a
 * 4 MiB host memory. Every guest table access and the final guest physical address go through
 * EPT (§29.3.2: "guest-physical addresses ... used to access paging structures" are translated
 * too). Expectations are computed by hand below; every {@link NestedEngine} meets them (the reference over both stage 2 engines, the generated pair class, the generic composition).
 *
 * <pre>
 * EPT (host physical): PML4 0x1000, PDPT 0x2000, PD 0x3000, PT 0x4000
 *   GPA 0..0x1f_ffff        -> HPA 0x20_0000 + GPA   (PD[0], a 2 MiB EPT page)
 *   GPA 0x20_0000 + i*4K    -> HPA 0x10_0000 + i*4K  (PT[i], i = 0..15 except 5 and 7)
 *       PT[5] not present;  PT[7] W without R (an EPT misconfiguration)
 *   GPA 0x4000_0000 (1 GiB) -> HPA 0                 (PDPT[1], a 1 GiB EPT page)
 * Guest (guest physical, so at HPA GPA + 0x20_0000): CR3 -> PML4 0x1000
 *   PML4[0] -> PDPT 0x2000;  PML4[1] -> PDPT at GPA 0x20_5000 (EPT does not map it)
 *   PDPT[0] -> PD 0x3000;    PDPT[1] 1 GiB page at GPA 0x4000_0000
 *   PD[0] -> PT 0x4000;  PD[1] 2 MiB page at GPA 0x20_0000;  PD[3] -> PT at GPA 0x20_7000
 *   PD[4] -> PT at GPA 0x4080_0000 (EPT maps it to HPA 0x80_0000, past host memory)
 *   PT[3] -> GPA 0x5000;  PT[4] -> GPA 0x20_5000;  PT[5] -> GPA 2^48
 * </pre>
 */
class X86OverEptTest {
    static final long P = 1, RW = 2, US = 4, PS = 0x80;
    static final long R = 1, W = 2, X = 4, RWX = 7, WB = 6 << 3;
    static final long EPTP = 0x1000 | 3 << 3 | 6;
    static final long CR3 = 0x1000;
    static final long GUEST_BASE = 0x20_0000;

    static MemorySegment hostMemory() {
        MemorySegment m = Arena.ofAuto().allocate(0x40_0000, 4096);
        PhysicalMemory mem = PhysicalMemory.of(m);
        // EPT, Tables 29-1..29-6.
        mem.writeLong(0x1000, 0x2000 | RWX, false);
        mem.writeLong(0x2000, 0x3000 | RWX, false);
        mem.writeLong(0x2000 + 8, RWX | PS | WB, false);                  // 1 GiB page at HPA 0
        mem.writeLong(0x3000, 0x20_0000 | RWX | PS | WB, false);         // 2 MiB page
        mem.writeLong(0x3000 + 8, 0x4000 | RWX, false);
        for (int i = 0; i < 16; i++) {
            if (i != 5) {
                mem.writeLong(0x4000 + i * 8L, 0x10_0000 + i * 0x1000L | (i == 7 ? W : RWX) | WB, false);
            }
        }
        // Guest tables, Tables 4-15..4-20, at HPA = GPA + 0x20_0000.
        guest(mem, 0x1000, 0, 0x2000 | P | RW | US);
        guest(mem, 0x1000, 1, 0x20_5000 | P | RW | US);
        guest(mem, 0x2000, 0, 0x3000 | P | RW | US);
        guest(mem, 0x2000, 1, 0x4000_0000L | P | RW | US | PS);
        guest(mem, 0x3000, 0, 0x4000 | P | RW | US);
        guest(mem, 0x3000, 1, 0x20_0000 | P | RW | US | PS);
        guest(mem, 0x3000, 3, 0x20_7000 | P | RW | US);
        guest(mem, 0x3000, 4, 0x4080_0000L | P | RW | US);
        guest(mem, 0x4000, 3, 0x5000 | P | RW | US);
        guest(mem, 0x4000, 4, 0x20_5000 | P | RW | US);
        guest(mem, 0x4000, 5, 0x1_0000_0000_0000L | P | RW | US);
        return m;
    }

    static void guest(PhysicalMemory mem, long table, int index, long entry) {
        mem.writeLong(GUEST_BASE + table + index * 8L, entry, false);
    }

    static WalkerIr ir(String name) {
        return Ptdesc.compile(Path.of("descriptors", name + ".ptdesc"), Map.of()).tree(name).orElseThrow();
    }

    static NestedWalker nested(NestedEngine engine) {
        return engine.nested("x86_64", "intel_ept");
    }

    @ParameterizedTest
    @EnumSource(NestedEngine.class)
    void translations(NestedEngine engine) {
        NestedWalker w = nested(engine);
        PhysicalMemory mem = PhysicalMemory.of(hostMemory());
        Expect e = new Expect(w, mem, CR3, EPTP);
        // A guest 4 KiB page inside a 2 MiB EPT page: GPA 0x5abc -> HPA 0x20_5abc.
        NestedTranslation small = e.mapped(0x3abc, 0x20_5abc, 0x5abc, 0x1000);
        assertEquals(3, small.guest().level());
        assertEquals(2, small.host().level());
        // A guest 1 GiB page over a 1 GiB EPT page: GPA 0x5234_5678 -> HPA 0x1234_5678.
        e.mapped(0x5234_5678L, 0x1234_5678L, 0x5234_5678L, 0x4000_0000L);
        // A guest 2 MiB page over 4 KiB EPT pages: GPA 0x20_3456 -> EPT PT[3] -> HPA 0x10_3456.
        NestedTranslation split = e.mapped(0x20_3456, 0x10_3456, 0x20_3456, 0x1000);
        assertEquals(0x20_0000, split.guest().size());
        assertEquals(3, split.host().level());
        // The final GPA has no EPT mapping: PT[5] is not present.
        e.hostFails(0x20_5000, -1, 0x20_5000, Failure.NOT_PRESENT, 3);
        e.hostFails(0x4000, -1, 0x20_5000, Failure.NOT_PRESENT, 3);
        // The final GPA 2^48 lies past EPT's 48-bit input.
        e.hostFails(0x5000, -1, 0x1_0000_0000_0000L, Failure.OUT_OF_RANGE, -1);
        // A guest table in guest physical memory that EPT does not map: the PDPT of PML4[1].
        e.hostFails(0x80_0000_0000L, 1, 0x20_5000, Failure.NOT_PRESENT, 3);
        // A guest table behind an EPT misconfiguration (PT[7]: W without R, §29.3.3.1).
        NestedTranslation misconfigured = e.hostFails(0x60_0000, 3, 0x20_7000, Failure.FAULT, 3);
        assertEquals(true, misconfigured.host().message().contains("write allowed without read"));
        // A guest table that EPT maps past the end of host memory: HPA 0x80_0000.
        NestedTranslation outside = e.guestFails(0x80_0000, Failure.TABLE_OUTSIDE_MEMORY, 3);
        assertEquals(0x80_0000, outside.guest().entry());
        assertEquals(0x4080_0000L, outside.failedGpa());
        e.guestFails(0x6000, Failure.NOT_PRESENT, 3);
        e.guestFails(0xffff_8000_0000_0000L, Failure.NOT_PRESENT, 0);
        e.guestFails(0x8000_0000_0000L, Failure.OUT_OF_RANGE, -1);       // non-canonical guest address
    }

    @ParameterizedTest
    @EnumSource(NestedEngine.class)
    void guestSuperpageSplitsIntoEptPages(NestedEngine engine) {
        NestedWalker w = nested(engine);
        PhysicalMemory mem = PhysicalMemory.of(hostMemory());
        List<String> events = new ArrayList<>();
        w.walk(mem, new long[] {CR3}, new long[] {EPTP}, 0x20_0000, 0x3f_ffff, new Recorder(events));
        List<String> expected = new ArrayList<>();
        expected.add("pre 200000..3fffff level 0");
        expected.add("pre 200000..3fffff level 1");
        expected.add("pre 200000..3fffff level 2");
        for (int i = 0; i < 16; i++) {
            long va = 0x20_0000 + i * 0x1000L;
            String range = Long.toHexString(va) + ".." + Long.toHexString(va + 0xfff);
            expected.add(switch (i) {
                case 5 -> "hole " + range + " HOST 3";
                case 7 -> "fault " + range + " HOST guest -1 host 3 FAULT at 207000";
                default -> "leaf " + range + " -> " + Long.toHexString(0x10_0000 + i * 0x1000L) + " guest 2 host 3";
            });
        }
        expected.add("hole 210000..3fffff HOST 3");
        expected.add("post 2");
        expected.add("post 1");
        expected.add("post 0");
        assertEquals(String.join("\n", expected), String.join("\n", events));
    }

    @ParameterizedTest
    @EnumSource(NestedEngine.class)
    void agreesWithTwoSeparateWalkers(NestedEngine engine) {
        NestedWalker w = nested(engine);
        MemorySegment bytes = hostMemory();
        PhysicalMemory mem = PhysicalMemory.of(bytes);
        TwoWalkerComposition c = new TwoWalkerComposition(engine.walker("x86_64"), engine.walker("intel_ept"), bytes,
                new long[] {CR3}, new long[] {EPTP});
        Differential.compare(w, mem, new long[] {CR3}, new long[] {EPTP}, c, Differential.addresses(
                0x0, 0x8000_0000_0000L, 0x4000_0000L, 0x20_0000, 0x80_0000_0000L, 0x60_0000, 0x80_0000));
    }

    /** Records nested walk events as text. */
    record Recorder(List<String> events) implements NestedVisitor {
        @Override
        public boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry, long guestAttributes,
                int hostLevel, long hostEntry, long hostAttributes) {
            events.add("leaf " + Long.toHexString(va) + ".." + Long.toHexString(va + size - 1) + " -> "
                    + Long.toHexString(pa) + " guest " + guestLevel + " host " + hostLevel);
            return true;
        }

        @Override
        public boolean hole(long first, long last, Stage stage, int level) {
            events.add("hole " + Long.toHexString(first) + ".." + Long.toHexString(last) + " " + stage + " " + level);
            return true;
        }

        @Override
        public boolean fault(long first, long last, Stage stage, int guestLevel, int hostLevel, long entry,
                Failure kind, String message) {
            events.add("fault " + Long.toHexString(first) + ".." + Long.toHexString(last) + " " + stage + " guest "
                    + guestLevel + " host " + hostLevel + " " + kind + " at " + Long.toHexString(entry));
            return true;
        }

        @Override
        public org.ptdesc.runtime.WalkVisitor.Action pre(long first, long last, int level, long table, long hostTable) {
            events.add("pre " + Long.toHexString(first) + ".." + Long.toHexString(last) + " level " + level);
            return org.ptdesc.runtime.WalkVisitor.Action.CONTINUE;
        }

        @Override
        public boolean post(long first, long last, int level, long table) {
            events.add("post " + level);
            return true;
        }
    }
}
