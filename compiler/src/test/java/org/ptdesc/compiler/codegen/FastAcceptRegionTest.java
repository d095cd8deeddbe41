package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.EntryRegion;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.RegionSearch;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The fast accepts are sound: every entry of a region that {@link RegionSearch} finds selects its
 * rule when the rules are tried in order by the one evaluator ({@link Eval}), on entries drawn at
 * random inside the region (including its corners) for every mapping rule of every level of the
 * shipped trees and of random IRs. The regions of the shipped trees that the translate methods
 * use are also the ones worked out by hand from the manuals.
 */
class FastAcceptRegionTest {

    static WalkerIr sample(String file, String tree) {
        Compilation c = Ptdesc.compile(SampleDescriptorsCodegenTest.SAMPLES.resolve(file), Map.of());
        assertFalse(c.hasErrors(), c::renderDiagnostics);
        return c.tree(tree).orElseThrow();
    }

    static Optional<EntryRegion> region(WalkerIr ir, String level, int rule) {
        Level l = ir.levels().stream().filter(x -> x.name().equals(level)).findFirst().orElseThrow();
        return RegionSearch.find(l, rule, ir.entryBytes() * 8);
    }

    @Test
    void intelEptTableEntriesWithReadAndNoReservedBits() {
        WalkerIr ept = sample("intel_ept.ptdesc", "intel_ept");
        // SDM Table 29-3/29-5: R (bit 0) = 1 makes bits 2:0 non-zero and W without R impossible;
        // bit 7 (PS) = 0 rules out the page and its fault; bits 6:3 = 0 are the reserved bits.
        // Bits 2:1 (W, X) and the frame are free.
        assertEquals(Optional.of(EntryRegion.cube(0xf9, 0x01)), region(ept, "PDPT", 5));
        assertEquals(Optional.of(EntryRegion.cube(0xf9, 0x01)), region(ept, "PD", 5));
    }

    @Test
    void riscvPointersAndLeaves() {
        WalkerIr sv39 = sample("riscv_sv39.ptdesc", "riscv_sv39");
        // Privileged spec §4.3.1, §4.4.1: a pointer is V = 1, R = W = X = 0, and (reserved in a
        // non-leaf PTE) U = A = D = 0, bits 63:54 zero; G (bit 5) is free.
        assertEquals(Optional.of(EntryRegion.cube(0xffc0_0000_0000_00dfL, 0x1)), region(sv39, "VPN2", 4));
        // A 4 KiB leaf: V = R = 1 (so neither W without R nor a pointer), bits 63:54 zero.
        assertEquals(Optional.of(EntryRegion.cube(0xffc0_0000_0000_0003L, 0x3)), region(sv39, "VPN0", 4));
        // A 2 MiB megapage: also PPN[0] (PTE bits 18:10) zero, or it is misaligned (step 6).
        assertEquals(Optional.of(EntryRegion.cube(0xffc0_0000_0007_fc03L, 0x3)), region(sv39, "VPN1", 6));
    }

    @Test
    void radix64NodePointersAreAnInterval() {
        WalkerIr radix = sample("radix64.ptdesc", "radix64");
        // xarray.h: a node pointer is an internal entry (bits 1:0 = 10b) above 4096 and below the
        // error entries (xa_mk_internal(-4095) = 0xffff_ffff_ffff_c006), 8-byte aligned (bit 2 = 0).
        EntryRegion node = new EntryRegion(0x7, 0x2, 4097, 0xffff_ffff_ffff_c005L);
        for (int level = 0; level < 5; level++) {
            assertEquals(Optional.of(node), region(radix, "L" + level, 8));
        }
        // A value entry: bit 0 set, whatever else (never 0, never XA_ZERO_ENTRY, which is even).
        assertEquals(Optional.of(EntryRegion.cube(0x1, 0x1)), region(radix, "L5", 2));
        // An item: bits 1:0 = 00 and not NULL (0), which is any entry from 1 up with those bits.
        assertEquals(Optional.of(new EntryRegion(0x3, 0x0, 1, -1L)), region(radix, "L5", 3));
    }

