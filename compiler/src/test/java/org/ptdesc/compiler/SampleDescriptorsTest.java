package org.ptdesc.compiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/** The shipped sample descriptors check cleanly and lower to the shape their comments describe. */
class SampleDescriptorsTest {

    static final Path SAMPLES = Path.of("../samples/descriptors");

    static WalkerIr compileClean(String file, String tree) {
        Compilation c = Ptdesc.compile(SAMPLES.resolve(file), Map.of());
        assertEquals("", c.renderDiagnostics(), file);
        assertFalse(c.hasErrors());
        return c.tree(tree).orElseThrow();
    }

    @Test
    void x86_64() {
        WalkerIr ir = compileClean("x86_64.ptdesc", "x86_64");
        assertEquals("x86_64.ptdesc", ir.sourceFile());
        assertEquals(48, ir.addressBits());
        assertTrue(ir.signExtended());
        assertEquals(8, ir.entryBytes());
        assertFalse(ir.bigEndian());
        assertEquals(List.of(39, 30, 21, 12), ir.levels().stream().map(Level::shift).toList());
        assertEquals(List.of("PML4", "PDPT", "PD", "PT"), ir.levels().stream().map(Level::name).toList());
        assertTrue(ir.levels().stream().allMatch(l -> l.bits() == 9));
        assertEquals(List.of(new WalkerIr.AddressRange(0, 0x7fff_ffff_ffffL),
                new WalkerIr.AddressRange(0xffff_8000_0000_0000L, 0xffff_ffff_ffff_ffffL)), ir.ranges());
        assertEquals(1, ir.roots().size());
        assertEquals("cr3", ir.roots().getFirst().register());
        assertEquals(0, ir.roots().getFirst().first());
        assertEquals(-1L, ir.roots().getFirst().last());
        // CR3 with PCID bits and bits above MAXPHYADDR: only bits 51:12 remain.
        assertEquals(0x000f_ffff_ffff_f000L, Eval.eval(ir.roots().getFirst().table(), 0, 0, -1L));
        assertEquals(0x1234_5000L, Eval.eval(ir.roots().getFirst().table(), 0, 0, 0x1234_5fffL));
        List<Attribute> attrs = ir.attributes();
        assertEquals(List.of("writable", "user", "nx", "global", "pwt", "pcd", "pat"),
                attrs.stream().map(Attribute::name).toList());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), attrs.stream().map(Attribute::offset).toList());
        assertEquals(List.of(Attribute.Operator.AND, Attribute.Operator.AND, Attribute.Operator.OR,
                Attribute.Operator.SET, Attribute.Operator.SET, Attribute.Operator.SET, Attribute.Operator.SET),
                attrs.stream().map(Attribute::operator).toList());
        assertEquals(0b0011, ir.attributeInit());
        assertEquals(33, ir.roots().getFirst().line());
        assertEquals(45, ir.levels().getFirst().line());
    }

    @Test
    void x86_64RulesMeanWhatTheManualSays() {
        WalkerIr ir = compileClean("x86_64.ptdesc", "x86_64");
        Level pd = ir.levels().get(2);
        assertEquals(3, pd.rules().size());
        long notPresent = 0x0000_0000_1234_5006L;
        assertTrue(pd.rules().get(0) instanceof Rule.Invalid inv && Eval.eval(inv.condition(), notPresent, 0, 0) == 1);
        // A 2 MiB page at 0x40200000, present, writable, user, XD, global.
        long page = 0x8000_0000_4020_0000L | 0x187L;
        Rule.Leaf leaf = (Rule.Leaf) pd.rules().get(1);
        assertEquals(1, Eval.eval(leaf.condition(), page, 0, 0));
        assertEquals(0x4020_0000L, Eval.eval(leaf.address(), page, 0, 0));
        assertEquals(0b1111, leaf.attributes().apply(ir.attributeInit(), page, 0));
        // With PWT (bit 3), PCD (bit 4) and, in a 2 MiB page, PAT at bit 12 (SDM Table 4-18):
        // pwt, pcd and pat are attribute bits 4, 5 and 6.
        assertEquals(0b111_1111, leaf.attributes().apply(ir.attributeInit(), page | 0x1018L, 0));
        assertEquals(0b101_1111, leaf.attributes().apply(ir.attributeInit(), page | 0x1008L, 0));
        // In a PTE, PAT is bit 7 (Table 4-20); bit 12 is an address bit there. P, R/W, U/S = 0.
        Rule.Leaf pte = (Rule.Leaf) ir.levels().get(3).rules().get(1);
        assertEquals(0b100_0001, pte.attributes().apply(ir.attributeInit(), 0x1000_3083L, 0));
        // Read-only supervisor table: clears writable and user, keeps nx and global as they were.
        long table = 0x0000_0000_0abc_d001L;
        Rule.Table t = (Rule.Table) pd.rules().get(2);
        assertEquals(0x0abc_d000L, Eval.eval(t.address(), table, 0, 0));
        assertEquals(0b1100, t.attributes().apply(0b1111, table, 0));
        assertEquals(0b0000, t.attributes().apply(0b0011, table, 0));
    }

    @Test
    void linus() {
        WalkerIr ir = compileClean("linus_x86_64.ptdesc", "linus_x86_64");
        assertFalse(ir.signExtended());
        assertEquals(List.of(new WalkerIr.AddressRange(0, 0x7fff_ffff_ffffL)), ir.ranges());
        assertEquals(List.of(39, 30, 21, 12), ir.levels().stream().map(Level::shift).toList());
        assertTrue(ir.attributes().isEmpty());
        assertTrue(ir.levels().getLast().rules().getLast() instanceof Rule.Leaf);
        assertEquals(0x1000L, Eval.eval(ir.roots().getFirst().table(), 0, 0, 0x1000L));
    }

    @Test
    void parameterOverrideChangesTheFoldedConstant() {
        Compilation c = Ptdesc.compile(SAMPLES.resolve("x86_64.ptdesc"), Map.of("MAXPHYADDR", 36L));
        assertFalse(c.hasErrors(), c.renderDiagnostics());
        WalkerIr ir = c.tree("x86_64").orElseThrow();
        assertEquals(0x0000_000f_ffff_f000L, Eval.eval(ir.roots().getFirst().table(), 0, 0, -1L));
    }

    @Test
    void compilingTwiceGivesEqualIr() {
        assertEquals(compileClean("x86_64.ptdesc", "x86_64"), compileClean("x86_64.ptdesc", "x86_64"));
    }
}
