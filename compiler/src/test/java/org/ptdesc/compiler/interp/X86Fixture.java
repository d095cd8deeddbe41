package org.ptdesc.compiler.interp;

import static org.ptdesc.compiler.ir.Expr.BinaryOp.AND;
import static org.ptdesc.compiler.ir.Expr.BinaryOp.OR;
import static org.ptdesc.compiler.ir.Expr.BinaryOp.SHL;
import static org.ptdesc.compiler.ir.Expr.BinaryOp.SHR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.PhysicalMemory;

/**
 * x86-64 4-level paging as IR, built by hand from the SDM (Vol. 3A §4.5) rather than from the
 * descriptor, and a small tree built byte by byte in memory.
 */
final class X86Fixture {
    static final long P = 1, RW = 2, US = 4, PS = 0x80, G = 0x100, XD = 1L << 63;
    static final long ADDR = 0x000f_ffff_ffff_f000L;

    static Expr c(long v) {
        return new Expr.Const(v);
    }

    static Expr bin(Expr.BinaryOp op, Expr a, Expr b) {
        return new Expr.Binary(op, a, b);
    }

    /** Entry bit n as 0/1. */
    static Expr bit(int n) {
        return bin(AND, bin(SHR, Expr.ENTRY, c(n)), c(1));
    }

    static WalkerIr ir() {
        // Attribute word: bit 0 writable (and), 1 user (and), 2 nx (or), 3 global (set).
        Expr tableKeep = bin(OR, c(~3L), bin(OR, bit(1), bin(SHL, bit(2), c(1))));
        Expr tablePut = bin(SHL, bit(63), c(2));
        AttributeUpdate table = new AttributeUpdate(tableKeep, tablePut);
        AttributeUpdate leaf = new AttributeUpdate(bin(AND, tableKeep, c(~8L)),
                bin(OR, tablePut, bin(SHL, bit(8), c(3))));
        Rule invalid = new Rule.Invalid(new Expr.Unary(Expr.UnaryOp.NOT, bit(0)), 10);
        Rule toTable = new Rule.Table(Expr.TRUE, bin(AND, Expr.ENTRY, c(ADDR)), table, 11);
        return new WalkerIr("x86_64", "test", "x86_64.ptdesc", 1, 48, true,
                List.of(new WalkerIr.AddressRange(0, 0x7fff_ffff_ffffL),
                        new WalkerIr.AddressRange(0xffff_8000_0000_0000L, -1L)),
                List.of(new Root("cr3", 0, -1L, bin(AND, Expr.REGISTER, c(ADDR)), "", 2)),
                8, false,
                List.of(
                        new Level("PML4", 39, 9, "", List.of(invalid, toTable), 9),
                        new Level("PDPT", 30, 9, "", List.of(invalid,
                                new Rule.Leaf(bit(7), bin(AND, Expr.ENTRY, c(0x000f_ffff_c000_0000L)), leaf, 20),
                                toTable), 19),
                        new Level("PD", 21, 9, "", List.of(invalid,
                                new Rule.Leaf(bit(7), bin(AND, Expr.ENTRY, c(0x000f_ffff_ffe0_0000L)), leaf, 30),
                                toTable), 29),
                        new Level("PT", 12, 9, "", List.of(invalid,
                                new Rule.Leaf(Expr.TRUE, bin(AND, Expr.ENTRY, c(ADDR)), leaf, 40)), 39)),
                List.of(new Attribute("writable", 0, 1, Attribute.Operator.AND, true, ""),
                        new Attribute("user", 1, 1, Attribute.Operator.AND, true, ""),
                        new Attribute("nx", 2, 1, Attribute.Operator.OR, true, ""),
                        new Attribute("global", 3, 1, Attribute.Operator.SET, true, "")),
                0b0011);
    }

    /** CR3 value of the tree below, with PWT and PCD set (the root expression must strip them). */
    static final long CR3 = 0x1000 | 0x18;

    /**
     * A 1 MiB memory holding: PML4 at 0x1000, PDPT at 0x2000 and 0x5000, PD at 0x3000 and
     * 0x6000, PT at 0x4000.
     */
    static PhysicalMemory memory() {
        MemorySegment seg = Arena.ofAuto().allocate(1 << 20, 4096);
        PhysicalMemory m = PhysicalMemory.of(seg);
        put(m, 0x1000, 0, 0x2000 | P | RW | US);
        put(m, 0x1000, 511, 0x5000 | P | RW);
        put(m, 0x2000, 0, 0x3000 | P | RW | US);
        put(m, 0x2000, 1, 0x4000_0000L | P | PS | US);            // 1 GiB, read-only
        put(m, 0x3000, 0, 0x4000 | P | RW | US);
        put(m, 0x3000, 1, 0x20_0000L | P | PS | RW | US | XD | G); // 2 MiB
        put(m, 0x3000, 2, 0x40_0000L | PS | RW);                  // not present despite PS
        put(m, 0x4000, 1, 0x7000 | P | RW | US);
        put(m, 0x4000, 2, 0x8000 | P | US | XD);
        put(m, 0x4000, 511, 0xA000 | P | RW | US | G);
        put(m, 0x5000, 511, 0x6000 | P | RW | US);
        put(m, 0x6000, 511, 0x7fff_f000_0000L | P | RW | US);     // table outside memory
        return m;
    }

    static void put(PhysicalMemory m, long table, int index, long entry) {
        m.writeLong(table + 8L * index, entry, false);
    }

    private X86Fixture() {}
}
