package org.ptdesc.bench;

import static org.ptdesc.compiler.ir.Expr.BinaryOp.AND;
import static org.ptdesc.compiler.ir.Expr.BinaryOp.OR;
import static org.ptdesc.compiler.ir.Expr.BinaryOp.SHL;
import static org.ptdesc.compiler.ir.Expr.BinaryOp.SHR;

import java.util.List;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The IR of {@code samples/descriptors/x86_64.ptdesc}, built by hand from the SDM (Vol. 3A
 * §4.5): a stand-in for the front end's output while {@code Ptdesc.compile} is not on main.
 * Same attribute layout as the descriptor (bit 0 writable, 1 user, 2 nx, 3 global).
 */
final class HandBuiltX86Ir {

    private static final long ADDR = 0x000f_ffff_ffff_f000L;

    static WalkerIr ir() {
        Expr tableKeep = bin(OR, c(~3L), bin(OR, bit(1), bin(SHL, bit(2), c(1))));
        Expr tablePut = bin(SHL, bit(63), c(2));
        AttributeUpdate table = new AttributeUpdate(tableKeep, tablePut);
        AttributeUpdate leaf = new AttributeUpdate(bin(AND, tableKeep, c(~8L)), bin(OR, tablePut, bin(SHL, bit(8), c(3))));
        Rule invalid = new Rule.Invalid(new Expr.Unary(Expr.UnaryOp.NOT, bit(0)), 0);
        Rule toTable = new Rule.Table(Expr.TRUE, bin(AND, Expr.ENTRY, c(ADDR)), table, 0);
        return new WalkerIr("x86_64", "hand-built stand-in", "x86_64.ptdesc", 1, 48, true,
                List.of(new WalkerIr.AddressRange(0, X86Info.LOW_LAST), new WalkerIr.AddressRange(X86Info.HIGH_FIRST, -1L)),
                List.of(new Root("cr3", 0, -1L, bin(AND, Expr.REGISTER, c(ADDR)), "", 0)),
                8, false,
                List.of(
                        new Level("PML4", 39, 9, "", List.of(invalid, toTable), 0),
                        new Level("PDPT", 30, 9, "", List.of(invalid,
                                new Rule.Leaf(bit(7), bin(AND, Expr.ENTRY, c(0x000f_ffff_c000_0000L)), leaf, 0), toTable), 0),
                        new Level("PD", 21, 9, "", List.of(invalid,
                                new Rule.Leaf(bit(7), bin(AND, Expr.ENTRY, c(0x000f_ffff_ffe0_0000L)), leaf, 0), toTable), 0),
                        new Level("PT", 12, 9, "", List.of(invalid,
                                new Rule.Leaf(Expr.TRUE, bin(AND, Expr.ENTRY, c(ADDR)), leaf, 0)), 0)),
                List.of(new Attribute("writable", 0, 1, Attribute.Operator.AND, true, ""),
                        new Attribute("user", 1, 1, Attribute.Operator.AND, true, ""),
                        new Attribute("nx", 2, 1, Attribute.Operator.OR, true, ""),
                        new Attribute("global", 3, 1, Attribute.Operator.SET, true, "")),
                X86Info.ATTRIBUTES_INIT);
    }

    private static Expr c(long v) {
        return new Expr.Const(v);
    }

    private static Expr bin(Expr.BinaryOp op, Expr a, Expr b) {
        return new Expr.Binary(op, a, b);
    }

    /** Entry bit n as 0/1. */
    private static Expr bit(int n) {
        return bin(AND, bin(SHR, Expr.ENTRY, c(n)), c(1));
    }

    private HandBuiltX86Ir() {}
}
