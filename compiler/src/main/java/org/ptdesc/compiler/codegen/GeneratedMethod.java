package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.function.Consumer;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
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
     * tree has as many roots as the overload takes (the array form always does), and otherwise a
     * throw of the root-count error.
     */
    static void overloads(ClassVisitor cv, WalkerIr ir, String owner, String name, Body body, Overload... overloads) {
        for (Overload o : overloads) {
            emit(cv, ACC_PUBLIC | ACC_FINAL, name, o.descriptor(), mv -> {
                if (o.roots() == ANY_ROOTS || o.roots() == ir.roots().size()) {
                    LocalSlots slots = LocalSlots.of(o.descriptor(), false);
                    body.emit(mv, registers(slots, o.roots()), slots);
                } else {
                    RootCountError.throwFor(mv, owner, o.roots());
                }
            });
        }
    }

    /** The root registers of an overload: the array parameter, or the {@code roots} long parameters. */
    private static RootRegisters registers(LocalSlots slots, int roots) {
        return switch (roots) {
            case ANY_ROOTS -> new RootRegisters.InArray(slots.parameter(1));
            case 1 -> new RootRegisters.InLocals(slots.parameter(1));
            default -> new RootRegisters.InLocals(slots.parameter(1), slots.parameter(2));
        };
    }
}
