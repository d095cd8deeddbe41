package org.ptdesc.compiler.codegen;

import static org.junit.jupiter.api.Assertions.*;
import static org.objectweb.asm.Opcodes.*;
import static org.ptdesc.compiler.codegen.IrFixtures.*;
import static org.ptdesc.compiler.ir.Expr.BinaryOp.*;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ptdesc.compiler.ir.Simplifier;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Eval;
import org.ptdesc.compiler.ir.Expr;

/**
 * Expressions mean what {@link Eval} says, after folding and after emission: random
 * expressions over every operator (with the shift-and-mask chains slices produce) are folded
 * and compared with {@link Eval} on random inputs, then compiled by {@link ExprEmitter}, both as
 * values and as conditions, and run.
 */
class ExpressionTest {

    static final Expr.BinaryOp[] OPS = Expr.BinaryOp.values();

    static Expr random(Random r, int depth) {
        if (depth > 4 || r.nextInt(5) == 0) {
            return switch (r.nextInt(5)) {
                case 0 -> Expr.ENTRY;
                case 1 -> Expr.VA;
                case 2 -> Expr.REGISTER;
                case 3 -> c(r.nextInt(3) - 1);
                default -> c(r.nextBoolean() ? r.nextLong() : r.nextInt(70));
            };
        }
        return switch (r.nextInt(7)) {
            case 0 -> new Expr.Unary(Expr.UnaryOp.values()[r.nextInt(3)], random(r, depth + 1));
            case 1 -> new Expr.Conditional(random(r, depth + 1), random(r, depth + 1), random(r, depth + 1));
            case 2 -> slice(random(r, depth + 1), 63 - r.nextInt(40), r.nextInt(24));
            case 3 -> {
                // shift-and-mask chains as fields used as addresses produce them
                Expr.BinaryOp op = r.nextBoolean() ? SHL : SHR;
                yield bin(op, r.nextBoolean() ? slice(random(r, depth + 1), 40, r.nextInt(20))
                        : bin(op, random(r, depth + 1), c(r.nextInt(64))), c(r.nextInt(64)));
            }
            default -> {
                Expr.BinaryOp op = OPS[r.nextInt(OPS.length)];
                Expr right = op == SHL || op == SHR ? c(r.nextInt(66)) : random(r, depth + 1);
                yield bin(op, random(r, depth + 1), right);
            }
        };
    }

    static long[] inputs(Random r) {
        long[] v = new long[3];
        for (int i = 0; i < 3; i++) {
            v[i] = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> -1;
                case 2 -> r.nextInt(16);
                default -> r.nextLong();
            };
        }
        return v;
    }

    @Test
    void foldingKeepsTheMeaning() {
        Random r = new Random(1);
        for (int i = 0; i < 20_000; i++) {
            Expr e = random(r, 0);
            Expr folded = Simplifier.simplify(e);
            for (int k = 0; k < 8; k++) {
                long[] in = inputs(r);
                assertEquals(Eval.eval(e, in[0], in[1], in[2]), Eval.eval(folded, in[0], in[1], in[2]),
                        () -> e + "\nfolded to " + folded);
            }
        }
    }

    @Test
    void sliceThenPlaceFoldsToOneMask() {
        Expr frame = bin(SHL, slice(Expr.ENTRY, 51, 12), c(12));
        assertEquals(bin(AND, Expr.ENTRY, c(0x000f_ffff_ffff_f000L)), Simplifier.simplify(frame));
        assertEquals(c(0x1234), Simplifier.simplify(bin(ADD, bin(MUL, c(0x1000), c(1)), c(0x234))));
    }

    @Test
    void emittedExpressionsComputeWhatEvalComputes() throws Throwable {
        Random r = new Random(2);
        List<Expr> exprs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            exprs.add(random(r, 0));
        }
        ClassWriter cw = new StableClassWriter();
        cw.visit(V25, ACC_PUBLIC | ACC_FINAL, "org/ptdesc/compiler/codegen/Exprs", null, "java/lang/Object", null);
        for (int i = 0; i < exprs.size(); i++) {
            ExprEmitter value = emitter(cw, "value" + i);
            value.value(exprs.get(i));
            finishValue();
            // As a condition: 1 when the expression is non-zero, by a jump.
            ExprEmitter jump = emitter(cw, "jump" + i);
            Label yes = new Label();
            jump.jump(exprs.get(i), true, yes);
            finishCondition(yes);
        }
        cw.visitEnd();
        MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(cw.toByteArray(), true);
        MethodType type = MethodType.methodType(long.class, long.class, long.class, long.class);
        for (int i = 0; i < exprs.size(); i++) {
            MethodHandle value = lookup.findStatic(lookup.lookupClass(), "value" + i, type);
            MethodHandle jump = lookup.findStatic(lookup.lookupClass(), "jump" + i, type);
            Expr e = exprs.get(i);
            for (int k = 0; k < 50; k++) {
                long[] in = inputs(r);
                long expected = Eval.eval(e, in[0], in[1], in[2]);
                assertEquals(expected, (long) value.invokeExact(in[0], in[1], in[2]), e::toString);
                assertEquals(expected != 0 ? 1L : 0L, (long) jump.invokeExact(in[0], in[1], in[2]), e::toString);
            }
        }
    }

    private MethodVisitor current;

    /** A static method (entry, va, register) -> long, and an emitter over its parameters. */
    private ExprEmitter emitter(ClassWriter cw, String name) {
        current = cw.visitMethod(ACC_PUBLIC | ACC_STATIC, name, "(JJJ)J", null, null);
        current.visitCode();
        return new ExprEmitter(current, Operand.local(0), Operand.local(2), Operand.local(4));
    }

    private void finishValue() {
        current.visitInsn(LRETURN);
        current.visitMaxs(0, 0);
        current.visitEnd();
    }

    private void finishCondition(Label yes) {
        current.visitInsn(LCONST_0);
        current.visitInsn(LRETURN);
        current.visitLabel(yes);
        current.visitInsn(LCONST_1);
        current.visitInsn(LRETURN);
        current.visitMaxs(0, 0);
        current.visitEnd();
    }
}
