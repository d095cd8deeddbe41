package org.ptdesc.samples.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.interp.NestedInterpreter;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.samples.WalkerEngine;

/**
 * The combined attributes of the stage 2 descriptors, through whole nested translations of
 * memory built by hand, on the reference (over both stage 2 engines) and the generated pair
 * class. Expectations are written from the manuals' tables, not from the descriptors:
 *
 * <ul>
 *   <li>Intel EPT (SDM Vol. 3C §29.3.7.2): with IPAT = 1 the EPT memory type; otherwise the
 *       guest's PAT type (the IA32_PAT entry PAT*4 + PCD*2 + PWT selects, Vol. 3A "Selecting a
 *       Memory Type from the PAT") combined with the EPT type in the MTRR's place, by Vol. 3A's
 *       table "Effective Page-Level Memory Types for Pentium III and More Recent Processor
 *       Families" (Table 11-7 of the editions that numbered it so), copied below as
 *       {@link #EFFECTIVE}. IA32_PAT's power-up value 0x0007040600070406 makes entries 0..7
 *       WB, WT, UC-, UC, WB, WT, UC-, UC.</li>
 *   <li>AArch64 (Arm ARM D8.4): stage 1 AP[2:1] 00 = EL1 read/write, EL0 none; 01 = both
 *       read/write; 10 = EL1 read-only, EL0 none; 11 = both read-only. Stage 2 S2AP 00 = none,
 *       01 = read, 10 = write, 11 = both. An access is permitted when both stages permit it.</li>
 * </ul>
 */
class CombinedAttributesTest {
    static final int UC = 0, WC = 1, WT = 4, WP = 5, WB = 6, UC_MINUS = 7;

    /**
     * The SDM table, row by MTRR (here: EPT) type, column by PAT type, in the order UC, UC-, WC,
     * WT, WB, WP of the table itself.
     */
    static final int[] PAT_COLUMNS = {UC, UC_MINUS, WC, WT, WB, WP};
    static final Map<Integer, int[]> EFFECTIVE = Map.of(
            UC, new int[] {UC, UC, WC, UC, UC, UC},
            WC, new int[] {UC, WC, WC, UC, WC, UC},
            WT, new int[] {UC, UC, WC, WT, WT, WP},
            WB, new int[] {UC, UC, WC, WT, WB, WP},
            WP, new int[] {UC, WC, WC, WT, WP, WP});

    static int effective(int ept, int pat) {
        for (int c = 0; c < PAT_COLUMNS.length; c++) {
            if (PAT_COLUMNS[c] == pat) {
                return EFFECTIVE.get(ept)[c];
            }
        }
        throw new IllegalArgumentException("PAT type " + pat);
    }

    /** The power-up IA32_PAT entries: index PAT*4 + PCD*2 + PWT. */
    static final int[] POWER_UP_PAT = {WB, WT, UC_MINUS, UC, WB, WT, UC_MINUS, UC};

    static final long P = 1, RW = 2, US = 4, PWT = 1 << 3, PCD = 1 << 4, PAT_4K = 1 << 7, PS = 1 << 7,
            PAT_LARGE = 1 << 12;
    static final long RWX = 7, EPT_PS = 1 << 7, IPAT = 1 << 6;
    static final long EPTP = 0x1000 | 3 << 3 | 6;
    static final long CR3 = 0x1000;

    /** One case: a guest 4 KiB page's selector bits over an EPT page's memory type and IPAT. */
    record EptCase(long guestBits, int eptType, boolean ipat) {
        int index() {
            return ((guestBits & PAT_4K) != 0 ? 4 : 0) | ((guestBits & PCD) != 0 ? 2 : 0) | ((guestBits & PWT) != 0 ? 1 : 0);
        }
    }

