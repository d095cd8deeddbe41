package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.encode.BitCopies;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.MapOutcome;

/**
 * The instruction sequences the mapper emitters share: reading and writing one entry of the
 * tree's size and byte order (calls to the final {@code PhysicalMemory}), applying
 * {@link BitCopies} as shifts and masks, unsigned minimum, and returning a {@link MapOutcome}.
 * The names of the generated helper methods live here too, so emitters agree on them.
 */
final class MapperOps {

    static final String MAPPER = "org/ptdesc/runtime/TreeMapper";
    static final String ALLOCATOR = "org/ptdesc/runtime/TableAllocator";
    static final String OUTCOME = "org/ptdesc/runtime/MapOutcome";
    static final String ALLOCATOR_D = "L" + ALLOCATOR + ";";
    static final String OUTCOME_D = "L" + OUTCOME + ";";
    static final String MEMORY_D = RuntimeTypes.MEMORY_D;

    /** {@code map$l(mem, table, first, last, delta, attributes, allowed, tables)}. */
    static final String MAP_LEVEL = "(" + MEMORY_D + "JJJJJI" + ALLOCATOR_D + ")" + OUTCOME_D;
    /** {@code unmap$l(mem, table, first, last, tables)}. */
    static final String UNMAP_LEVEL = "(" + MEMORY_D + "JJJ" + ALLOCATOR_D + ")" + OUTCOME_D;
    /** {@code protect$l(mem, table, first, last, attributes, allowed, tables)}. */
    static final String PROTECT_LEVEL = "(" + MEMORY_D + "JJJJI" + ALLOCATOR_D + ")" + OUTCOME_D;
    /** {@code newTable$l(mem, at, tables)}: the new table's address, -1 no memory, -2 not encodable. */
    static final String NEW_TABLE = "(" + MEMORY_D + "J" + ALLOCATOR_D + ")J";
    /** {@code split$l(mem, at, entry, rule, tables)}: as {@link #NEW_TABLE}. */
    static final String SPLIT = "(" + MEMORY_D + "JJI" + ALLOCATOR_D + ")J";
    /** {@code allocateTable$l(tables)}: a table for level l + 1 not yet pointed to, or -1/-2. */
    static final String ALLOCATE_TABLE = "(" + ALLOCATOR_D + ")J";
    /** {@code fill$l(mem, table, pa, word, tables)}: 0, or -1/-2. */
    static final String FILL = "(" + MEMORY_D + "JJJ" + ALLOCATOR_D + ")J";
    /** {@code release$l(mem, table, tables)}. */
    static final String RELEASE = "(" + MEMORY_D + "J" + ALLOCATOR_D + ")V";
    /** {@code empty$l(mem, table)}. */
    static final String EMPTY = "(" + MEMORY_D + "J)Z";

    /** Entry kinds in the code {@code rule$l} returns ({@code kind << 8 | rule index}). */
    static final int INVALID = 0;
    static final int TABLE = 1;
    static final int LEAF = 2;
    static final int OTHER = 3;

    private final MethodVisitor mv;
    private final WalkerIr ir;

    MapperOps(MethodVisitor mv, WalkerIr ir) {
        this.mv = mv;
        this.ir = ir;
    }

