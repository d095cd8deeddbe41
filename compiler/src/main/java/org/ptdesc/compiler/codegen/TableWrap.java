package org.ptdesc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Which levels' entry addresses can wrap past 2^64 ({@code table + index * entryBytes} above the
 * top of the physical space), decided from the bits each table address can have. An entry whose
 * address wraps is outside memory (as the interpreter defines it), so translate must check for
 * it; real descriptors build table addresses from bounded fields ({@code frame << 12}), cannot
 * wrap, and keep their translate free of the check.
 */
final class TableWrap {

    private TableWrap() {}

    /** For each level, true when an entry address of that level may wrap. */
    static boolean[] levels(WalkerIr ir) {
        List<Level> levels = ir.levels();
        boolean[] wraps = new boolean[levels.size()];
        for (int i = 0; i < levels.size(); i++) {
            long bits = 0;
            for (Expr table : tableAddresses(ir, i)) {
                bits |= possibleBits(table, ir.entryBytes());
            }
            long lastOffset = ((1L << levels.get(i).bits()) - 1) * ir.entryBytes();
            // bits is also the largest table address; the last entry's address must not pass 2^64 - 1.
            wraps[i] = Long.compareUnsigned(bits, -1L - lastOffset) > 0;
        }
        return wraps;
    }

    /** The expressions that give level {@code index}'s table: the roots', or the table rules' above it. */
    private static List<Expr> tableAddresses(WalkerIr ir, int index) {
        List<Expr> all = new ArrayList<>();
        if (index == 0) {
            for (Root r : ir.roots()) {
                all.add(r.table());
            }
            return all;
        }
        for (Rule rule : ir.levels().get(index - 1).rules()) {
            if (rule instanceof Rule.Table t) {
                all.add(t.address());
            }
        }
        return all;
    }

    /** A mask of every bit the value of {@code e} may have set (over every entry, address and register). */
    static long possibleBits(Expr e, int entryBytes) {
        return switch (e) {
            case Expr.Const c -> c.value();
            case Expr.Entry x -> entryBytes == 8 ? -1L : 0xffff_ffffL;
            case Expr.Va x -> -1L;
            case Expr.Register x -> -1L;
            case Expr.Check x -> -1L;
            case Expr.Unary u -> u.op() == Expr.UnaryOp.NOT ? 1L : -1L;
            case Expr.Conditional c -> possibleBits(c.then(), entryBytes) | possibleBits(c.otherwise(), entryBytes);
            case Expr.Binary b -> binary(b, entryBytes);
        };
    }

    private static long binary(Expr.Binary b, int entryBytes) {
        long l = possibleBits(b.left(), entryBytes);
        long r = possibleBits(b.right(), entryBytes);
        return switch (b.op()) {
            case AND -> l & r;
            case OR, XOR -> l | r;
            case SHL -> b.right() instanceof Expr.Const c ? (Long.compareUnsigned(c.value(), 64) >= 0 ? 0 : l << c.value()) : -1L;
            case SHR -> b.right() instanceof Expr.Const c ? (Long.compareUnsigned(c.value(), 64) >= 0 ? 0 : l >>> c.value()) : -1L;
            case ADD -> {
                long sum = l + r;
                // Without a carry out of bit 63, the sum is below the next power of two above both.
                yield Long.compareUnsigned(sum, l) < 0 ? -1L : upTo(sum);
            }
            case EQ, NE, LT, LE, GT, GE, AND_ALSO, OR_ELSE -> 1L;
            case SUB, MUL -> -1L;
        };
    }

    /** Every bit up to the highest bit of {@code x}. */
    private static long upTo(long x) {
        return x == 0 ? 0 : -1L >>> Long.numberOfLeadingZeros(x);
    }
}
