package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.MethodVisitor;

/**
 * The internal names and descriptors of the runtime contract ({@code org.ptdesc.runtime}) as the
 * generated code refers to them, and the memory read for each entry width and byte order.
 */
final class RuntimeTypes {

    static final String TREE_WALKER = "org/ptdesc/runtime/TreeWalker";
    static final String MEMORY = "org/ptdesc/runtime/PhysicalMemory";
    static final String UNREADABLE = "org/ptdesc/runtime/PhysicalMemory$Unreadable";
    static final String VISITOR = "org/ptdesc/runtime/WalkVisitor";
    static final String ACTION = "org/ptdesc/runtime/WalkVisitor$Action";
    static final String FAILURE = "org/ptdesc/runtime/Failure";
    static final String TRANSLATION = "org/ptdesc/runtime/Translation";
    static final String TREE_INFO = "org/ptdesc/runtime/TreeInfo";
    static final String LEAF_BATCH = "org/ptdesc/runtime/LeafBatch";
    static final String RUN_DECODER = "org/ptdesc/runtime/RunDecoder";

    static final String MEMORY_D = "L" + MEMORY + ";";
    static final String VISITOR_D = "L" + VISITOR + ";";
    static final String ACTION_D = "L" + ACTION + ";";
    static final String FAILURE_D = "L" + FAILURE + ";";
    static final String TRANSLATION_D = "L" + TRANSLATION + ";";
    static final String TREE_INFO_D = "L" + TREE_INFO + ";";

    static final String TRANSLATE_1 = "(" + MEMORY_D + "JJ)J";
    static final String TRANSLATE_N = "(" + MEMORY_D + "[JJ)J";
    static final String TRANSLATE_2 = "(" + MEMORY_D + "JJJ)J";
    static final String TRANSLATE_1_ACCESS = "(" + MEMORY_D + "JJIJ)J";
    static final String TRANSLATE_N_ACCESS = "(" + MEMORY_D + "[JJIJ)J";
    static final String TRANSLATE_2_ACCESS = "(" + MEMORY_D + "JJJIJ)J";
    /** denyingRule(entry, attributes, access, modes) -> rule index or -1. */
    static final String DENYING_RULE = "(JJIJ)I";
    static final String DETAILED_1 = "(" + MEMORY_D + "JJ)" + TRANSLATION_D;
    static final String DETAILED_N = "(" + MEMORY_D + "[JJ)" + TRANSLATION_D;
    static final String WALK_1 = "(" + MEMORY_D + "JJJ" + VISITOR_D + ")V";
    static final String WALK_N = "(" + MEMORY_D + "[JJJ" + VISITOR_D + ")V";
    static final String WALK_2 = "(" + MEMORY_D + "JJJJ" + VISITOR_D + ")V";
    static final String WALK_BATCHED_1 = "(" + MEMORY_D + "JJJL" + LEAF_BATCH + ";)V";
    static final String WALK_BATCHED_N = "(" + MEMORY_D + "[JJJL" + LEAF_BATCH + ";)V";
    /** A level's walk method: (mem, table, first, last, visitor, attributes) -> continue? */
    static final String WALK_LEVEL = "(" + MEMORY_D + "JJJ" + VISITOR_D + "J)Z";

    private RuntimeTypes() {}

    /** The name of the {@link org.ptdesc.runtime.PhysicalMemory} read for an entry. */
    static String readMethod(int entryBytes, boolean bigEndian) {
        return switch (entryBytes) {
            case 8 -> bigEndian ? "readLongBigEndian" : "readLong";
            case 4 -> bigEndian ? "readIntBigEndian" : "readInt";
            default -> throw new IllegalArgumentException("entries of " + entryBytes + " bytes");
        };
    }

    /** Emits the read of the entry at the address on the stack, below which lies the memory. */
    static void read(MethodVisitor mv, int entryBytes, boolean bigEndian) {
        mv.visitMethodInsn(INVOKEVIRTUAL, MEMORY, readMethod(entryBytes, bigEndian), "(J)J", false);
    }

    static final String SEGMENT_D = "Ljava/lang/foreign/MemorySegment;";
    /** {@code PhysicalMemory.flatSegmentOrNull()}. */
    static final String FLAT_SEGMENT = "flatSegmentOrNull";
    static final String FLAT_SEGMENT_DESCRIPTOR = "()" + SEGMENT_D;
    /** {@code PhysicalMemory.flatLimit(segment, width)}. */
    static final String FLAT_LIMIT = "flatLimit";
    static final String FLAT_LIMIT_DESCRIPTOR = "(" + SEGMENT_D + "J)J";
    /** The flat reads: (segment, limit, pa) -> entry. */
    static final String FLAT_READ_DESCRIPTOR = "(" + SEGMENT_D + "JJ)J";

    /**
     * Emits the read of an entry from a flat segment: the segment, its {@code flatLimit} and the
     * address on the stack; what {@link #read} reads on the same memory.
     */
    static void readFlat(MethodVisitor mv, int entryBytes, boolean bigEndian) {
        String name = "readFlat" + readMethod(entryBytes, bigEndian).substring("read".length());
        mv.visitMethodInsn(INVOKESTATIC, MEMORY, name, FLAT_READ_DESCRIPTOR, false);
    }

    /** Pushes a {@link org.ptdesc.runtime.Failure} constant. */
    static void failure(MethodVisitor mv, org.ptdesc.runtime.Failure failure) {
        mv.visitFieldInsn(GETSTATIC, FAILURE, failure.name(), FAILURE_D);
    }

    /** Emits a line number entry for the next instruction, if the IR has one. */
    static void line(MethodVisitor mv, int line) {
        if (line > 0) {
            org.objectweb.asm.Label here = new org.objectweb.asm.Label();
            mv.visitLabel(here);
            mv.visitLineNumber(line, here);
        }
    }
}
