package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.Arrays;
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
 * no packed attribute word but two raw words, {@code and &= entry} and {@code or |= entry} (one
 * ALU operation each per entry; a constant leaves out the positions a rule does not take), and
 * the rules read the raw bits in place ({@link #rewrite}), so nothing is unpacked at the leaf.
 * Two words, not one, so that a word no remaining rule reads (the {@code or} word of x86's XD
 * when C2 has folded a constant read access) is dead code to C2, with its accumulation. Anything
 * else (an attribute computed from several bits, a {@code set} attribute a rule reads, an
 * attribute read whole) keeps the packed word ({@link #plan} is empty).
 *
 * <p>The analysis reads each update's bit {@code b} exactly ({@link #source}): a constant bit, one
 * entry bit, or unknown; unknown means no plan, so the raw form is used only where it provably
 * computes the same bits as {@code (acc & keep) | put}. In the rewritten rules the {@code and}
 * word is the attribute input and the {@code or} word is {@link Expr#REGISTER}, which a
 * permission rule cannot otherwise contain (the checker allows a register only in a root).
 */
final class RawAttributes {

    /** A bit source: a constant 0, a constant 1, or (0..63) that bit of the entry. */
    private static final int UNKNOWN = -1;
    private static final int ZERO = -2;
    private static final int ONE = -3;
    private static final int AND = 1;
    private static final int OR = 2;

    /** The positions one update takes into each raw word. */
    record Take(long and, long or) {}

    /** Attribute bit {@code b}'s raw position, or -1 where the rules read no such bit. */
    private final int[] position;
    /** Attribute bit {@code b}'s word: {@link #AND} or {@link #OR}. */
    private final int[] kind;
    /** Every position of the {@code and} word some rule reads; likewise of the {@code or} word. */
    private final long andPositions;
    private final long orPositions;
    private final long andInit;
    private final long orInit;

    private RawAttributes(int[] position, int[] kind, long andPositions, long orPositions, long andInit, long orInit) {
        this.position = position;
        this.kind = kind;
        this.andPositions = andPositions;
        this.orPositions = orPositions;
        this.andInit = andInit;
        this.orInit = orInit;
    }

    /**
     * The raw form of {@code ir}'s attributes for rules that read attribute bits {@code read}, or
     * empty when some read bit is not a single entry bit combined by {@code and} or {@code or}.
     */
    static Optional<RawAttributes> plan(WalkerIr ir, long read) {
        if (read == 0 || read == -1L) {
            return Optional.empty();
        }
        int[] kind = new int[64];   // 0 while no update changes the bit
        int[] position = new int[64];
        Arrays.fill(position, -1);
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
                    thisKind = AND;
                    at = k;
                } else if (k == ONE && p >= 0) {
                    thisKind = OR;
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
        long andPositions = 0;
        long orPositions = 0;
        long andInit = -1L;
        long orInit = 0;
        for (int b = 0; b < 64; b++) {
            if ((read >>> b & 1) == 0) {
                continue;
            }
            if (kind[b] == 0) {
                return Optional.empty();   // a read bit no entry changes (a constant)
            }
            long at = 1L << position[b];
            boolean initial = (ir.attributeInit() >>> b & 1) != 0;
            if (kind[b] == AND) {
                if ((andPositions & at) != 0) {
                    return Optional.empty();   // two attribute bits on one raw position
                }
                andPositions |= at;
                andInit &= initial ? -1L : ~at;
            } else {
                if ((orPositions & at) != 0) {
                    return Optional.empty();
                }
                orPositions |= at;
                orInit |= initial ? at : 0;
            }
        }
        RawAttributes raw = new RawAttributes(position, kind, andPositions, orPositions, andInit, orInit);
        for (Permission rule : ir.permissions()) {
            if (readsRegister(rule.condition()) || raw.rewrite(rule.condition()) == null) {
                return Optional.empty();
            }
        }
        return Optional.of(raw);
    }

    /** The {@code and} word before the first level. */
    long andInit() {
        return andInit;
    }

    /** The {@code or} word before the first level. */
    long orInit() {
        return orInit;
    }

    /**
     * The raw positions of the {@code and} word (or of the {@code or} word) that start as 1 (as 0)
     * and that every table and leaf rule takes from its entry: the attribute there is the
     * {@code and} (the {@code or}) of that entry bit over every entry of the walk.
     */
    long alwaysTaken(WalkerIr ir, boolean andWord) {
        long positions = andWord ? andPositions & andInit : orPositions & ~orInit;
        for (AttributeUpdate update : updates(ir)) {
            Take take = take(update);
            positions &= andWord ? take.and() : take.or();
        }
        return positions;
    }

    /** The raw positions {@code update} changes: where its entry's bits go into each word. */
    Take take(AttributeUpdate update) {
        Expr keep = Simplifier.simplify(update.keep());
        Expr put = Simplifier.simplify(update.put());
        long and = 0;
        long or = 0;
        for (int b = 0; b < 64; b++) {
            if (position[b] >= 0 && !(source(keep, b) == ONE && source(put, b) == ZERO)) {
                if (kind[b] == AND) {
                    and |= 1L << position[b];
                } else {
                    or |= 1L << position[b];
                }
            }
        }
        return new Take(and, or);
    }

    /**
     * {@code and &= entry | ~take.and} and {@code or |= entry & take.or}, each left out when it
     * takes nothing, and its constant left out where it takes every position the rules read
     * (the words' other bits are never read).
     */
    void accumulate(MethodVisitor mv, int andSlot, int orSlot, int entrySlot, Take take) {
        if (take.and() != 0) {
            mv.visitVarInsn(LLOAD, andSlot);
            mv.visitVarInsn(LLOAD, entrySlot);
            if ((andPositions & ~take.and()) != 0) {
                Constants.pushLong(mv, ~take.and());
                mv.visitInsn(LOR);
            }
            mv.visitInsn(LAND);
            mv.visitVarInsn(LSTORE, andSlot);
        }
        if (take.or() != 0) {
            mv.visitVarInsn(LLOAD, orSlot);
            mv.visitVarInsn(LLOAD, entrySlot);
            if ((orPositions & ~take.or()) != 0) {
                Constants.pushLong(mv, take.or());
                mv.visitInsn(LAND);
            }
            mv.visitInsn(LOR);
            mv.visitVarInsn(LSTORE, orSlot);
        }
    }

    /**
     * {@code condition} reading the raw words in place of the packed attribute word: every slice
     * {@code (attributes >>> lo) & m} becomes the same bits taken from their raw positions; null
     * when the condition uses the word otherwise.
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

    /** {@code (attributes >>> lo) & m} from the raw words: bits grouped by word and how far they move. */
    private Expr slice(int lo, long m) {
        long bits = m & (-1L >>> lo);   // bits above 63 - lo of the shifted word are zero
        Expr out = new Expr.Const(0);
        while (bits != 0) {
            int first = Long.numberOfTrailingZeros(bits);
            int word = kind[lo + first];
            int distance = position[lo + first] - (lo + first);
            long group = 0;
            for (long rest = bits; rest != 0; rest &= rest - 1) {
                int i = Long.numberOfTrailingZeros(rest);
                if (kind[lo + i] == word && position[lo + i] - (lo + i) == distance) {
                    group |= 1L << i;
                }
            }
            Expr raw = word == AND ? new Expr.Check(Expr.Input.ATTRIBUTES) : Expr.REGISTER;
            int shift = lo + distance;
            Expr moved = shift >= 0 ? Simplifier.binary(Expr.BinaryOp.SHR, raw, new Expr.Const(shift))
                    : Simplifier.binary(Expr.BinaryOp.SHL, raw, new Expr.Const(-shift));
            out = Simplifier.binary(Expr.BinaryOp.OR, out, Simplifier.binary(Expr.BinaryOp.AND, moved, new Expr.Const(group)));
            bits &= ~group;
        }
        return out;
    }

    private static boolean readsRegister(Expr e) {
        return switch (e) {
            case Expr.Register r -> true;
            case Expr.Unary u -> readsRegister(u.operand());
            case Expr.Binary b -> readsRegister(b.left()) || readsRegister(b.right());
            case Expr.Conditional c -> readsRegister(c.condition()) || readsRegister(c.then()) || readsRegister(c.otherwise());
            default -> false;
        };
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
