package org.ptdesc.compiler.codegen;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * The local variable slots of one generated method: its parameters' slots, worked out from the
 * method descriptor, and new locals handed out in order after them (a {@code long} takes two
 * slots). Emitters ask for slots by meaning instead of numbering them by hand.
 */
final class LocalSlots {

    private final String descriptor;
    private final int[] parameters;
    private final Type[] types;
    private int next;

    private LocalSlots(String descriptor, int[] parameters, Type[] types, int next) {
        this.descriptor = descriptor;
        this.parameters = parameters;
        this.types = types;
        this.next = next;
    }

    /** The slots of a method with {@code descriptor}; an instance method's {@code this} is slot 0. */
    static LocalSlots of(String descriptor, boolean isStatic) {
        Type[] arguments = Type.getArgumentTypes(descriptor);
        int[] slots = new int[arguments.length];
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < arguments.length; i++) {
            slots[i] = slot;
            slot += arguments[i].getSize();
        }
        return new LocalSlots(descriptor, slots, arguments, slot);
    }

    /** The slot of parameter {@code index} (0-based, not counting {@code this}). */
    int parameter(int index) {
        return parameters[index];
    }

    /** The slot of the last parameter. */
    int lastParameter() {
        return fromEnd(0);
    }

    /** The slot of the parameter {@code k} places before the last. */
    int fromEnd(int k) {
        return parameters[parameters.length - 1 - k];
    }

    /** The method's descriptor. */
    String descriptor() {
        return descriptor;
    }

    /** Pushes every parameter, in order (to pass them all on to another method). */
    void loadParameters(MethodVisitor mv) {
        for (int i = 0; i < parameters.length; i++) {
            mv.visitVarInsn(types[i].getOpcode(Opcodes.ILOAD), parameters[i]);
        }
    }

    /** A new {@code int} local. */
    int newInt() {
        return next++;
    }

    /** A new reference local. */
    int newReference() {
        return next++;
    }

    /** A new {@code long} local. */
    int newLong() {
        int slot = next;
        next += 2;
        return slot;
    }
}
