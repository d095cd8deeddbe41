package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Expr;
import org.ptdesc.compiler.ir.Permission;
import org.ptdesc.compiler.ir.Simplifier;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits the access-checked {@code translate(mem, roots, va, int access, long modes)} overloads,
 * their private static permission check {@code checkedAddress}, and {@code denyingRule}. The
 * translate forms are the plain translate's straight-line level blocks with the attribute word
 * kept (when a rule reads it); every leaf stores its physical address and jumps to one tail call
 * of {@code checkedAddress(entry, va, attributes, orWord, access, modes, pa)}, which tries the permission
 * rules ({@link AccessGate}) and returns {@code pa} or {@code DENIED}. Attributes that
 * accumulate raw ({@link RawAttributes}) are updated inline, one operation per word and level;
 * the rules and the packed attribute updates ({@link AttributeSteps}) live out of line so that
 * the walk stays within C2's inlining budget (FreqInlineSize, 325 bytes): no call besides the
 * entry reads and those, no
 * allocation. {@code denyingRule} tries the same rules
 * and returns the index of the first that denies, for the detailed and walking forms (the
 * runtime's defaults build those on it). Where rules fold into the present test
 * ({@link RequiredBits}), the public translate is a fast walk that tests masks instead and leaves
 * through a tail call of the private static twin {@code checkedTranslateInFull}, the form above,
 * whenever a test fails.
 */
final class AccessTranslateEmitter {

    private static final long DENIED = -2L;

    /** The private static permission check every access-checked translate ends in. */
    static final String CHECKED_ADDRESS = "checkedAddress";

    /** The rules in full, where {@code checkedAddress} is a fast test that calls them only when it cannot allow. */
    static final String EXACT_CHECKED_ADDRESS = "exactCheckedAddress";

    /**
     * {@code long checkedAddress(long entry, long va, long attributes, long orWord, int access, long modes, long pa)}:
     * {@code attributes} is the packed word, or the raw {@code and} word and {@code orWord} the
     * raw {@code or} word where the walk keeps them ({@link RawAttributes}; else 0).
     */
    static final String CHECKED_ADDRESS_DESCRIPTOR = "(JJJJIJJ)J";

    /**
     * {@code long rules(long entry, long va, long attributes, int access, long modes, long pa)}:
     * the rule methods of nested pair classes, one per stage, which keep the packed attribute word
     * ({@link #packedCheckedAddress}).
     */
    static final String PACKED_CHECK_DESCRIPTOR = "(JJJIJJ)J";

    /** The private static twins of a folded fast walk ({@link RequiredBits}): the checked translate as it was. */
    static final String IN_FULL = "checkedTranslateInFull";

    /** {@code long requiredBits(int access, long modes)}: the entry bits the fast walk requires to be 1. */
    static final String REQUIRED_BITS = "requiredBits";

    /** {@code long testedBits(int access, long modes)}: the entry bits the fast walk tests (required to be 1 or 0). */
    static final String TESTED_BITS = "testedBits";

    /** Both masks' descriptor. */
    static final String BITS_DESCRIPTOR = "(IJ)J";

    /** {@code boolean remainingRulesAllow(long entry, long va, long and, long or, int access, long modes)}. */
    static final String REMAINING_RULES_ALLOW = "remainingRulesAllow";

    /** Its descriptor. */
    static final String REMAINING_DESCRIPTOR = "(JJJJIJ)Z";

    private static final GeneratedMethod.Overload[] OVERLOADS = {
        new GeneratedMethod.Overload(RuntimeTypes.TRANSLATE_1_ACCESS, 1),
        new GeneratedMethod.Overload(RuntimeTypes.TRANSLATE_N_ACCESS, GeneratedMethod.ANY_ROOTS),
        new GeneratedMethod.Overload(RuntimeTypes.TRANSLATE_2_ACCESS, 2)
    };

    private final WalkerIr ir;
    private final String owner;

    AccessTranslateEmitter(WalkerIr ir, String owner) {
        this.ir = ir;
        this.owner = owner;
    }

    void emit(ClassVisitor cv) {
        AttributeSteps steps = new AttributeSteps(owner);
        AccessGate plan = new AccessGate(ir, null);
        RequiredBits fold = RequiredBits.plan(ir, plan).orElse(null);
        if (fold == null) {
            GeneratedMethod.overloads(cv, ir, owner, "translate", (mv, registers, locals) -> body(mv, registers, locals, steps),
                    OVERLOADS);
        } else {
            GeneratedMethod.overloads(cv, ir, owner, "translate",
                    (mv, registers, locals) -> foldedBody(mv, registers, locals, steps, fold), OVERLOADS);
            for (GeneratedMethod.Overload o : OVERLOADS) {
                if (o.roots() == GeneratedMethod.ANY_ROOTS || o.roots() == ir.roots().size()) {
                    GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, IN_FULL, o.descriptor(), mv -> {
                        LocalSlots locals = LocalSlots.of(o.descriptor(), true);
                        body(mv, GeneratedMethod.registers(locals, o.roots()), locals, steps);
                    });
                }
            }
            GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, REQUIRED_BITS, BITS_DESCRIPTOR,
                    mv -> bits(mv, fold, fold.required()));
            if (fold.forbidsBits()) {
                GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, TESTED_BITS, BITS_DESCRIPTOR,
                        mv -> bits(mv, fold, fold.tested()));
            }
            if (fold.hasRemaining()) {
                GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, REMAINING_RULES_ALLOW, REMAINING_DESCRIPTOR,
                        mv -> remainingRulesAllow(mv, plan, fold));
            }
        }
        steps.emit(cv);
        if (!ir.permissions().isEmpty()) {
            GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, CHECKED_ADDRESS, CHECKED_ADDRESS_DESCRIPTOR, this::checkedAddress);
            if (new AccessGate(ir, null).hasFastTest()) {
                GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, EXACT_CHECKED_ADDRESS, CHECKED_ADDRESS_DESCRIPTOR,
                        this::exactCheckedAddress);
            }
        }
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "denyingRule", RuntimeTypes.DENYING_RULE, this::denyingRule);
    }

    /** Parameters: (mem, roots..., va, int access, long modes). */
    private void body(MethodVisitor mv, RootRegisters registers, LocalSlots locals, AttributeSteps steps) {
        int modesSlot = locals.lastParameter();
        int accessSlot = locals.fromEnd(1);
        int vaSlot = locals.fromEnd(2);
        int table = locals.newLong();
        int entry = locals.newLong();
        int acc = locals.newLong();
        int pa = locals.newLong();
        int accOr = locals.newLong();
        LevelBlockEmitter.Slots slots = new LevelBlockEmitter.Slots(locals.parameter(0), vaSlot, -1, table, entry, acc, pa);
        Label noMapping = new Label();
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
        AccessGate gate = new AccessGate(ir, steps, accOr);
        if (gate.readsAttributes()) {
            Constants.pushLong(mv, gate.raw() == null ? ir.attributeInit() : gate.raw().andInit());
            mv.visitVarInsn(LSTORE, acc);
        }
        if (gate.raw() != null) {
            Constants.pushLong(mv, gate.raw().orInit());
            mv.visitVarInsn(LSTORE, accOr);
        }
        Untag.emit(mv, ir, vaSlot, vaSlot);
        RootDispatchEmitter.emit(mv, ir, Operand.local(vaSlot), registers, table, noMapping);
        CheckOperands checks = CheckOperands.locals(acc, modesSlot, accessSlot);
        // Without rules this is the plain translate: every access is allowed.
        LevelBlockEmitter block = rules.isEmpty() ? new LevelBlockEmitter(mv, ir, slots, false, noMapping)
                : new LevelBlockEmitter(mv, ir, slots, noMapping, gate, checks);
        for (int i = 0; i < levels; i++) {
            Label next = new Label();
            block.emit(i, readStart[i], readEnd[i], next);
            mv.visitLabel(next);
        }
        if (!rules.isEmpty()) {
            // Every level block ends in a jump or return: only the leaves' jumps reach the check,
            // a tail call so that the rules take no room in this method.
            mv.visitLabel(gate.check());
            mv.visitVarInsn(LLOAD, entry);
            mv.visitVarInsn(LLOAD, vaSlot);
            if (gate.readsAttributes()) {
                mv.visitVarInsn(LLOAD, acc);
            } else {
                mv.visitInsn(LCONST_0);
            }
            if (gate.raw() != null) {
                mv.visitVarInsn(LLOAD, accOr);
            } else {
                mv.visitInsn(LCONST_0);
            }
            mv.visitVarInsn(ILOAD, accessSlot);
            mv.visitVarInsn(LLOAD, modesSlot);
            mv.visitVarInsn(LLOAD, pa);
            mv.visitMethodInsn(INVOKESTATIC, owner, CHECKED_ADDRESS, CHECKED_ADDRESS_DESCRIPTOR, false);
            mv.visitInsn(LRETURN);
        }
        mv.visitLabel(handler);
        mv.visitInsn(POP);
        mv.visitLabel(noMapping);
        Constants.pushLong(mv, -1L);
        mv.visitInsn(LRETURN);
    }

    /**
     * The access-checked translate with rules folded into the present test ({@link RequiredBits}):
     * the masks once, from the access and the modes; at each level one test of the entry against
     * them in place of its present test; at a leaf, the remaining rules' fast test, if any; and
     * whatever fails a test (an entry not present included) goes to the exact twin
     * {@code checkedTranslateInFull}, which walks again and decides.
     */
    private void foldedBody(MethodVisitor mv, RootRegisters registers, LocalSlots locals, AttributeSteps steps,
            RequiredBits fold) {
        int modesSlot = locals.lastParameter();
        int accessSlot = locals.fromEnd(1);
        int vaSlot = locals.fromEnd(2);
        int table = locals.newLong();
        int entry = locals.newLong();
        int acc = locals.newLong();
        int pa = locals.newLong();
        int accOr = locals.newLong();
        int required = locals.newLong();
        int tested = fold.forbidsBits() ? locals.newLong() : required;
        boolean kept = fold.anyPresentKept();
        int attributesRequired = kept ? locals.newLong() : required;
        int attributesTested = kept && fold.forbidsBits() ? locals.newLong() : attributesRequired;
        LevelBlockEmitter.Slots slots = new LevelBlockEmitter.Slots(locals.parameter(0), vaSlot, -1, table, entry, acc, pa);
        Label noMapping = new Label();
        Label handler = new Label();
        Label slow = new Label();
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
        AccessGate gate = new AccessGate(ir, steps, accOr);
        List<Expr> remaining = gate.remaining(fold);
        boolean keepsAnd = remaining.stream().anyMatch(e -> RequiredBits.reads(e, true));
        boolean keepsOr = remaining.stream().anyMatch(e -> RequiredBits.reads(e, false));
        // Calls, not inline code: the masks are a few bytes here, and C2 inlines them and, for a
        // constant access, folds them to constants.
        masks(mv, REQUIRED_BITS, accessSlot, modesSlot, required, attributesRequired, kept, fold);
        if (fold.forbidsBits()) {
            masks(mv, TESTED_BITS, accessSlot, modesSlot, tested, attributesTested, kept, fold);
        }
        if (keepsAnd) {
            Constants.pushLong(mv, gate.raw().andInit());
            mv.visitVarInsn(LSTORE, acc);
        }
        if (keepsOr) {
            Constants.pushLong(mv, gate.raw().orInit());
            mv.visitVarInsn(LSTORE, accOr);
        }
        Untag.emit(mv, ir, vaSlot, vaSlot);
        RootDispatchEmitter.emit(mv, ir, Operand.local(vaSlot), registers, table, noMapping);
        CheckOperands checks = CheckOperands.locals(acc, modesSlot, accessSlot);
        LevelBlockEmitter block = new LevelBlockEmitter(mv, ir, slots, noMapping, gate, checks,
                new LevelBlockEmitter.MaskTest(fold, tested, required, attributesTested, attributesRequired, slow,
                        keepsAnd, keepsOr));
        for (int i = 0; i < levels; i++) {
            Label next = new Label();
            block.emit(i, readStart[i], readEnd[i], next);
            mv.visitLabel(next);
        }
        mv.visitLabel(gate.check());
        if (fold.hasRemaining()) {
            mv.visitVarInsn(LLOAD, entry);
            mv.visitVarInsn(LLOAD, vaSlot);
            if (keepsAnd) {
                mv.visitVarInsn(LLOAD, acc);
            } else {
                mv.visitInsn(LCONST_0);
            }
            if (keepsOr) {
                mv.visitVarInsn(LLOAD, accOr);
            } else {
                mv.visitInsn(LCONST_0);
            }
            mv.visitVarInsn(ILOAD, accessSlot);
            mv.visitVarInsn(LLOAD, modesSlot);
            mv.visitMethodInsn(INVOKESTATIC, owner, REMAINING_RULES_ALLOW, REMAINING_DESCRIPTOR, false);
            mv.visitJumpInsn(IFEQ, slow);
        }
        mv.visitVarInsn(LLOAD, pa);
        mv.visitInsn(LRETURN);
        mv.visitLabel(handler);
        mv.visitInsn(POP);
        mv.visitLabel(noMapping);
        Constants.pushLong(mv, -1L);
        mv.visitInsn(LRETURN);
        // After the last return, so that no fast path falls into it; on the tree's line, as the twin starts over.
        mv.visitLabel(slow);
        RuntimeTypes.line(mv, ir.line());
        locals.loadParameters(mv);
        mv.visitMethodInsn(INVOKESTATIC, owner, IN_FULL, locals.descriptor(), false);
        mv.visitInsn(LRETURN);
    }

    /**
     * Stores {@code name(access, modes)} into {@code slot}; where some level keeps its present
     * test, that value without the present bit goes into {@code attributesSlot} and the present
     * bit is added here (the method includes it otherwise).
     */
    private void masks(MethodVisitor mv, String name, int accessSlot, int modesSlot, int slot, int attributesSlot,
            boolean kept, RequiredBits fold) {
        mv.visitVarInsn(ILOAD, accessSlot);
        mv.visitVarInsn(LLOAD, modesSlot);
        mv.visitMethodInsn(INVOKESTATIC, owner, name, BITS_DESCRIPTOR, false);
        if (kept) {
            mv.visitVarInsn(LSTORE, attributesSlot);
            if (fold.presentMask() == 0) {
                return;   // attributesSlot is slot: no level folds its present test
            }
            mv.visitVarInsn(LLOAD, attributesSlot);
            Constants.pushLong(mv, fold.presentMask());
            mv.visitInsn(LOR);
        }
        mv.visitVarInsn(LSTORE, slot);
    }

    /** {@code requiredBits} or {@code testedBits}: {@code mask} from the access and modes, with the present bit where every level folds it. */
    private void bits(MethodVisitor mv, RequiredBits fold, Expr mask) {
        LocalSlots locals = LocalSlots.of(BITS_DESCRIPTOR, true);
        ExprEmitter expr = new ExprEmitter(mv, Operand.unavailable("the entry"), Operand.unavailable("the address"),
                Operand.unavailable("a root register"), new CheckOperands(Operand.unavailable("the attribute word"),
                        Operand.local(locals.parameter(1)), locals.parameter(0)));
        expr.value(fold.anyPresentKept() ? mask
                : Simplifier.binary(Expr.BinaryOp.OR, mask, new Expr.Const(fold.presentMask())));
        mv.visitInsn(LRETURN);
    }

    /** {@code remainingRulesAllow}: true when no remaining rule, weakened, can deny on the fast walk. */
    private void remainingRulesAllow(MethodVisitor mv, AccessGate gate, RequiredBits fold) {
        LocalSlots locals = LocalSlots.of(REMAINING_DESCRIPTOR, true);
        Label slow = new Label();
        gate.emitRemaining(mv, expressions(mv, locals, gate), slow, fold);
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(slow);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(IRETURN);
    }

    /**
     * The permission check of every leaf: {@code pa} when no rule denies, else {@code DENIED}.
     * With a fast test ({@link AccessGate#hasFastTest()}) it is that test, returning {@code pa},
     * and a tail call of {@code exactCheckedAddress}, which tries the rules in full; else the
     * rules themselves.
     */
    private void checkedAddress(MethodVisitor mv) {
        AccessGate gate = new AccessGate(ir, null);
        if (!gate.hasFastTest()) {
            exactCheckedAddress(mv);
            return;
        }
        LocalSlots locals = LocalSlots.of(CHECKED_ADDRESS_DESCRIPTOR, true);
        Label slow = new Label();
        gate.emitFast(mv, expressions(mv, locals, gate), slow);
        mv.visitVarInsn(LLOAD, locals.parameter(6));
        mv.visitInsn(LRETURN);
        mv.visitLabel(slow);
        for (int i = 0; i < 7; i++) {
            mv.visitVarInsn(i == 4 ? ILOAD : LLOAD, locals.parameter(i));
        }
        mv.visitMethodInsn(INVOKESTATIC, owner, EXACT_CHECKED_ADDRESS, CHECKED_ADDRESS_DESCRIPTOR, false);
        mv.visitInsn(LRETURN);
    }

    /** The rules' inputs in the check; the raw {@code or} word stands for the register ({@link RawAttributes}). */
    private static ExprEmitter expressions(MethodVisitor mv, LocalSlots locals, AccessGate gate) {
        return new ExprEmitter(mv, Operand.local(locals.parameter(0)), Operand.local(locals.parameter(1)),
                gate.raw() != null ? Operand.local(locals.parameter(3)) : Operand.unavailable("a root register"),
                CheckOperands.locals(locals.parameter(2), locals.parameter(5), locals.parameter(4)));
    }

    /** The permission rules in order: {@code pa} when none denies, else {@code DENIED}. */
    private void exactCheckedAddress(MethodVisitor mv) {
        LocalSlots locals = LocalSlots.of(CHECKED_ADDRESS_DESCRIPTOR, true);
        AccessGate gate = new AccessGate(ir, null);
        addressUnlessDenied(mv, gate, expressions(mv, locals, gate), locals.parameter(6));
    }

    /**
     * The body of a {@link #PACKED_CHECK_DESCRIPTOR} method trying {@code ir}'s permission rules,
     * in order, over the packed attribute word: {@code pa} when none denies, else {@code DENIED}.
     * Nested pair classes emit one per stage under their own names.
     */
    static void packedCheckedAddress(MethodVisitor mv, WalkerIr ir) {
        LocalSlots locals = LocalSlots.of(PACKED_CHECK_DESCRIPTOR, true);
        ExprEmitter expr = new ExprEmitter(mv, Operand.local(locals.parameter(0)), Operand.local(locals.parameter(1)),
                Operand.unavailable("a root register"),
                CheckOperands.locals(locals.parameter(2), locals.parameter(4), locals.parameter(3)));
        addressUnlessDenied(mv, AccessGate.packed(ir.permissions(), null), expr, locals.parameter(5));
    }

    /** The rules of {@code gate} in order, then the address in long local {@code pa}; {@code DENIED} when one denies. */
    private static void addressUnlessDenied(MethodVisitor mv, AccessGate gate, ExprEmitter expr, int pa) {
        Label denied = new Label();
        gate.emit(mv, expr, denied);
        mv.visitVarInsn(LLOAD, pa);
        mv.visitInsn(LRETURN);
        mv.visitLabel(denied);
        Constants.pushLong(mv, DENIED);
        mv.visitInsn(LRETURN);
    }

    /** {@code int denyingRule(long entry, long attributes, int access, long modes)}. */
    private void denyingRule(MethodVisitor mv) {
        LocalSlots locals = LocalSlots.of(RuntimeTypes.DENYING_RULE, false);
        ExprEmitter expr = new ExprEmitter(mv, Operand.local(locals.parameter(0)), Operand.unavailable("the address"),
                Operand.unavailable("a root register"),
                CheckOperands.locals(locals.parameter(1), locals.parameter(3), locals.parameter(2)));
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
    }
}