    static final List<EptCase> EPT_CASES = List.of(
            new EptCase(0, WB, false),                    // PAT0 WB over WB: WB
            new EptCase(PWT, WB, false),                  // PAT1 WT over WB: WT
            new EptCase(PCD, WB, false),                  // PAT2 UC- over WB: UC
            new EptCase(PCD | PWT, WB, false),            // PAT3 UC over WB: UC
            new EptCase(0, UC, false),                    // WB over UC: UC
            new EptCase(0, WC, false),                    // WB over WC: WC
            new EptCase(PCD, WC, false),                  // UC- over WC: WC
            new EptCase(PWT, WC, false),                  // WT over WC: UC
            new EptCase(0, WT, false),                    // WB over WT: WT
            new EptCase(0, WP, false),                    // WB over WP: WP
            new EptCase(PWT, WP, false),                  // WT over WP: WT
            new EptCase(PCD, WP, false),                  // UC- over WP: WC
            new EptCase(PAT_4K | PWT, WB, false),         // PAT5 WT over WB: WT (the PAT bit, 7 in a PTE)
            new EptCase(PAT_4K, WC, false),               // PAT4 WB over WC: WC
            new EptCase(0, UC, true),                     // IPAT: UC whatever the guest says
            new EptCase(PCD | PWT, WB, true));            // IPAT: WB although the guest says UC

    /**
     * Host memory: EPT PML4 0x1000, PDPT 0x2000, PD 0x3000; EPT PD[0] a 2 MiB WB page (GPA 0 ->
     * HPA 0x20_0000, where the guest's tables live); EPT PD[1] -> PT 0x4000 whose entry i maps
     * GPA 0x20_0000 + i*4K to HPA 0x10_0000 + i*4K with case i's type. Guest: PML4 0x1000 ->
     * PDPT 0x2000 -> PD 0x3000 -> PT 0x4000, whose entry i maps VA i*4K to GPA 0x20_0000 + i*4K
     * with case i's selector bits; guest PD[1] is a 2 MiB page at GPA 0 with PAT (bit 12) and
     * PCD: IA32_PAT entry 6.
     */
    static MemorySegment eptMemory() {
        MemorySegment m = OtherPairsTest.memory();
        OtherPairsTest.put(m, 0x1000, 0x2000 | RWX);
        OtherPairsTest.put(m, 0x2000, 0x3000 | RWX);
        OtherPairsTest.put(m, 0x3000, 0x20_0000 | RWX | EPT_PS | (long) WB << 3);
        OtherPairsTest.put(m, 0x3008, 0x4000 | RWX);
        for (int i = 0; i < EPT_CASES.size(); i++) {
            EptCase c = EPT_CASES.get(i);
            OtherPairsTest.put(m, 0x4000 + 8L * i, 0x10_0000 + 0x1000L * i | RWX | (long) c.eptType() << 3
                    | (c.ipat() ? IPAT : 0));
        }
        long flags = P | RW | US;
        OtherPairsTest.guest(m, 0x1000, 0, 0x2000 | flags);
        OtherPairsTest.guest(m, 0x2000, 0, 0x3000 | flags);
        OtherPairsTest.guest(m, 0x3000, 0, 0x4000 | flags);
        OtherPairsTest.guest(m, 0x3000, 1, flags | PS | PAT_LARGE | PCD);
        for (int i = 0; i < EPT_CASES.size(); i++) {
            OtherPairsTest.guest(m, 0x4000, i, 0x20_0000 + 0x1000L * i | flags | EPT_CASES.get(i).guestBits());
        }
        return m;
    }

    static long field(NestedWalker w, String name, long word) {
        TreeInfo.AttributeInfo a = w.combinedAttributes().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no combined attribute " + name + " in " + w.combinedAttributes()));
        return a.valueIn(word);
    }

