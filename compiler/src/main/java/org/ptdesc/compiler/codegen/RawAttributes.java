package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.AttributeUpdate;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Permission;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Raw accumulation for the access-checked translate: when every attribute bit the permission
 * rules read is, at every table and leaf rule that changes it, one entry bit at one fixed position
 * combined by {@code and} (keep) or {@code or} (put), as x86's R/W, U/S and XD are, the walk keeps
 * no packed attribute word but one raw word {@code raw |= (entry ^ flip) & mask} per entry (two
 * ALU operations): an {@code and} attribute's entry bit is inverted ({@code flip}), so its raw bit
 * is 1 once some level cleared it, and an {@code or} attribute's raw bit is 1 once some level set
 * it. The rules then read the raw bits in place ({@link #rewrite}), so nothing is unpacked at the
 * leaf. Anything else (an attribute computed from several bits, a {@code set} attribute a rule
 * reads, an attribute read whole) keeps the packed word ({@link #plan} is empty).
 *
 * <p>The analysis reads each update's bit {@code b} exactly ({@link #source}): a constant bit, one
 * entry bit, or unknown; unknown means no plan, so the raw form is used only where it provably
 * computes the same bits as {@code (acc & keep) | put}.
 */
final class RawAttributes {

    /** A bit source: a constant 0, a constant 1, or (0..63) that bit of the entry. */
    private static final int UNKNOWN = -1;
    private static final int ZERO = -2;
    private static final int ONE = -3;

    /** Attribute bit {@code b}'s raw position, or -1 where the rules read no such bit. */
    private final int[] position;
    /** Raw positions of {@code and} attributes (stored inverted). */
    private final long flip;
    /** Every raw position some rule reads. */
    private final long positions;
    /** The raw word before the first level. */
    private final long init;

    private RawAttributes(int[] position, long flip, long positions, long init) {
        this.position = position;
        this.flip = flip;
        this.positions = positions;
        this.init = init;
    }

    /**
     * The raw form of {@code ir}'s attributes for rules that read attribute bits {@code read}, or
     * empty when some read bit is not a single entry bit combined by {@code and} or {@code or}.
     */
    static Optional<RawAttributes> plan(WalkerIr ir, long read) {
        if (read == 0 || read == -1L) {
            return Optional.empty();
        }
        int[] kind = new int[64];   // 0 unseen, 1 and, 2 or
        int[] position = new int[64];
        java.util.Arrays.fill(position, -1);
        for (AttributeUpdate update : updates(ir)) {
            Expr keep = Simplifier.simplify(update.keep());
            Expr put = Simplifier.simplify(update.put());
            for (int b = 0; b < 64; b++) {
                if ((read >>> b & 1) == 0) {
                    continue;
                }
                int k = source(keep, b);
                int p = source(put, b);
                int thisKind;
                int at;
                if (k == ONE && p == ZERO) {
                    continue;  // this entry leaves the bit alone
                } else if (k >= 0 && p == ZERO) {
                    thisKind = 1;
                    at = k;
                } else if (k == ONE && p >= 0) {
                    thisKind = 2;
                    at = p;
                } else {
                    return Optional.empty();
                }
                if (kind[b] != 0 && (kind[b] != thisKind || position[b] != at)) {
                    return Optional.empty();
                }
                kind[b] = thisKind;
                position[b] = at;
            }
        }
        long flip = 0;
        long positions = 0;
        long init = 0;
        for (int b = 0; b < 64; b++) {
            if ((read >>> b & 1) == 0) {
                continue;
            }
            if (kind[b] == 0 || (positions >>> position[b] & 1) != 0) {
                // A read bit no entry changes (a constant), or two bits on one raw position.
                return Optional.empty();
            }
            long at = 1L << position[b];
            positions |= at;
            boolean initial = (ir.attributeInit() >>> b & 1) != 0;
            if (kind[b] == 1) {
                flip |= at;
                init |= initial ? 0 : at;
            } else {
                init |= initial ? at : 0;
            }
        }
        RawAttributes raw = new RawAttributes(position, flip, positions, init);
        for (Permission rule : ir.permissions()) {
            if (raw.rewrite(rule.condition()) == null) {
                return Optional.empty();
            }
        }
        return Optional.of(raw);
    }

    /** The raw word before the first level. */
    long init() {
        return init;
    }

    /** The raw positions {@code update} changes: where its entry's bits go into the raw word. */
    long mask(AttributeUpdate update) {
        Expr keep = Simplifier.simplify(update.keep());
        Expr put = Simplifier.simplify(update.put());
        long mask = 0;
        for (int b = 0; b < 64; b++) {
            if (position[b] >= 0 && !(source(keep, b) == ONE && source(put, b) == ZERO)) {
                mask |= 1L << position[b];
            }
        }
        return mask;
    }

    /**
     * {@code raw |= (entry ^ flip) & mask}: the flip only where {@code mask} has {@code and}
     * positions, the mask only where it leaves out a position some rule reads (other raw bits
     * are never read); nothing for an empty mask.
     */
    void accumulate(MethodVisitor mv, int rawSlot, int entrySlot, long mask) {
        if (mask == 0) {
            return;
        }
        boolean masked = (positions & ~mask) != 0;
        long flipped = masked ? flip & mask : flip;
        mv.visitVarInsn(LLOAD, rawSlot);
        mv.visitVarInsn(LLOAD, entrySlot);
        if (flipped != 0) {
            Constants.pushLong(mv, flipped);
            mv.visitInsn(LXOR);
        }
        if (masked) {
            Constants.pushLong(mv, mask);
            mv.visitInsn(LAND);
        }
        mv.visitInsn(LOR);
        mv.visitVarInsn(LSTORE, rawSlot);
    }

    /**
     * {@code condition} reading the raw word in place of the packed attribute word: every slice
     * {@code (attributes >>> lo) & m} becomes the same bits taken from their raw positions (an
     * {@code and} attribute's inverted back); null when the condition uses the word otherwise.
     */
    Expr rewrite(Expr e) {
        return switch (e) {
            case Expr.Binary b when b.op() == Expr.BinaryOp.AND && b.right() instanceof Expr.Const m
                    && b.left() instanceof Expr.Check c && c.input() == Expr.Input.ATTRIBUTES -> slice(0, m.value());
            case Expr.Binary b when b.op() == Expr.BinaryOp.AND && b.right() instanceof Expr.Const m
                    && b.left() instanceof Expr.Binary s && s.op() == Expr.BinaryOp.SHR
                    && s.left() instanceof Expr.Check c && c.input() == Expr.Input.ATTRIBUTES
                    && s.right() instanceof Expr.Const n && n.value() >= 0 && n.value() < 64 ->
                    slice((int) n.value(), m.value());
            case Expr.Check c -> c.input() == Expr.Input.ATTRIBUTES ? null : c;
            case Expr.Unary u -> {
                Expr operand = rewrite(u.operand());
                yield operand == null ? null : new Expr.Unary(u.op(), operand);
            }
            case Expr.Binary b -> {
                Expr l = rewrite(b.left());
                Expr r = rewrite(b.right());
                yield l == null || r == null ? null : new Expr.Binary(b.op(), l, r);
            }
            case Expr.Conditional c -> {
                Expr k = rewrite(c.condition());
                Expr t = rewrite(c.then());
                Expr o = rewrite(c.otherwise());
                yield k == null || t == null || o == null ? null : new Expr.Conditional(k, t, o);
            }
            default -> e;
        };
    }

    /** {@code (attributes >>> lo) & m} from the raw word: bits grouped by how far they move. */
    private Expr slice(int lo, long m) {
        long bits = m & (-1L >>> lo);   // bits above 63 - lo of the shifted word are zero
        Expr raw = new Expr.Check(Expr.Input.ATTRIBUTES);
        Expr out = new Expr.Const(0);
        while (bits != 0) {
            int first = Long.numberOfTrailingZeros(bits);
            int distance = position[lo + first] - (lo + first);
            long group = 0;
            long inverted = 0;
            for (long rest = bits; rest != 0; rest &= rest - 1) {
                int i = Long.numberOfTrailingZeros(rest);
                if (position[lo + i] - (lo + i) == distance) {
                    group |= 1L << i;
                    if ((flip >>> position[lo + i] & 1) != 0) {
                        inverted |= 1L << i;
                    }
                }
            }
            int shift = lo + distance;
            Expr moved = shift >= 0 ? Simplifier.binary(Expr.BinaryOp.SHR, raw, new Expr.Const(shift))
                    : Simplifier.binary(Expr.BinaryOp.SHL, raw, new Expr.Const(-shift));
            Expr part = Simplifier.binary(Expr.BinaryOp.AND, moved, new Expr.Const(group));
            if (group == 1 && inverted == 1) {
                // One inverted bit at bit 0: a logical not, which the emitter folds into the branch.
                part = Simplifier.unary(Expr.UnaryOp.NOT, part);
            } else if (inverted != 0) {
                part = Simplifier.binary(Expr.BinaryOp.XOR, part, new Expr.Const(inverted));
            }
            out = Simplifier.binary(Expr.BinaryOp.OR, out, part);
            bits &= ~group;
        }
        return out;
    }

    /** Every attribute update of a table or leaf rule. */
    private static List<AttributeUpdate> updates(WalkerIr ir) {
        List<AttributeUpdate> out = new ArrayList<>();
        for (Level level : ir.levels()) {
            for (Rule rule : level.rules()) {
                switch (rule) {
                    case Rule.Table t -> out.add(t.attributes());
                    case Rule.Leaf l -> out.add(l.attributes());
                    default -> { }
                }
            }
        }
        return out;
    }

    /**
     * Bit {@code b} of {@code e} for every entry and address: ZERO, ONE, an entry bit, or
     * UNKNOWN (anything this exact reading does not follow).
     */
    static int source(Expr e, int b) {
        return switch (e) {
            case Expr.Const c -> (c.value() >>> b & 1) != 0 ? ONE : ZERO;
            case Expr.Entry x -> b;
            case Expr.Binary x when x.op() == Expr.BinaryOp.AND -> {
                int l = source(x.left(), b);
                int r = source(x.right(), b);
                yield l == ZERO || r == ZERO ? ZERO : l == ONE ? r : r == ONE ? l : l == r ? l : UNKNOWN;
            }
            case Expr.Binary x when x.op() == Expr.BinaryOp.OR -> {
                int l = source(x.left(), b);
                int r = source(x.right(), b);
                yield l == ONE || r == ONE ? ONE : l == ZERO ? r : r == ZERO ? l : l == r ? l : UNKNOWN;
            }
            case Expr.Binary x when x.op() == Expr.BinaryOp.XOR -> {
                int l = source(x.left(), b);
                int r = source(x.right(), b);
                yield l == ZERO ? r : r == ZERO ? l : (l == ONE && r == ONE) ? ZERO : UNKNOWN;
            }
            case Expr.Binary x when x.op() == Expr.BinaryOp.SHR && x.right() instanceof Expr.Const n -> {
                long from = b + n.value();
                yield n.value() < 0 || from > 63 ? ZERO : source(x.left(), (int) from);
            }
            case Expr.Binary x when x.op() == Expr.BinaryOp.SHL && x.right() instanceof Expr.Const n -> {
                long from = b - n.value();
                yield n.value() < 0 || n.value() > 63 || from < 0 ? ZERO : source(x.left(), (int) from);
            }
            default -> UNKNOWN;
        };
    }
}
