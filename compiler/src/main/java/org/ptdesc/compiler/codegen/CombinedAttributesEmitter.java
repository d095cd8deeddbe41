package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Combination;
import org.ptdesc.compiler.ir.PairCombination;

/**
 * Emits a pair class's combined attributes, for a stage 2 tree with {@code combined}
 * declarations: {@code combinedAttributes()} (their layout), {@code combinedAttributes(long
 * guestAttributes, long hostAttributes, long hostEntry)} (the guest input word filled by the
 * pair's moves, then each expression shifted into the combined word, as
 * {@link PairCombination#combine} computes it), and {@code translateDetailed}, which calls the
 * specialised detailed translation (emitted under {@link #STAGES}) and adds the combined word to
 * a mapped result. The specialised translation itself is left as it is, so the emitters that
 * build it need to know nothing of combined attributes.
 */
final class CombinedAttributesEmitter {

    /** The name the specialised detailed translation gets in a pair class with combined attributes. */
    static final String STAGES = "translateDetailedStages";

    private static final String COMBINE = "(JJJ)J";
    private static final String ATTRIBUTE_INFO = "org/ptdesc/runtime/TreeInfo$AttributeInfo";
    private static final String STRING = "Ljava/lang/String;";

    private final PairCombination pair;
    private final String owner;

    CombinedAttributesEmitter(PairCombination pair, String owner) {
        this.pair = pair;
        this.owner = owner;
    }

    /** {@code cv} with the detailed translation renamed to {@link #STAGES} and made private. */
    static ClassVisitor renamingDetailed(ClassVisitor cv) {
        return new ClassVisitor(ASM9, cv) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                if (name.equals("translateDetailed") && descriptor.equals(NestedTypes.DETAILED_N)) {
                    return super.visitMethod(ACC_PRIVATE | ACC_FINAL, STAGES, descriptor, signature, exceptions);
                }
                return super.visitMethod(access, name, descriptor, signature, exceptions);
            }

            @Override
            public void visitEnd() {
                // the pair class is ended by its generator, not by the emitter writing through this view
            }
        };
    }

    void emit(ClassVisitor cv) {
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "combinedAttributes", "()Ljava/util/List;", mv -> {
            InfoEmitter.list(mv, pair.combination().attributes(), this::attributeInfo);
            mv.visitInsn(ARETURN);
        });
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "combinedAttributes", COMBINE, this::combine);
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "translateDetailed", NestedTypes.DETAILED_N, this::detailed);
    }

    private void attributeInfo(MethodVisitor mv, Combination.Combined a) {
        InfoEmitter.construct(mv, ATTRIBUTE_INFO, "(" + STRING + "II" + STRING + "Z" + STRING + ")V", m -> {
            Constants.pushString(m, a.name());
            Constants.pushInt(m, a.offset());
            Constants.pushInt(m, a.width());
            Constants.pushString(m, "combined");
            Constants.pushInt(m, a.bool() ? 1 : 0);
            Constants.pushString(m, a.doc());
        });
    }

    /** Slots: this 0, guest attributes 1, stage 2 attributes 3, stage 2 entry 5, guest inputs 7. */
    private void combine(MethodVisitor mv) {
        int guestAttributes = 1;
        int hostAttributes = 3;
        int hostEntry = 5;
        int inputs = 7;
        Constants.pushLong(mv, 0);
        for (PairCombination.Move m : pair.moves()) {
            mv.visitVarInsn(LLOAD, guestAttributes);
            Constants.pushInt(mv, m.from());
            mv.visitInsn(LUSHR);
            Constants.pushLong(mv, m.width() == 64 ? -1L : (1L << m.width()) - 1);
            mv.visitInsn(LAND);
            Constants.pushInt(mv, m.to());
            mv.visitInsn(LSHL);
            mv.visitInsn(LOR);
        }
        mv.visitVarInsn(LSTORE, inputs);
        Constants.pushLong(mv, 0);
        ExprEmitter expressions = new ExprEmitter(mv, Operand.local(hostEntry), Operand.unavailable("the address"),
                Operand.unavailable("a root register"), new CheckOperands(Operand.local(hostAttributes),
                        Operand.unavailable("the mode word"), -1, Operand.local(inputs)));
        for (Combination.Combined a : pair.combination().attributes()) {
            expressions.value(a.value());
            Constants.pushInt(mv, a.offset());
            mv.visitInsn(LSHL);
            mv.visitInsn(LOR);
        }
        mv.visitInsn(LRETURN);
    }

    /** {@code r = translateDetailedStages(...); return r.mapped() ? r.withCombined(combinedAttributes(...)) : r;} */
    private void detailed(MethodVisitor mv) {
        String translation = org.ptdesc.compiler.codegen.RuntimeTypes.TRANSLATION;
        int r = 6;
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitVarInsn(ALOAD, 3);
        mv.visitVarInsn(LLOAD, 4);
        mv.visitMethodInsn(INVOKEVIRTUAL, owner, STAGES, NestedTypes.DETAILED_N, false);
        mv.visitVarInsn(ASTORE, r);
        Label failed = new Label();
        mv.visitVarInsn(ALOAD, r);
        mv.visitMethodInsn(INVOKEVIRTUAL, NestedTypes.NESTED_TRANSLATION, "mapped", "()Z", false);
        mv.visitJumpInsn(IFEQ, failed);
        mv.visitVarInsn(ALOAD, r);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, r);
        mv.visitMethodInsn(INVOKEVIRTUAL, NestedTypes.NESTED_TRANSLATION, "guest", "()L" + translation + ";", false);
        mv.visitMethodInsn(INVOKEVIRTUAL, translation, "attributes", "()J", false);
        mv.visitVarInsn(ALOAD, r);
        mv.visitMethodInsn(INVOKEVIRTUAL, NestedTypes.NESTED_TRANSLATION, "host", "()L" + translation + ";", false);
        mv.visitMethodInsn(INVOKEVIRTUAL, translation, "attributes", "()J", false);
        mv.visitVarInsn(ALOAD, r);
        mv.visitMethodInsn(INVOKEVIRTUAL, NestedTypes.NESTED_TRANSLATION, "host", "()L" + translation + ";", false);
        mv.visitMethodInsn(INVOKEVIRTUAL, translation, "entry", "()J", false);
        mv.visitMethodInsn(INVOKEVIRTUAL, owner, "combinedAttributes", COMBINE, false);
        mv.visitMethodInsn(INVOKEVIRTUAL, NestedTypes.NESTED_TRANSLATION, "withCombined",
                "(J)" + NestedTypes.NESTED_TRANSLATION_D, false);
        mv.visitInsn(ARETURN);
        mv.visitLabel(failed);
        mv.visitVarInsn(ALOAD, r);
        mv.visitInsn(ARETURN);
    }
}