    @ParameterizedTest
    @EnumSource(value = NestedEngine.class, names = {"REFERENCE_OVER_INTERPRETER", "REFERENCE_OVER_GENERATED", "GENERATED_PAIR"})
    void eptEffectiveMemoryTypeFollowsTheSdmTable(NestedEngine engine) {
        NestedWalker w = engine.nested("x86_64", "intel_ept");
        assertEquals(List.of("guest_pat_type", "effective_type"),
                w.combinedAttributes().stream().map(TreeInfo.AttributeInfo::name).toList());
        PhysicalMemory mem = PhysicalMemory.of(eptMemory());
        Expect e = new Expect(w, mem, CR3, EPTP);
        for (int i = 0; i < EPT_CASES.size(); i++) {
            EptCase c = EPT_CASES.get(i);
            long va = 0x1000L * i + 0x123;
            NestedTranslation t = e.mapped(va, 0x10_0123 + 0x1000L * i, 0x20_0123 + 0x1000L * i, 0x1000);
            int pat = POWER_UP_PAT[c.index()];
            String where = engine + " case " + i + " " + c;
            assertEquals(pat, field(w, "guest_pat_type", t.combined()), where);
            assertEquals(c.ipat() ? c.eptType() : effective(c.eptType(), pat), field(w, "effective_type", t.combined()),
                    where);
            assertEquals(t.combined(), w.combinedAttributes(t.guest().attributes(), t.host().attributes(),
                    t.host().entry()), where + " (combinedAttributes)");
        }
        // The guest 2 MiB page: PAT (bit 12) and PCD select entry 6, UC-, over the EPT WB page: UC.
        NestedTranslation large = e.mapped(0x20_0456, 0x20_0456, 0x456, 0x20_0000);
        assertEquals(UC_MINUS, field(w, "guest_pat_type", large.combined()));
        assertEquals(UC, field(w, "effective_type", large.combined()));
    }

    @Test
    void eptGuestPatIsAParameter() {
        // IA32_PAT entry 0 = WC, entry 1 = WP; the rest at their power-up values.
        long pat = 0x0007040600070501L;
        Map<String, Long> hostParameters = Map.of("GUEST_PAT", pat);
        Path guestFile = Path.of("descriptors", "x86_64.ptdesc");
        Path hostFile = Path.of("descriptors", "intel_ept.ptdesc");
        NestedWalker pair = Ptdesc.loadNested(guestFile, "x86_64", Map.of(), hostFile, "intel_ept", hostParameters);
        NestedWalker reference = new NestedInterpreter(X86OverEptTest.ir("x86_64"),
                Ptdesc.compile(hostFile, hostParameters).tree("intel_ept").orElseThrow(),
                WalkerEngine.INTERPRETER.walker("intel_ept"));
        PhysicalMemory mem = PhysicalMemory.of(eptMemory());
        for (NestedWalker w : List.of(pair, reference)) {
            // case 0: PAT0 (now WC) over EPT WB: WC; case 1: PAT1 (now WP) over EPT WB: WP;
            // case 8: PAT0 WC over EPT WT: WC; case 10: PAT1 WP over EPT WP: WP.
            int[][] expected = {{0, WC, effective(WB, WC)}, {1, WP, effective(WB, WP)}, {8, WC, effective(WT, WC)},
                    {10, WP, effective(WP, WP)}};
            for (int[] x : expected) {
                NestedTranslation t = w.translateDetailed(mem, CR3, EPTP, 0x1000L * x[0]);
                assertTrue(t.mapped(), "case " + x[0]);
                assertEquals(x[1], field(w, "guest_pat_type", t.combined()), "case " + x[0]);
                assertEquals(x[2], field(w, "effective_type", t.combined()), "case " + x[0]);
            }
        }
        assertEquals(WC, effective(WB, WC));
        assertEquals(WP, effective(WB, WP));
    }

