package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.Expr.Binary;
import org.ptdesc.compiler.ir.Expr.BinaryOp;
import org.ptdesc.compiler.ir.Expr.Const;

/**
 * Emits one IR expression as straight bytecode over longs: a value onto the stack
 * ({@link #value}), or, for conditions, a jump ({@link #jump}) so that predicates such as
 * {@code !P} become one bit test and a branch, never a materialised boolean. Constants are
 * folded first ({@link Simplifier}) and pushed as immediates; unsigned comparisons flip
 * the sign bit instead of calling {@code Long.compareUnsigned}, so an expression emits no call.
 */
final class ExprEmitter {

    private final MethodVisitor mv;
    private final Operand entry;
    private final Operand va;
    private final Operand register;
    private final CheckOperands checks;

    ExprEmitter(MethodVisitor mv, Operand entry, Operand va, Operand register) {
        this(mv, entry, va, register, CheckOperands.NONE);
    }

    /** An emitter for permission rules too: {@code checks} loads their attribute word, mode word and access. */
    ExprEmitter(MethodVisitor mv, Operand entry, Operand va, Operand register, CheckOperands checks) {
        this.mv = mv;
        this.entry = entry;
        this.va = va;
        this.register = register;
        this.checks = checks;
    }

    /** Pushes the value of {@code e} (a long). */
    void value(Expr e) {
        emitValue(Simplifier.simplify(e));
    }

    /** Jumps to {@code target} when {@code (condition != 0) == when}; falls through otherwise. */
    void jump(Expr condition, boolean when, Label target) {
        emitJump(Simplifier.simplify(condition), when, target);
    }

    private void emitValue(Expr e) {
        switch (e) {
            case Const c -> Constants.pushLong(mv, c.value());
            case Expr.Entry x -> entry.load(mv);
            case Expr.Va x -> va.load(mv);
            case Expr.Register x -> register.load(mv);
            case Expr.Check x -> checks.load(mv, x.input());
            case Expr.Unary u -> {
                switch (u.op()) {
                    case NOT -> booleanValue(e);
                    case INVERT -> {
                        emitValue(u.operand());
                        Constants.pushLong(mv, -1L);
                        mv.visitInsn(LXOR);
                    }
                    case NEGATE -> {
                        emitValue(u.operand());
                        mv.visitInsn(LNEG);
                    }
                }
            }
            case Binary b -> binaryValue(b);
            case Expr.Conditional c -> {
                Label otherwise = new Label();
                Label end = new Label();
                emitJump(c.condition(), false, otherwise);
                emitValue(c.then());
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(otherwise);
                emitValue(c.otherwise());
                mv.visitLabel(end);
            }
        }
    }

    private void binaryValue(Binary b) {
        switch (b.op()) {
            case ADD -> arithmetic(b, LADD);
            case SUB -> arithmetic(b, LSUB);
            case MUL -> arithmetic(b, LMUL);
            case AND -> arithmetic(b, LAND);
            case OR -> arithmetic(b, LOR);
            case XOR -> arithmetic(b, LXOR);
            case SHL -> shift(b, LSHL);
            case SHR -> shift(b, LUSHR);
            case EQ, NE, LT, LE, GT, GE, AND_ALSO, OR_ELSE -> booleanValue(b);
        }
    }

    private void arithmetic(Binary b, int opcode) {
        emitValue(b.left());
        emitValue(b.right());
        mv.visitInsn(opcode);
    }

    private void shift(Binary b, int opcode) {
        if (!(b.right() instanceof Const amount)) {
            // A permission rule's computed amount: the lowering guarded it to 0..63.
            emitValue(b.left());
            emitValue(b.right());
            mv.visitInsn(L2I);
            mv.visitInsn(opcode);
            return;
        }
        emitValue(b.left());
        // The folder turned amounts of 64 or more into 0, so this is 1..63.
        Constants.pushInt(mv, (int) amount.value());
        mv.visitInsn(opcode);
    }

    /** A condition used as a value: 1 or 0. */
    private void booleanValue(Expr e) {
        Label isTrue = new Label();
        Label end = new Label();
        emitJump(e, true, isTrue);
        mv.visitInsn(LCONST_0);
        mv.visitJumpInsn(GOTO, end);
        mv.visitLabel(isTrue);
        mv.visitInsn(LCONST_1);
        mv.visitLabel(end);
    }