    /** Pushes the entry at the address in long local {@code at} (memory in local {@code mem}). */
    void read(int mem, int at) {
        mv.visitVarInsn(ALOAD, mem);
        mv.visitVarInsn(LLOAD, at);
        String name = (ir.entryBytes() == 8 ? "readLong" : "readInt") + (ir.bigEndian() ? "BigEndian" : "");
        mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.MEMORY, name, "(J)J", false);
    }

    /** Writes the long on the stack to the address in long local {@code at}; uses long local {@code scratch}. */
    void write(int mem, int at, int scratch) {
        mv.visitVarInsn(LSTORE, scratch);
        mv.visitVarInsn(ALOAD, mem);
        mv.visitVarInsn(LLOAD, at);
        mv.visitVarInsn(LLOAD, scratch);
        if (ir.entryBytes() == 8) {
            Constants.pushInt(mv, ir.bigEndian() ? 1 : 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.MEMORY, "writeLong", "(JJZ)V", false);
        } else {
            mv.visitInsn(L2I);
            Constants.pushInt(mv, ir.bigEndian() ? 1 : 0);
            mv.visitMethodInsn(INVOKEVIRTUAL, RuntimeTypes.MEMORY, "writeInt", "(JIZ)V", false);
        }
    }

    /** Replaces the long on the stack by {@code copies} applied to it; uses long local {@code scratch}. */
    void copies(BitCopies copies, int scratch) {
        mv.visitVarInsn(LSTORE, scratch);
        Constants.pushLong(mv, 0);
        for (BitCopies.Piece p : copies.pieces()) {
            mv.visitVarInsn(LLOAD, scratch);
            if (p.from() > 0) {
                Constants.pushInt(mv, p.from());
                mv.visitInsn(LUSHR);
            }
            Constants.pushLong(mv, p.width() >= 64 ? -1L : (1L << p.width()) - 1);
            mv.visitInsn(LAND);
            if (p.to() > 0) {
                Constants.pushInt(mv, p.to());
                mv.visitInsn(LSHL);
            }
            mv.visitInsn(LOR);
        }
    }

    /** Returns a failed outcome: {@code kind}, the address in long local {@code va}, {@code level}, the entry {@code entry} pushes. */
    void fail(MapOutcome.Kind kind, int va, int level, Runnable entry) {
        Constants.pushInt(mv, kind.ordinal());
        mv.visitVarInsn(LLOAD, va);
        Constants.pushInt(mv, level);
        entry.run();
        mv.visitMethodInsn(INVOKESTATIC, OUTCOME, "failed", "(IJIJ)" + OUTCOME_D, false);
        mv.visitInsn(ARETURN);
    }

    /** As {@link #fail(MapOutcome.Kind, int, int, Runnable)}, with the entry in long local {@code entry} (or 0 when negative). */
    void fail(MapOutcome.Kind kind, int va, int level, int entry) {
        fail(kind, va, level, () -> {
            if (entry < 0) {
                Constants.pushLong(mv, 0);
            } else {
                mv.visitVarInsn(LLOAD, entry);
            }
        });
    }

    /** Pushes {@link MapOutcome#OK}. */
    void ok() {
        mv.visitFieldInsn(GETSTATIC, OUTCOME, "OK", OUTCOME_D);
    }

    /** Jumps to {@code target} unless the outcome on the stack is {@link MapOutcome#OK} (which it leaves in {@code slot}). */
    void unlessOk(int slot, Label target) {
        mv.visitVarInsn(ASTORE, slot);
        mv.visitVarInsn(ALOAD, slot);
        ok();
        mv.visitJumpInsn(IF_ACMPNE, target);
    }

    /** Jumps to {@code target} when the unsigned longs in locals {@code a} and {@code b} compare with {@code op} (IFLT, IFLE, IFGT, IFGE). */
    void compareUnsigned(int a, int b, int op, Label target) {
        mv.visitVarInsn(LLOAD, a);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitVarInsn(LLOAD, b);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(op, target);
    }

    /**
     * Stores the long on the stack (a new table's address, or a negative failure code) in long
     * local {@code slot} and returns it from the method when it is negative.
     */
    void storeOrReturnFailure(int slot) {
        Label fine = new Label();
        mv.visitVarInsn(LSTORE, slot);
        mv.visitVarInsn(LLOAD, slot);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFGE, fine);
        mv.visitVarInsn(LLOAD, slot);
        mv.visitInsn(LRETURN);
        mv.visitLabel(fine);
    }

    /**
     * Runs {@code body} for every entry of the table whose address is in long local
     * {@code table}, in order: int local {@code index} counts the {@code entries} entries and long
     * local {@code at} holds the entry's address while {@code body} runs.
     */
    void forEachEntry(int table, int index, int at, int entries, Runnable body) {
        Label loop = new Label();
        Label done = new Label();
        Constants.pushInt(mv, 0);
        mv.visitVarInsn(ISTORE, index);
        mv.visitLabel(loop);
        mv.visitVarInsn(ILOAD, index);
        Constants.pushInt(mv, entries);
        mv.visitJumpInsn(IF_ICMPGE, done);
        mv.visitVarInsn(LLOAD, table);
        mv.visitVarInsn(ILOAD, index);
        mv.visitInsn(I2L);
        Constants.pushLong(mv, ir.entryBytes());
        mv.visitInsn(LMUL);
        mv.visitInsn(LADD);
        mv.visitVarInsn(LSTORE, at);
        body.run();
        mv.visitIincInsn(index, 1);
        mv.visitJumpInsn(GOTO, loop);
        mv.visitLabel(done);
    }

    /** Jumps to {@code target} when the longs in locals {@code a} and {@code b} differ. */
    void ifNotEqual(int a, int b, Label target) {
        mv.visitVarInsn(LLOAD, a);
        mv.visitVarInsn(LLOAD, b);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, target);
    }

    static String ruleMethod(int l) {
        return "rule$" + l;
    }

    static String name(String what, int l) {
        return what + "$" + l;
    }
}