    @ParameterizedTest
    @EnumSource(value = NestedEngine.class, names = {"REFERENCE_OVER_INTERPRETER", "GENERATED_PAIR"})
    void aWalkLeafGivesTheSameCombinedWordAsTheTranslation(NestedEngine engine) {
        NestedWalker w = engine.nested("x86_64", "intel_ept");
        PhysicalMemory mem = PhysicalMemory.of(eptMemory());
        List<Long> vas = new java.util.ArrayList<>();
        w.walk(mem, new long[] {CR3}, new long[] {EPTP}, 0, 0x3f_ffff, (va, pa, size, gpa, guestLevel, guestEntry,
                guestAttributes, hostLevel, hostEntry, hostAttributes) -> {
            long word = w.combinedAttributes(guestAttributes, hostAttributes, hostEntry);
            assertEquals(w.translateDetailed(mem, CR3, EPTP, va).combined(), word, "va 0x" + Long.toHexString(va));
            vas.add(va);
            return true;
        });
        // The 16 guest pages of the cases and the 2 MiB guest page (one EPT 2 MiB page).
        assertEquals(EPT_CASES.size() + 1, vas.size(), vas.toString());
    }

    @Test
    void everyCellOfTheSdmTableOnBothEngines() {
        // IA32_PAT entries 0..5 = UC, UC-, WC, WT, WB, WP (6, 7 UC): every PAT type is reachable.
        long pat = 0x0000_0506_0401_0700L;
        Map<String, Long> hostParameters = Map.of("GUEST_PAT", pat);
        Path hostFile = Path.of("descriptors", "intel_ept.ptdesc");
        NestedWalker pair = Ptdesc.loadNested(Path.of("descriptors", "x86_64.ptdesc"), "x86_64", Map.of(), hostFile,
                "intel_ept", hostParameters);
        NestedWalker reference = new NestedInterpreter(X86OverEptTest.ir("x86_64"),
                Ptdesc.compile(hostFile, hostParameters).tree("intel_ept").orElseThrow(),
                WalkerEngine.INTERPRETER.walker("intel_ept"));
        TreeInfo guest = pair.guestInfo();
        TreeInfo host = pair.hostInfo();
        int checked = 0;
        for (NestedWalker w : List.of(pair, reference)) {
            for (int index = 0; index < 6; index++) {
                // The guest leaf's PWT, PCD and PAT: index = PAT*4 + PCD*2 + PWT.
                long guestAttributes = (long) (index & 1) << offset(guest, "pwt")
                        | (long) (index >> 1 & 1) << offset(guest, "pcd") | (long) (index >> 2 & 1) << offset(guest, "pat");
                int patType = PAT_COLUMNS[index];       // entries 0..5 of this IA32_PAT, in the table's column order
                for (int ept : new int[] {UC, WC, WT, WP, WB}) {
                    for (boolean ipat : new boolean[] {false, true}) {
                        long hostAttributes = (long) ept << offset(host, "memtype") | (ipat ? 1L : 0) << offset(host, "ipat");
                        long word = w.combinedAttributes(guestAttributes, hostAttributes, 0);
                        String where = "PAT entry " + index + " over EPT type " + ept + (ipat ? " with IPAT" : "");
                        assertEquals(patType, field(w, "guest_pat_type", word), where);
                        assertEquals(ipat ? ept : effective(ept, patType), field(w, "effective_type", word), where);
                        checked++;
                    }
                }
            }
        }
        assertEquals(2 * 6 * 5 * 2, checked);
    }

    static int offset(TreeInfo info, String name) {
        return info.attributes().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow().offset();
    }

    /** Stage 1 AP[2:1] as {EL1 read, EL1 write, EL0 read, EL0 write} (D8.4). */
    static final boolean[][] STAGE1 = {
            {true, true, false, false},   // 00: EL1 read/write, EL0 none
            {true, true, true, true},     // 01: both read/write
            {true, false, false, false},  // 10: EL1 read-only, EL0 none
            {true, false, true, false}};  // 11: both read-only
    /** Stage 2 S2AP[1:0] as {read, write} (D8.4). */
    static final boolean[][] STAGE2 = {{false, false}, {true, false}, {false, true}, {true, true}};

