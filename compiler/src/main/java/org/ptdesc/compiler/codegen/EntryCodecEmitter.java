package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits one level's entry codec as small static methods of the mapper class: {@code rule$l}
 * (which rule an entry matches, as {@code kind << 8 | index}: the walker's rule chain),
 * {@code tableAddress$l}, {@code leafAddress$l} and {@code leafWord$l} (decoding, through the
 * one {@link ExprEmitter}), {@code encodeLeaf$l} and {@code encodeTable$l} (the derived
 * encodings as shifts and masks), {@code leafOk$l} (can a leaf here carry this attribute
 * word: encode it, decode it back), and the table operations {@code newTable$l},
 * {@code split$l} and {@code empty$l}. Each mirrors the mapper interpreter's step of the same
 * name, in the same order, so both write the same bytes.
 */
final class EntryCodecEmitter {

    private static final Operand NO_VA = mv -> Constants.pushLong(mv, 0);

    private final MapperIr m;
    private final WalkerIr ir;
    private final String owner;
    private final int l;
    private final Level level;
    private final MapperIr.LevelEncoding enc;

    EntryCodecEmitter(MapperIr m, String owner, int l) {
        this.m = m;
        this.ir = m.tree();
        this.owner = owner;
        this.l = l;
        this.level = ir.levels().get(l);
        this.enc = m.levels().get(l);
    }

    void emit(ClassVisitor cv) {
        int access = ACC_PRIVATE | ACC_STATIC;
        GeneratedMethod.emit(cv, access, MapperOps.ruleMethod(l), "(J)I", this::rule);
        GeneratedMethod.emit(cv, access, MapperOps.name("tableAddress", l), "(JI)J", mv -> decode(mv, Rule.Table.class));
        GeneratedMethod.emit(cv, access, MapperOps.name("leafAddress", l), "(JI)J", mv -> decode(mv, Rule.Leaf.class));
        GeneratedMethod.emit(cv, access, MapperOps.name("leafWord", l), "(JI)J", this::leafWord);
        GeneratedMethod.emit(cv, access, MapperOps.name("encodeLeaf", l), "(JJ)J", this::encodeLeaf);
        GeneratedMethod.emit(cv, access, MapperOps.name("encodeTable", l), "(J)J", this::encodeTable);
        GeneratedMethod.emit(cv, access, MapperOps.name("leafOk", l), "(J)Z", this::leafOk);
        GeneratedMethod.emit(cv, access, MapperOps.name("allocateTable", l), MapperOps.ALLOCATE_TABLE, this::allocateTable);
        GeneratedMethod.emit(cv, access, MapperOps.name("newTable", l), MapperOps.NEW_TABLE, this::newTable);
        GeneratedMethod.emit(cv, access, MapperOps.name("split", l), MapperOps.SPLIT, this::split);
        GeneratedMethod.emit(cv, access, MapperOps.name("fill", l), MapperOps.FILL, this::fill);
        GeneratedMethod.emit(cv, access, MapperOps.name("release", l), MapperOps.RELEASE, this::release);
        GeneratedMethod.emit(cv, access, MapperOps.name("empty", l), MapperOps.EMPTY, this::empty);
    }

    /** The rule chain: the first rule whose condition holds gives {@code kind << 8 | index}. */
    private void rule(MethodVisitor mv) {
        ExprEmitter x = new ExprEmitter(mv, Operand.local(0), NO_VA, Operand.unavailable("a root register"));
        for (int k = 0; k < level.rules().size(); k++) {
            Rule r = level.rules().get(k);
            Label next = new Label();
            x.jump(r.condition(), false, next);
            Constants.pushInt(mv, kind(r) << 8 | k);
            mv.visitInsn(IRETURN);
            mv.visitLabel(next);
        }
        Constants.pushInt(mv, MapperOps.OTHER << 8 | 255);
        mv.visitInsn(IRETURN);
    }

    static int kind(Rule r) {
        return switch (r) {
            case Rule.Invalid i -> MapperOps.INVALID;
            case Rule.Table t -> MapperOps.TABLE;
            case Rule.Leaf f -> MapperOps.LEAF;
            case Rule.Fault f -> MapperOps.OTHER;
        };
    }

    /** The address of the table or leaf rule whose index is the int parameter. */
    private void decode(MethodVisitor mv, Class<? extends Rule> type) {
        ExprEmitter x = new ExprEmitter(mv, Operand.local(0), NO_VA, Operand.unavailable("a root register"));
        for (int k = 0; k < level.rules().size(); k++) {
            Rule r = level.rules().get(k);
            if (!type.isInstance(r)) {
                continue;
            }
            Label next = new Label();
            mv.visitVarInsn(ILOAD, 2);
            Constants.pushInt(mv, k);
            mv.visitJumpInsn(IF_ICMPNE, next);
            x.value(r instanceof Rule.Table t ? t.address() : ((Rule.Leaf) r).address());
            mv.visitInsn(LRETURN);
            mv.visitLabel(next);
        }
        Constants.pushLong(mv, 0);
        mv.visitInsn(LRETURN);
    }

    /** A leaf's attribute word under permissive tables: {@code (init & keep) | put}. */
    private void leafWord(MethodVisitor mv) {
        ExprEmitter x = new ExprEmitter(mv, Operand.local(0), NO_VA, Operand.unavailable("a root register"));
        for (int k = 0; k < level.rules().size(); k++) {
            if (!(level.rules().get(k) instanceof Rule.Leaf leaf)) {
                continue;
            }
            Label next = new Label();
            mv.visitVarInsn(ILOAD, 2);
            Constants.pushInt(mv, k);
            mv.visitJumpInsn(IF_ICMPNE, next);
            Constants.pushLong(mv, ir.attributeInit());
            x.value(leaf.attributes().keep());
            mv.visitInsn(LAND);
            x.value(leaf.attributes().put());
            mv.visitInsn(LOR);
            mv.visitInsn(LRETURN);
            mv.visitLabel(next);
        }
        Constants.pushLong(mv, 0);
        mv.visitInsn(LRETURN);
    }

    /** {@code base | address(pa) | attributes(word ^ zeroWord)}; pa in slot 0, word in 2. */
    private void encodeLeaf(MethodVisitor mv) {
        MapperIr.RuleEncoding e = enc.leaf();
        if (e == null) {
            Constants.pushLong(mv, 0);
            mv.visitInsn(LRETURN);
            return;
        }
        MapperOps ops = new MapperOps(mv, ir);
        Constants.pushLong(mv, e.base());
        mv.visitVarInsn(LLOAD, 0);
        ops.copies(e.address(), 4);
        mv.visitInsn(LOR);
        mv.visitVarInsn(LLOAD, 2);
        Constants.pushLong(mv, e.zeroWord());
        mv.visitInsn(LXOR);
        ops.copies(e.attributes(), 4);
        mv.visitInsn(LOR);
        mv.visitInsn(LRETURN);
    }

    private void encodeTable(MethodVisitor mv) {
        MapperIr.RuleEncoding e = enc.table();
        if (e == null) {
            Constants.pushLong(mv, 0);
            mv.visitInsn(LRETURN);
            return;
        }
        Constants.pushLong(mv, e.base());
        mv.visitVarInsn(LLOAD, 0);
        new MapperOps(mv, ir).copies(e.address(), 2);
        mv.visitInsn(LOR);
        mv.visitInsn(LRETURN);
    }

    /** Can a leaf here carry the word in slot 0: it reaches it, and the encoded entry decodes back to it. */
    private void leafOk(MethodVisitor mv) {
        MapperIr.RuleEncoding e = enc.leaf();
        Label no = new Label();
        if (e == null) {
            Constants.pushInt(mv, 0);
            mv.visitInsn(IRETURN);
            return;
        }
        mv.visitVarInsn(LLOAD, 0);
        Constants.pushLong(mv, e.zeroWord());
        mv.visitInsn(LXOR);
        Constants.pushLong(mv, ~e.attributes().sourceMask());
        mv.visitInsn(LAND);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, no);
        Constants.pushLong(mv, 0);
        mv.visitVarInsn(LLOAD, 0);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("encodeLeaf", l), "(JJ)J", false);
        mv.visitVarInsn(LSTORE, 2);
        mv.visitVarInsn(LLOAD, 2);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.ruleMethod(l), "(J)I", false);
        Constants.pushInt(mv, MapperOps.LEAF << 8 | e.rule());
        mv.visitJumpInsn(IF_ICMPNE, no);
        mv.visitVarInsn(LLOAD, 2);
        Constants.pushInt(mv, e.rule());
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("leafWord", l), "(JI)J", false);
        mv.visitVarInsn(LLOAD, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, no);
        Constants.pushInt(mv, 1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(no);
        Constants.pushInt(mv, 0);
        mv.visitInsn(IRETURN);
    }

    /** tables 0; locals next 1, entry 3, scratch 5: a table for level l + 1, not yet pointed to. */
    private void allocateTable(MethodVisitor mv) {
        MapperIr.RuleEncoding t = enc.table();
        if (t == null || l + 1 >= ir.levels().size()) {
            Constants.pushLong(mv, -2);
            mv.visitInsn(LRETURN);
            return;
        }
        MapperIr.LevelEncoding below = m.levels().get(l + 1);
        MapperOps ops = new MapperOps(mv, ir);
        Label allocated = new Label();
        Label refuse = new Label();
        mv.visitVarInsn(ALOAD, 0);
        Constants.pushLong(mv, below.tableBytes());
        Constants.pushLong(mv, below.tableAlignment());
        mv.visitMethodInsn(INVOKEINTERFACE, MapperOps.ALLOCATOR, "allocate", "(JJ)J", true);
        mv.visitVarInsn(LSTORE, 1);
        mv.visitVarInsn(LLOAD, 1);
        Constants.pushLong(mv, -1);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, allocated);
        Constants.pushLong(mv, -1);
        mv.visitInsn(LRETURN);
        mv.visitLabel(allocated);
        mv.visitVarInsn(LLOAD, 1);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("encodeTable", l), "(J)J", false);
        mv.visitVarInsn(LSTORE, 3);
        // Decode what would be written: some trees reserve table addresses (radix64).
        mv.visitVarInsn(LLOAD, 1);
        Constants.pushLong(mv, ~t.address().sourceMask());
        mv.visitInsn(LAND);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, refuse);
        mv.visitVarInsn(LLOAD, 3);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.ruleMethod(l), "(J)I", false);
        Constants.pushInt(mv, MapperOps.TABLE << 8 | t.rule());
        mv.visitJumpInsn(IF_ICMPNE, refuse);
        mv.visitVarInsn(LLOAD, 3);
        Constants.pushInt(mv, t.rule());
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("tableAddress", l), "(JI)J", false);
        mv.visitVarInsn(LSTORE, 5);
        ops.ifNotEqual(5, 1, refuse);
        mv.visitVarInsn(LLOAD, 1);
        mv.visitInsn(LRETURN);
        mv.visitLabel(refuse);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(LLOAD, 1);
        Constants.pushLong(mv, below.tableBytes());
        mv.visitMethodInsn(INVOKEINTERFACE, MapperOps.ALLOCATOR, "free", "(JJ)V", true);
        Constants.pushLong(mv, -2);
        mv.visitInsn(LRETURN);
    }

    /** mem 0, at 1, tables 3; locals next 4, scratch 6: a new table pointed to from the entry at {@code at}. */
    private void newTable(MethodVisitor mv) {
        MapperOps ops = new MapperOps(mv, ir);
        mv.visitVarInsn(ALOAD, 3);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("allocateTable", l), MapperOps.ALLOCATE_TABLE, false);
        ops.storeOrReturnFailure(4);
        mv.visitVarInsn(LLOAD, 4);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("encodeTable", l), "(J)J", false);
        ops.write(0, 1, 6);
        mv.visitVarInsn(LLOAD, 4);
        mv.visitInsn(LRETURN);
    }

    /** The first level below this one with leaves, or -1. */
    private int target() {
        for (int k = l + 1; k < ir.levels().size(); k++) {
            if (m.levels().get(k).leaf() != null) {
                return k;
            }
        }
        return -1;
    }

    /**
     * mem 0, at 1, entry 3, rule 5, tables 6; locals word 7, pa 9, next 11, filled 13, scratch 15.
     * The subtree is built first and pointed to last; a failure frees it.
     */
    private void split(MethodVisitor mv) {
        int target = target();
        boolean tables = target > 0;
        for (int k = l; tables && k < target; k++) {
            tables = m.levels().get(k).table() != null;
        }
        if (!tables) {
            Constants.pushLong(mv, -2);
            mv.visitInsn(LRETURN);
            return;
        }
        MapperIr.RuleEncoding small = m.levels().get(target).leaf();
        MapperOps ops = new MapperOps(mv, ir);
        Label refuse = new Label();
        mv.visitVarInsn(LLOAD, 3);
        mv.visitVarInsn(ILOAD, 5);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("leafWord", l), "(JI)J", false);
        mv.visitVarInsn(LSTORE, 7);
        mv.visitVarInsn(LLOAD, 3);
        mv.visitVarInsn(ILOAD, 5);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("leafAddress", l), "(JI)J", false);
        mv.visitVarInsn(LSTORE, 9);
        // Every small page must be writable before anything changes (x86 PSE-36).
        mv.visitVarInsn(LLOAD, 7);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("leafOk", target), "(J)Z", false);
        mv.visitJumpInsn(IFEQ, refuse);
        mv.visitVarInsn(LLOAD, 9);
        Constants.pushLong(mv, ~small.address().sourceMask());
        mv.visitInsn(LAND);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, refuse);
        mv.visitVarInsn(LLOAD, 9);
        Constants.pushLong(mv, level.span() - ir.levels().get(target).span());
        mv.visitInsn(LADD);
        Constants.pushLong(mv, ~small.address().sourceMask());
        mv.visitInsn(LAND);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, refuse);
        mv.visitVarInsn(ALOAD, 6);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("allocateTable", l), MapperOps.ALLOCATE_TABLE, false);
        ops.storeOrReturnFailure(11);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(LLOAD, 11);
        mv.visitVarInsn(LLOAD, 9);
        mv.visitVarInsn(LLOAD, 7);
        mv.visitVarInsn(ALOAD, 6);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("fill", l + 1), MapperOps.FILL, false);
        mv.visitVarInsn(LSTORE, 13);
        Label filled = new Label();
        mv.visitVarInsn(LLOAD, 13);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFGE, filled);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(LLOAD, 11);
        mv.visitVarInsn(ALOAD, 6);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("release", l + 1), MapperOps.RELEASE, false);
        mv.visitVarInsn(LLOAD, 13);
        mv.visitInsn(LRETURN);
        mv.visitLabel(filled);
        mv.visitVarInsn(LLOAD, 11);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("encodeTable", l), "(J)J", false);
        ops.write(0, 1, 15);
        mv.visitVarInsn(LLOAD, 11);
        mv.visitInsn(LRETURN);
        mv.visitLabel(refuse);
        Constants.pushLong(mv, -2);
        mv.visitInsn(LRETURN);
    }

    /**
     * mem 0, table 1, pa 3, word 5, tables 7; locals i 8 (int), at 9, child 11, filled 13,
     * scratch 15. Fills this level's new table: leaves when the level has them, else a new table
     * per entry, filled in turn. 0, or -1/-2.
     */
    private void fill(MethodVisitor mv) {
        MapperIr.RuleEncoding leaf = enc.leaf();
        if (leaf == null && (enc.table() == null || l + 1 >= ir.levels().size())) {
            Constants.pushLong(mv, -2);
            mv.visitInsn(LRETURN);
            return;
        }
        MapperOps ops = new MapperOps(mv, ir);
        ops.forEachEntry(1, 8, 9, level.entries(), () -> {
            if (leaf != null) {
                pageAt(mv);
                mv.visitVarInsn(LLOAD, 5);
                mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("encodeLeaf", l), "(JJ)J", false);
                ops.write(0, 9, 15);
            } else {
                mv.visitVarInsn(ALOAD, 7);
                mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("allocateTable", l), MapperOps.ALLOCATE_TABLE, false);
                ops.storeOrReturnFailure(11);
                mv.visitVarInsn(LLOAD, 11);
                mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("encodeTable", l), "(J)J", false);
                ops.write(0, 9, 15);
                mv.visitVarInsn(ALOAD, 0);
                mv.visitVarInsn(LLOAD, 11);
                pageAt(mv);
                mv.visitVarInsn(LLOAD, 5);
                mv.visitVarInsn(ALOAD, 7);
                mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("fill", l + 1), MapperOps.FILL, false);
                ops.storeOrReturnFailure(13);
            }
        });
        Constants.pushLong(mv, 0);
        mv.visitInsn(LRETURN);
    }

    /** Pushes {@code pa + i * span} (pa in slot 3, i in slot 8). */
    private void pageAt(MethodVisitor mv) {
        mv.visitVarInsn(LLOAD, 3);
        mv.visitVarInsn(ILOAD, 8);
        mv.visitInsn(I2L);
        Constants.pushLong(mv, level.span());
        mv.visitInsn(LMUL);
        mv.visitInsn(LADD);
    }

    /** mem 0, table 1, tables 3; locals i 4 (int), at 5, entry 7: frees a failed split's new tables. */
    private void release(MethodVisitor mv) {
        MapperIr.RuleEncoding pointer = enc.table();
        if (enc.leaf() == null && pointer != null && l + 1 < ir.levels().size()) {
            MapperOps ops = new MapperOps(mv, ir);
            ops.forEachEntry(1, 4, 5, level.entries(), () -> {
                Label next = new Label();
                ops.read(0, 5);
                mv.visitVarInsn(LSTORE, 7);
                mv.visitVarInsn(LLOAD, 7);
                Constants.pushLong(mv, enc.invalidEntry());
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFEQ, next);
                mv.visitVarInsn(ALOAD, 0);
                mv.visitVarInsn(LLOAD, 7);
                Constants.pushInt(mv, pointer.rule());
                mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("tableAddress", l), "(JI)J", false);
                mv.visitVarInsn(ALOAD, 3);
                mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("release", l + 1), MapperOps.RELEASE, false);
                mv.visitLabel(next);
            });
        }
        mv.visitVarInsn(ALOAD, 3);
        mv.visitVarInsn(LLOAD, 1);
        Constants.pushLong(mv, enc.tableBytes());
        mv.visitMethodInsn(INVOKEINTERFACE, MapperOps.ALLOCATOR, "free", "(JJ)V", true);
        mv.visitInsn(RETURN);
    }

    /** mem 0, table 1; locals i 3 (int), at 4. */
    private void empty(MethodVisitor mv) {
        MapperOps ops = new MapperOps(mv, ir);
        Label no = new Label();
        ops.forEachEntry(1, 3, 4, level.entries(), () -> {
            ops.read(0, 4);
            mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.ruleMethod(l), "(J)I", false);
            Constants.pushInt(mv, 8);
            mv.visitInsn(IUSHR);
            mv.visitJumpInsn(IFNE, no);
        });
        Constants.pushInt(mv, 1);
        mv.visitInsn(IRETURN);
        mv.visitLabel(no);
        Constants.pushInt(mv, 0);
        mv.visitInsn(IRETURN);
    }
}