    private void emitJump(Expr c, boolean when, Label target) {
        switch (c) {
            case Const k -> {
                if ((k.value() != 0) == when) {
                    mv.visitJumpInsn(GOTO, target);
                }
            }
            case Expr.Unary u when u.op() == Expr.UnaryOp.NOT -> emitJump(u.operand(), !when, target);
            case Binary b when b.op() == BinaryOp.AND_ALSO -> {
                if (when) {
                    Label skip = new Label();
                    emitJump(b.left(), false, skip);
                    emitJump(b.right(), true, target);
                    mv.visitLabel(skip);
                } else {
                    emitJump(b.left(), false, target);
                    emitJump(b.right(), false, target);
                }
            }
            case Binary b when b.op() == BinaryOp.OR_ELSE -> {
                if (when) {
                    emitJump(b.left(), true, target);
                    emitJump(b.right(), true, target);
                } else {
                    Label skip = new Label();
                    emitJump(b.left(), true, skip);
                    emitJump(b.right(), false, target);
                    mv.visitLabel(skip);
                }
            }
            case Binary b when comparison(b.op()) -> compare(b, when, target);
            case Expr.Conditional k -> {
                Label otherwise = new Label();
                Label end = new Label();
                emitJump(k.condition(), false, otherwise);
                emitJump(k.then(), when, target);
                mv.visitJumpInsn(GOTO, end);
                mv.visitLabel(otherwise);
                emitJump(k.otherwise(), when, target);
                mv.visitLabel(end);
            }
            default -> {
                nonZeroTest(c);
                mv.visitJumpInsn(when ? IFNE : IFEQ, target);
            }
        }
    }

    private static boolean comparison(BinaryOp op) {
        return switch (op) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }

    private void compare(Binary b, boolean when, Label target) {
        BinaryOp op = when ? b.op() : negation(b.op());
        if ((op == BinaryOp.EQ || op == BinaryOp.NE) && b.right() instanceof Const z && z.value() == 0) {
            nonZeroTest(b.left());
            mv.visitJumpInsn(op == BinaryOp.EQ ? IFEQ : IFNE, target);
            return;
        }
        boolean unsigned = op != BinaryOp.EQ && op != BinaryOp.NE;
        comparand(b.left(), unsigned);
        comparand(b.right(), unsigned);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(switch (op) {
            case EQ -> IFEQ;
            case NE -> IFNE;
            case LT -> IFLT;
            case LE -> IFLE;
            case GT -> IFGT;
            case GE -> IFGE;
            default -> throw new IllegalStateException(op.toString());
        }, target);
    }

    /** Unsigned order is signed order with the sign bit flipped on both sides. */
    private void comparand(Expr e, boolean unsigned) {
        if (!unsigned) {
            emitValue(e);
        } else if (e instanceof Const c) {
            Constants.pushLong(mv, c.value() ^ Long.MIN_VALUE);
        } else {
            emitValue(e);
            Constants.pushLong(mv, Long.MIN_VALUE);
            mv.visitInsn(LXOR);
        }
    }

    private static BinaryOp negation(BinaryOp op) {
        return switch (op) {
            case EQ -> BinaryOp.NE;
            case NE -> BinaryOp.EQ;
            case LT -> BinaryOp.GE;
            case GE -> BinaryOp.LT;
            case LE -> BinaryOp.GT;
            case GT -> BinaryOp.LE;
            default -> throw new IllegalStateException(op.toString());
        };
    }

    /**
     * Pushes an int that is non-zero exactly when {@code e != 0}. A masked field or flag
     * ({@code (x >>> n) & m}) becomes {@code x & (m << n)}, tested in 64 bits even where the
     * mask would fit 32: with {@code (int) x & m}, C2 kept the narrowed entry in a register of
     * its own beside the entry, and the spills that cost made a loop of x86-64 translations 12
     * to 20% slower on the small benchmark tree (bench/RESULTS.md); the long test costs one
     * byte more for a mask of 1, three for others.
     */
    private void nonZeroTest(Expr e) {
        if (e instanceof Binary and && and.op() == BinaryOp.AND && and.right() instanceof Const m) {
            Expr x = and.left();
            long mask = m.value();
            if (x instanceof Binary down && down.op() == BinaryOp.SHR && down.right() instanceof Const n) {
                x = down.left();
                mask = (mask & (-1L >>> n.value())) << n.value();
            }
            if (x instanceof Expr.Check c && c.input() == Expr.Input.ACCESS && checks.accessSlot() >= 0
                    && mask >= 0 && mask <= Integer.MAX_VALUE) {
                // access.read and its kin: one bit of the int argument, no widening.
                mv.visitVarInsn(ILOAD, checks.accessSlot());
                Constants.pushInt(mv, (int) mask);
                mv.visitInsn(IAND);
                return;
            }
            emitValue(x);
            Constants.pushLong(mv, mask);
            mv.visitInsn(LAND);
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            return;
        }
        emitValue(e);
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
    }
}