    /**
     * Host memory: stage 2 VTTBR 0x4000 (two concatenated level 1 tables), level 1 entry 0 ->
     * level 2 table 0x6000: entry 0 a 2 MiB block (IPA 0 -> 0x20_0000, S2AP 11, the guest's
     * tables), entry 1 -> level 3 table 0x7000 whose entry 4*ap + s2ap maps IPA 0x20_0000 +
     * i*4K with that S2AP. Guest: TTBR0 0x1000 -> 0x2000 -> 0x3000 -> level 3 0x5000 whose entry
     * i maps VA i*4K to IPA 0x20_0000 + i*4K with AP[2:1] = i / 4.
     */
    static MemorySegment aarch64Memory() {
        long table = 0b11, block = 0b01, page = 0b11, af = 1 << 10;
        MemorySegment m = OtherPairsTest.memory();
        OtherPairsTest.put(m, 0x4000, 0x6000 | table);
        OtherPairsTest.put(m, 0x6000, 0x20_0000 | block | af | 0b11 << 6);
        OtherPairsTest.put(m, 0x6008, 0x7000 | table);
        OtherPairsTest.guest(m, 0x1000, 0, 0x2000 | table);
        OtherPairsTest.guest(m, 0x2000, 0, 0x3000 | table);
        OtherPairsTest.guest(m, 0x3000, 0, 0x5000 | table);
        for (int ap = 0; ap < 4; ap++) {
            for (int s2ap = 0; s2ap < 4; s2ap++) {
                int i = 4 * ap + s2ap;
                OtherPairsTest.put(m, 0x7000 + 8L * i, 0x10_0000 + 0x1000L * i | page | af | (long) s2ap << 6);
                OtherPairsTest.guest(m, 0x5000, i, 0x20_0000 + 0x1000L * i | page | af | (long) ap << 6);
            }
        }
        return m;
    }

    @ParameterizedTest
    @EnumSource(value = NestedEngine.class, names = {"REFERENCE_OVER_INTERPRETER", "REFERENCE_OVER_GENERATED", "GENERATED_PAIR"})
    void aarch64PermissionsAreThoseBothStagesGive(NestedEngine engine) {
        NestedWalker w = engine.nested("aarch64_4k", "aarch64_s2_4k");
        assertEquals(List.of("el1_read", "el1_write", "el0_read", "el0_write"),
                w.combinedAttributes().stream().map(TreeInfo.AttributeInfo::name).toList());
        Expect e = new Expect(w, PhysicalMemory.of(aarch64Memory()), new long[] {0x1000, 0x8000},
                new long[] {0x0001_0000_0000_4000L});
        String[] names = {"el1_read", "el1_write", "el0_read", "el0_write"};
        for (int ap = 0; ap < 4; ap++) {
            for (int s2ap = 0; s2ap < 4; s2ap++) {
                int i = 4 * ap + s2ap;
                NestedTranslation t = e.mapped(0x1000L * i, 0x10_0000 + 0x1000L * i, 0x20_0000 + 0x1000L * i, 0x1000);
                for (int k = 0; k < 4; k++) {
                    boolean stage2 = STAGE2[s2ap][k % 2];   // reads at k = 0, 2; writes at k = 1, 3
                    assertEquals(STAGE1[ap][k] && stage2 ? 1 : 0, field(w, names[k], t.combined()),
                            engine + " AP " + ap + " S2AP " + s2ap + " " + names[k]);
                }
            }
        }
    }

    @Test
    void theCompositionHasNoCompilerAndCombinesNothing() {
        NestedWalker composed = NestedEngine.COMPOSED.nested("x86_64", "intel_ept");
        assertEquals(List.of(), composed.combinedAttributes());
        NestedTranslation t = composed.translateDetailed(PhysicalMemory.of(eptMemory()), CR3, EPTP, 0x1000);
        assertTrue(t.mapped());
        assertEquals(0, t.combined());
    }
}
