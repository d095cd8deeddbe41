package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Permission;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits the access-checked {@code translate(mem, roots, va, int access, long modes)} overloads
 * and {@code denyingRule}. The translate forms are the plain translate's straight-line level
 * blocks with the attribute word kept (when a rule reads it) and the permission rules inlined
 * at every leaf ({@link AccessGate}): no call besides the entry reads, no allocation; a denied
 * access returns {@code DENIED}. {@code denyingRule} tries the same rules and returns the index
 * of the first that denies, for the detailed and walking forms (the runtime's defaults).
 */
final class AccessTranslateEmitter {

    private static final long DENIED = -2L;

    private final WalkerIr ir;
    private final String owner;

    AccessTranslateEmitter(WalkerIr ir, String owner) {
        this.ir = ir;
        this.owner = owner;
    }

    void emit(ClassVisitor cv) {
        int roots = ir.roots().size();
        // translate(mem, long[] roots, va, access, modes): roots=2, va=3, access=5, modes=6
        MethodVisitor many = begin(cv, RuntimeTypes.TRANSLATE_N_ACCESS);
        body(many, new RootRegisters.InArray(2), 3, 5, 6, 8);
        end(many);
        // translate(mem, root, va, access, modes): root=2, va=4, access=6, modes=7
        MethodVisitor one = begin(cv, RuntimeTypes.TRANSLATE_1_ACCESS);
        if (roots == 1) {
            body(one, new RootRegisters.InLocals(2), 4, 6, 7, 9);
        } else {
            RootCountError.throwFor(one, owner, 1);
        }
        end(one);
        // translate(mem, root0, root1, va, access, modes): roots=2,4, va=6, access=8, modes=9
        MethodVisitor two = begin(cv, RuntimeTypes.TRANSLATE_2_ACCESS);
        if (roots == 2) {
            body(two, new RootRegisters.InLocals(2, 4), 6, 8, 9, 11);
        } else {
            RootCountError.throwFor(two, owner, 2);
        }
        end(two);
        denyingRule(cv);
    }

    private static MethodVisitor begin(ClassVisitor cv, String descriptor) {
        MethodVisitor mv = cv.visitMethod(ACC_PUBLIC | ACC_FINAL, "translate", descriptor, null, null);
        mv.visitCode();
        return mv;
    }

    private static void end(MethodVisitor mv) {
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void body(MethodVisitor mv, RootRegisters registers, int vaSlot, int accessSlot, int modesSlot,
            int firstFree) {
        int table = firstFree;
        int entry = firstFree + 2;
        int acc = firstFree + 4;
        int pa = firstFree + 6;
        LevelBlockEmitter.Slots slots = new LevelBlockEmitter.Slots(1, vaSlot, -1, table, entry, acc, pa);
        Label noMapping = new Label();
        Label denied = new Label();
        Label handler = new Label();
        int levels = ir.levels().size();
        Label[] readStart = new Label[levels];
        Label[] readEnd = new Label[levels];
        for (int i = 0; i < levels; i++) {
            readStart[i] = new Label();
            readEnd[i] = new Label();
            mv.visitTryCatchBlock(readStart[i], readEnd[i], handler, RuntimeTypes.UNREADABLE);
        }
        RuntimeTypes.line(mv, ir.line());
        registers.checkCount(mv, owner, ir.roots().size());
        List<Permission> rules = ir.permissions();
        AccessGate gate = new AccessGate(rules, denied);
        if (gate.readsAttributes()) {
            Constants.pushLong(mv, ir.attributeInit());
            mv.visitVarInsn(LSTORE, acc);
        }
        Untag.emit(mv, ir, vaSlot, vaSlot);
        RootDispatchEmitter.emit(mv, ir, Operand.local(vaSlot), registers, table, noMapping);
        CheckOperands checks = CheckOperands.locals(acc, modesSlot, accessSlot);
        LevelBlockEmitter block = rules.isEmpty() ? new LevelBlockEmitter(mv, ir, slots, false, noMapping)
                : new LevelBlockEmitter(mv, ir, slots, noMapping, gate, checks);
        for (int i = 0; i < levels; i++) {
            Label next = new Label();
            block.emit(i, readStart[i], readEnd[i], next);
            mv.visitLabel(next);
        }
        if (!rules.isEmpty()) {
            // Every level block ends in a jump or return: only the leaves' jumps reach the check.
            gate.emit(mv, new ExprEmitter(mv, Operand.local(entry), Operand.local(vaSlot),
                    Operand.unavailable("a root register"), checks), pa);
        }
        mv.visitLabel(handler);
        mv.visitInsn(POP);
        mv.visitLabel(noMapping);
        Constants.pushLong(mv, -1L);
        mv.visitInsn(LRETURN);
        if (!rules.isEmpty()) {
            mv.visitLabel(denied);
            Constants.pushLong(mv, DENIED);
            mv.visitInsn(LRETURN);
        }
    }

    /** {@code int denyingRule(long entry, long attributes, int access, long modes)}: entry=1, attributes=3, access=5, modes=6. */
    private void denyingRule(ClassVisitor cv) {
        MethodVisitor mv = cv.visitMethod(ACC_PUBLIC | ACC_FINAL, "denyingRule", RuntimeTypes.DENYING_RULE, null, null);
        mv.visitCode();
        ExprEmitter expr = new ExprEmitter(mv, Operand.local(1), Operand.unavailable("the address"),
                Operand.unavailable("a root register"), CheckOperands.locals(3, 6, 5));
        List<Permission> rules = ir.permissions();
        for (int i = 0; i < rules.size(); i++) {
            RuntimeTypes.line(mv, rules.get(i).line());
            Label allows = new Label();
            expr.jump(rules.get(i).condition(), false, allows);
            Constants.pushInt(mv, i);
            mv.visitInsn(IRETURN);
            mv.visitLabel(allows);
        }
        Constants.pushInt(mv, -1);
        mv.visitInsn(IRETURN);
        end(mv);
    }
}
