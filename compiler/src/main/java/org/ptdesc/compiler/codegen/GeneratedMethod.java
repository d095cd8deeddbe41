package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.function.Consumer;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * The scaffolding every emitted method shares: open the method, let the emitter write its body,
 * and close it with the maxs and frames computed by ASM's {@code ClassWriter}. The public entry
 * points ({@code translate}, {@code translateDetailed}, {@code walk}) come in overloads by root
 * count; {@link #overloads} writes the body when the tree has that many roots and otherwise a
 * throw of the root-count error, so that no emitter repeats that choice.
 */
final class GeneratedMethod {

    /** The {@code long[] roots} overload, which fits every tree. */
    static final int ANY_ROOTS = 0;

    private GeneratedMethod() {}

    /** Emits one method whose body {@code body} writes. */
    static void emit(ClassVisitor cv, int access, String name, String descriptor, Consumer<MethodVisitor> body) {
        MethodVisitor mv = cv.visitMethod(access, name, descriptor, null, null);
        mv.visitCode();
        body.accept(mv);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** One overload: its descriptor and how many separate root registers it takes ({@link #ANY_ROOTS}: an array). */
    record Overload(String descriptor, int roots) {}

    /** The body of a public entry point, given where its root registers are and its slots. */
    @FunctionalInterface
    interface Body {
        void emit(MethodVisitor mv, RootRegisters registers, LocalSlots slots);
    }

    /**
     * Emits the public final overloads of {@code name}, in order. Each gets {@code body} when the
     * tree has as many roots as the overload takes, and otherwise a throw of the root-count error.
     * The array form gets {@code body} only when no overload takes the tree's roots one by one;
     * otherwise it checks the array's length and forwards to that overload ({@link #forward}), so
     * the body is emitted once and the array form stays a few bytes (a caller's JIT inlines both).
     */
    static void overloads(ClassVisitor cv, WalkerIr ir, String owner, String name, Body body, Overload... overloads) {
        Overload target = separate(ir, overloads);
        for (Overload o : overloads) {
            emit(cv, ACC_PUBLIC | ACC_FINAL, name, o.descriptor(), mv -> {
                if (getsBody(ir, o, overloads)) {
                    LocalSlots slots = LocalSlots.of(o.descriptor(), false);
                    body.emit(mv, registers(slots, o.roots()), slots);
                } else if (o.roots() == ANY_ROOTS) {
                    forward(mv, ir, owner, name, o.descriptor(), target.descriptor());
                } else {
                    RootCountError.throwFor(mv, owner, o.roots());
                }
            });
        }
    }

    /**
     * Whether {@link #overloads} gives {@code o} the body: the overload that takes the tree's
     * roots one by one, or the array form when no overload does (else the array form forwards,
     * and the others throw the root-count error).
     */
    static boolean getsBody(WalkerIr ir, Overload o, Overload... overloads) {
        return o.roots() == ir.roots().size() || o.roots() == ANY_ROOTS && separate(ir, overloads) == null;
    }

    /** The overload that takes the tree's roots one by one, or null. */
    private static Overload separate(WalkerIr ir, Overload... overloads) {
        Overload separate = null;
        for (Overload o : overloads) {
            if (o.roots() == ir.roots().size()) {
                separate = o;
            }
        }
        return separate;
    }

    /**
     * The array form of an entry point that also takes the roots one by one: the array's length
     * is checked (the root-count error otherwise), then {@code this.name(memory, roots[0], ...,
     * rest)} is called and its value returned. The array is the second parameter, as in every
     * entry point.
     */
    static void forward(MethodVisitor mv, WalkerIr ir, String owner, String name, String arrayDescriptor,
            String separateDescriptor) {
        int roots = ir.roots().size();
        // On the tree's line, as the other entry points start: a stack trace lands on the descriptor.
        RuntimeTypes.line(mv, ir.line());
        LocalSlots slots = LocalSlots.of(arrayDescriptor, false);
        Type[] arguments = Type.getArgumentTypes(arrayDescriptor);
        new RootRegisters.InArray(slots.parameter(1)).checkCount(mv, owner, roots);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, slots.parameter(0));
        for (int i = 0; i < roots; i++) {
            mv.visitVarInsn(ALOAD, slots.parameter(1));
            Constants.pushInt(mv, i);
            mv.visitInsn(LALOAD);
        }
        for (int i = 2; i < arguments.length; i++) {
            mv.visitVarInsn(arguments[i].getOpcode(ILOAD), slots.parameter(i));
        }
        mv.visitMethodInsn(INVOKEVIRTUAL, owner, name, separateDescriptor, false);
        mv.visitInsn(Type.getReturnType(arrayDescriptor).getOpcode(IRETURN));
    }

    /** The root registers of an overload: the array parameter, or the {@code roots} long parameters. */
    static RootRegisters registers(LocalSlots slots, int roots) {
        return switch (roots) {
            case ANY_ROOTS -> new RootRegisters.InArray(slots.parameter(1));
            case 1 -> new RootRegisters.InLocals(slots.parameter(1));
            default -> new RootRegisters.InLocals(slots.parameter(1), slots.parameter(2));
        };
    }
}
