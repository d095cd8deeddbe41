package org.ptdesc.compiler.codegen;

import static org.ptdesc.compiler.ir.Expr.BinaryOp.*;

import java.util.List;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The IR of the sample descriptors, written by hand as the lowering would produce it (slices
 * as shift-and-mask, fields inlined, nothing folded that the code generator should fold), with
 * the descriptors' line numbers. Lets the code generator be tested without the front end.
 */
public final class IrFixtures {

    private IrFixtures() {}

    static Expr c(long v) {
        return new Expr.Const(v);
    }

    static Expr bin(Expr.BinaryOp op, Expr a, Expr b) {
        return new Expr.Binary(op, a, b);
    }

    /** {@code x[hi:lo]} as the lowering writes it. */
    static Expr slice(Expr x, int hi, int lo) {
        int width = hi - lo + 1;
        return bin(AND, bin(SHR, x, c(lo)), c(width == 64 ? -1L : (1L << width) - 1));
    }

    static Expr bit(Expr x, int n) {
        return slice(x, n, n);
    }

    static Expr not(Expr x) {
        return new Expr.Unary(Expr.UnaryOp.NOT, x);
    }

    /** samples/descriptors/x86_64.ptdesc, tree x86_64. */
    public static WalkerIr x86_64() {
        Expr e = Expr.ENTRY;
        Expr present = bit(e, 0);
        Expr rw = bit(e, 1);
        Expr us = bit(e, 2);
        Expr ps = bit(e, 7);
        Expr xd = bit(e, 63);
        Expr g = bit(e, 8);
        Expr frame = bin(SHL, slice(e, 51, 12), c(12));
        // writable (bit 0, and), user (bit 1, and), nx (bit 2, or), global (bit 3, set), and the
        // leaf's PWT (bit 4), PCD (bit 5) and PAT (bit 6; entry bit 7 in a PTE, 12 in a larger page), set
        Expr keepAnd = bin(OR, c(~0b0011L), bin(OR, rw, bin(SHL, us, c(1))));
        Expr putOr = bin(SHL, xd, c(2));
        AttributeUpdate table = new AttributeUpdate(keepAnd, putOr);
        Expr selectors = bin(OR, bin(SHL, bit(e, 3), c(4)), bin(SHL, bit(e, 4), c(5)));
        AttributeUpdate large = new AttributeUpdate(
                bin(AND, keepAnd, c(~0b111_1000L)),
                bin(OR, bin(OR, putOr, bin(SHL, g, c(3))), bin(OR, selectors, bin(SHL, bit(e, 12), c(6)))));
        AttributeUpdate leaf = new AttributeUpdate(
                bin(AND, keepAnd, c(~0b111_1000L)),
                bin(OR, bin(OR, putOr, bin(SHL, g, c(3))), bin(OR, selectors, bin(SHL, bit(e, 7), c(6)))));
        return new WalkerIr(
                "x86_64",
                "x86-64 4-level paging: 48-bit canonical addresses, 4 KiB, 2 MiB and 1 GiB pages.",
                "x86_64.ptdesc",
                26,
                48,
                true,
                List.of(new WalkerIr.AddressRange(0, 0x7fff_ffff_ffffL),
                        new WalkerIr.AddressRange(0xffff_8000_0000_0000L, -1L)),
                List.of(new Root("cr3", 0, -1L, bin(SHL, slice(Expr.REGISTER, 51, 12), c(12)),
                        "CR3; its PCID or PWT/PCD bits are ignored.", 33)),
                8,
                false,
                List.of(
                        new Level("PML4", 39, 9, "Page-map level 4, address bits 47:39 (Table 4-15).", List.of(
                                new Rule.Invalid(not(present), 46),
                                new Rule.Table(Expr.TRUE, frame, table, 47)), 45),
                        new Level("PDPT", 30, 9, "Page-directory-pointer table, address bits 38:30 (Tables 4-16, 4-17).", List.of(
                                new Rule.Invalid(not(present), 51),
                                new Rule.Leaf(ps, bin(SHL, slice(e, 51, 30), c(30)), large, 52),
                                new Rule.Table(Expr.TRUE, frame, table, 53)), 49),
                        new Level("PD", 21, 9, "Page directory, address bits 29:21 (Tables 4-18, 4-19).", List.of(
                                new Rule.Invalid(not(present), 57),
                                new Rule.Leaf(ps, bin(SHL, slice(e, 51, 21), c(21)), large, 58),
                                new Rule.Table(Expr.TRUE, frame, table, 59)), 55),
                        new Level("PT", 12, 9, "Page table, address bits 20:12 (Table 4-20).", List.of(
                                new Rule.Invalid(not(present), 62),
                                new Rule.Leaf(Expr.TRUE, frame, leaf, 63)), 61)),
                List.of(
                        new Attribute("writable", 0, 1, Attribute.Operator.AND, true, "Writes allowed: R/W = 1 at every level (§4.6)."),
                        new Attribute("user", 1, 1, Attribute.Operator.AND, true, "User-mode accesses allowed: U/S = 1 at every level (§4.6)."),
                        new Attribute("nx", 2, 1, Attribute.Operator.OR, true, "Instruction fetches forbidden: XD = 1 at any level (§4.6)."),
                        new Attribute("global", 3, 1, Attribute.Operator.SET, true, "Global page (G, bit 8 of the leaf entry)."),
                        new Attribute("pwt", 4, 1, Attribute.Operator.SET, true, "PWT of the leaf entry (bit 3): bit 0 of its IA32_PAT index."),
                        new Attribute("pcd", 5, 1, Attribute.Operator.SET, true, "PCD of the leaf entry (bit 4): bit 1 of its IA32_PAT index."),
                        new Attribute("pat", 6, 1, Attribute.Operator.SET, true, "PAT of the leaf entry (bit 7 of a PTE, bit 12 of an entry that maps a larger page): bit 2 of its IA32_PAT index.")),
                0b0011L);
    }

    /** samples/descriptors/linus_x86_64.ptdesc, tree linus_x86_64. */
    public static WalkerIr linus() {
        Expr next = bin(SHL, slice(Expr.ENTRY, 63, 12), c(12));
        Expr empty = bin(EQ, Expr.ENTRY, c(0));
        String[] names = {"L4", "L3", "L2", "L1"};
        String[] docs = {"Top level: address bits 47:39.", "Address bits 38:30.", "Address bits 29:21.",
                "Address bits 20:12: one 4 KiB page per entry."};
        Level[] levels = new Level[4];
        for (int i = 0; i < 4; i++) {
            int line = 16 + 4 * i;
            Rule onward = i < 3
                    ? new Rule.Table(Expr.TRUE, next, AttributeUpdate.NONE, line + 2)
                    : new Rule.Leaf(Expr.TRUE, next, AttributeUpdate.NONE, line + 2);
            levels[i] = new Level(names[i], 39 - 9 * i, 9, docs[i], List.of(new Rule.Invalid(empty, line + 1), onward), line);
        }
        return new WalkerIr(
                "linus_x86_64",
                "The x86_64_def descriptor of the 2014 generic tree-walker proposal.",
                "linus_x86_64.ptdesc",
                7,
                48,
                false,
                List.of(new WalkerIr.AddressRange(0, 0x7fff_ffff_ffffL)),
                List.of(new Root("base", 0, -1L, Expr.REGISTER, "Physical address of the top table.", 12)),
                8,
                false,
                List.of(levels),
                List.of(),
                0L);
    }
}
