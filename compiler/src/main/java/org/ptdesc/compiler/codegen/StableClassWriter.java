package org.ptdesc.compiler.codegen;

import org.objectweb.asm.ClassWriter;

/**
 * A {@link ClassWriter} that computes frames without loading classes. ASM's default
 * {@link #getCommonSuperClass} loads both types through a class loader, which would tie code
 * generation to whatever is on the class path; the generated code never merges two different
 * reference types in one variable or stack slot except where {@code Object} is the correct
 * answer, so this answer needs no loading and gives the same bytes on every machine.
 */
final class StableClassWriter extends ClassWriter {

    StableClassWriter() {
        super(COMPUTE_FRAMES);
    }

    @Override
    protected String getCommonSuperClass(String type1, String type2) {
        return type1.equals(type2) ? type1 : "java/lang/Object";
    }
}
