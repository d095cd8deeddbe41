package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.ptdesc.compiler.ir.PairCombination;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The code generator for nested pairs: compiles a guest (stage 1) tree and a stage 2 tree into
 * one class implementing {@link org.ptdesc.runtime.NestedWalker} for that pair alone.
 * {@code translate} and {@code translateDetailed} are specialised: the guest's level blocks with
 * the stage 2 levels inlined at each guest table read and at the final address
 * ({@link NestedTranslateEmitter}, {@link NestedDetailedTranslateEmitter}, {@link Stage2Inline}),
 * built from the same level blocks as the single-tree walkers, and so is the access-checked
 * {@code translate} ({@link NestedAccessTranslateEmitter}). {@code walk} is specialised too: a
 * method per guest level with the stage 2 levels inlined at each entry read, and the stage 2
 * tree's walk in the same class splitting guest pages ({@link NestedWalkEmitter}). The
 * access-checked {@code translateDetailed}, {@code guestInfo} and {@code hostInfo} come from
 * {@link org.ptdesc.runtime.NestedWalkers#compose} over the two trees' walkers, which the
 * constructor {@code (TreeWalker guest, TreeWalker host)} receives. When the stage 2 tree has
 * combined attributes, they are bound to the guest tree here ({@link PairCombination}) and
 * emitted by {@link CombinedAttributesEmitter}. Same IR, same bytes.
 */
public final class NestedWalkerGenerator {

    private static final String COMPOSED = "composed";

    private NestedWalkerGenerator() {}

    /**
     * The class file of the pair {@code guest} over {@code host}.
     *
     * @throws IllegalArgumentException if either IR breaks a guarantee of the checker ({@link IrPreconditions}),
     *     or, with the located errors, when the guest tree lacks an attribute the stage 2 tree's combined attributes read
     */
    public static byte[] generate(WalkerIr guest, WalkerIr host, String className) {
        StableClassWriter writer = new StableClassWriter();
        emit(guest, host, className, writer);
        return writer.toByteArray();
    }

    /** Emits the pair class into any class visitor that computes frames and maximums. */
    public static void emit(WalkerIr guest, WalkerIr host, String className, ClassVisitor cv) {
        IrPreconditions.check(guest);
        IrPreconditions.check(host);
        PairCombination combination = PairCombination.bind(guest, host);
        if (!combination.errors().isEmpty()) {
            throw new IllegalArgumentException(combination.renderErrors());
        }
        String owner = className.replace('.', '/');
        cv.visit(WalkerGenerator.CLASS_VERSION, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, owner, null, "java/lang/Object",
                new String[] {NestedTypes.NESTED_WALKER});
        if (guest.sourceFile() != null) {
            cv.visitSource(guest.sourceFile(), null);
        }
        cv.visitField(ACC_PRIVATE | ACC_FINAL, COMPOSED, NestedTypes.NESTED_WALKER_D, null, null).visitEnd();
        constructor(cv, owner);
        delegate(cv, owner, "guestInfo", NestedTypes.INFO, ARETURN);
        delegate(cv, owner, "hostInfo", NestedTypes.INFO, ARETURN);
        new NestedWalkEmitter(guest, host, owner).emit(cv);
        new NestedTranslateEmitter(guest, host, owner).emit(cv);
        if (combination.combination().isEmpty()) {
            new NestedDetailedTranslateEmitter(guest, host, owner).emit(cv);
        } else {
            new NestedDetailedTranslateEmitter(guest, host, owner).emit(CombinedAttributesEmitter.renamingDetailed(cv));
            new CombinedAttributesEmitter(combination, owner).emit(cv);
        }
        new NestedAccessTranslateEmitter(guest, host, owner).emit(cv);
        checkedDetailed(cv, owner, !combination.combination().isEmpty());
        RootCountError.emitHelper(cv, NestedTypes.GUEST_ROOT_COUNT_ERROR, guest.name(),
                guest.roots().stream().map(r -> r.register()).toList());
        RootCountError.emitHelper(cv, NestedTypes.HOST_ROOT_COUNT_ERROR, host.name(),
                host.roots().stream().map(r -> r.register()).toList());
        cv.visitEnd();
    }

    /**
     * The binary name a pair's class gets by default: the guest's walker class name without
     * {@code Walker}, {@code Over}, the stage 2 tree's likewise, then {@code NestedWalker}
     * ({@code org.ptdesc.generated.X86_64OverIntel_EptNestedWalker}).
     */
    public static String defaultClassName(WalkerIr guest, WalkerIr host) {
        return base(guest) + "Over" + base(host).substring(base(host).lastIndexOf('.') + 1) + "NestedWalker";
    }

    private static String base(WalkerIr ir) {
        String name = WalkerGenerator.defaultClassName(ir);
        return name.substring(0, name.length() - "Walker".length());
    }

    /** {@code (TreeWalker guest, TreeWalker host)}: keeps their generic composition for the trees' infos. */
    private static void constructor(ClassVisitor cv, String owner) {
        String descriptor = "(" + NestedTypes.TREE_WALKER_D + NestedTypes.TREE_WALKER_D + ")V";
        GeneratedMethod.emit(cv, ACC_PUBLIC, "<init>", descriptor, mv -> {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitVarInsn(ALOAD, 1);
            mv.visitVarInsn(ALOAD, 2);
            mv.visitMethodInsn(INVOKESTATIC, NestedTypes.NESTED_WALKERS, "compose",
                    "(" + NestedTypes.TREE_WALKER_D + NestedTypes.TREE_WALKER_D + ")" + NestedTypes.NESTED_WALKER_D, false);
            mv.visitFieldInsn(PUTFIELD, owner, COMPOSED, NestedTypes.NESTED_WALKER_D);
            mv.visitInsn(RETURN);
        });
    }

    /** A method that passes its arguments on to the composition. */
    /**
     * The access-checked {@code translateDetailed}: the composition's, with this pair's combined
     * word added to a mapped answer where the stage 2 tree declares combined attributes.
     */
    private static void checkedDetailed(ClassVisitor cv, String owner, boolean combined) {
        if (!combined) {
            delegate(cv, owner, "translateDetailed", NestedTypes.DETAILED_N_ACCESS, ARETURN);
            return;
        }
        String translation = "org/ptdesc/runtime/NestedTranslation";
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "translateDetailed", NestedTypes.DETAILED_N_ACCESS, mv -> {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, owner, COMPOSED, NestedTypes.NESTED_WALKER_D);
            int slot = 1;
            for (org.objectweb.asm.Type t : org.objectweb.asm.Type.getArgumentTypes(NestedTypes.DETAILED_N_ACCESS)) {
                mv.visitVarInsn(t.getOpcode(ILOAD), slot);
                slot += t.getSize();
            }
            mv.visitMethodInsn(INVOKEINTERFACE, NestedTypes.NESTED_WALKER, "translateDetailed",
                    NestedTypes.DETAILED_N_ACCESS, true);
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, translation, "combinedBy", "(" + NestedTypes.NESTED_WALKER_D + ")L"
                    + translation + ";", false);
            mv.visitInsn(ARETURN);
        });
    }

    private static void delegate(ClassVisitor cv, String owner, String name, String descriptor, int returnOpcode) {
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, name, descriptor, mv -> {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitFieldInsn(GETFIELD, owner, COMPOSED, NestedTypes.NESTED_WALKER_D);
            int slot = 1;
            for (org.objectweb.asm.Type t : org.objectweb.asm.Type.getArgumentTypes(descriptor)) {
                mv.visitVarInsn(t.getOpcode(ILOAD), slot);
                slot += t.getSize();
            }
            mv.visitMethodInsn(INVOKEINTERFACE, NestedTypes.NESTED_WALKER, name, descriptor, true);
            mv.visitInsn(returnOpcode);
        });
    }
}