    @Test
    void regionsOfEveryShippedTreeSelectTheirRule() throws Exception {
        int regions = 0;
        for (var args : SampleDescriptorsCodegenTest.treesList()) {
            regions += assertSound((WalkerIr) args.get()[1], new Random(7));
        }
        System.out.println("shipped trees: " + regions + " regions checked");
        assertTrue(regions >= 40, "only " + regions + " regions");
    }

    @Test
    void regionsOfRandomIrsSelectTheirRule() {
        int regions = 0;
        for (WalkerIr ir : RandomIrs.sample(300, 0x4e61L)) {
            regions += assertSound(ir, new Random(ir.name().hashCode()));
        }
        System.out.println("random IRs: " + regions + " regions checked");
        assertTrue(regions >= 200, "only " + regions + " regions");
    }

    @Test
    void aRegionThatLetsAnEarlierRuleWinIsNotProven() {
        WalkerIr ept = sample("intel_ept.ptdesc", "intel_ept");
        Level pd = ept.levels().get(2);
        List<Expr> upToTable = pd.rules().subList(0, 6).stream().map(Rule::condition).toList();
        assertTrue(RegionSearch.proves(upToTable, EntryRegion.cube(0xf9, 0x01), 64));
        // Without bit 0 fixed, W without R (0b010) is in the region: a fault comes first.
        assertFalse(RegionSearch.proves(upToTable, EntryRegion.cube(0xf8, 0x00), 64));
        // Without bit 7 fixed, 2 MiB pages are in the region.
        assertFalse(RegionSearch.proves(upToTable, EntryRegion.cube(0x79, 0x01), 64));
    }

    /** Checks every region of every mapping rule of {@code ir}; returns how many there were. */
    static int assertSound(WalkerIr ir, Random random) {
        int found = 0;
        int bits = ir.entryBytes() * 8;
        for (Level level : ir.levels()) {
            for (int r = 0; r < level.rules().size(); r++) {
                Rule rule = level.rules().get(r);
                if (!(rule instanceof Rule.Table || rule instanceof Rule.Leaf)) {
                    continue;
                }
                Optional<EntryRegion> region = RegionSearch.find(level, r, bits);
                if (region.isEmpty()) {
                    continue;
                }
                found++;
                for (long entry : members(region.get(), bits, random, 2000)) {
                    int index = r;
                    long va = random.nextLong();
                    assertEquals(r, selected(level, entry, va), () -> ir.name() + " level " + level.name() + " rule " + index
                            + " region " + region.get() + " entry 0x" + Long.toHexString(entry) + " va 0x" + Long.toHexString(va) + " rules "
                            + level.rules().subList(0, index + 1).stream().map(x -> org.ptdesc.compiler.ir.Simplifier.simplify(x.condition())).toList());
                }
            }
        }
        return found;
    }

    /** The rule the evaluator selects for {@code entry} at address {@code va} (a region holds for every address). */
    static int selected(Level level, long entry, long va) {
        for (int k = 0; k < level.rules().size(); k++) {
            if (Eval.eval(level.rules().get(k).condition(), entry, va, 0) != 0) {
                return k;
            }
        }
        return -1;
    }

    /** Entries of the region: its ends and value, and random ones. */
    static List<Long> members(EntryRegion region, int bits, Random random, int count) {
        long entryMask = bits == 64 ? -1L : (1L << bits) - 1;
        List<Long> candidates = new ArrayList<>(List.of(region.value(), region.value() | (~region.mask() & entryMask),
                region.low(), region.high(), (region.low() & ~region.mask()) | region.value(),
                (region.high() & ~region.mask()) | region.value()));
        for (int i = 0; i < count; i++) {
            long raw = random.nextInt(3) == 0 || !region.hasInterval() ? random.nextLong()
                    : region.low() + Long.remainderUnsigned(random.nextLong(), region.high() - region.low() + 1);
            candidates.add(((raw & entryMask) & ~region.mask()) | region.value());
        }
        return candidates.stream().filter(region::contains).toList();
    }
}
