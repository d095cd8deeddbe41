package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.MapOutcome;

/**
 * Emits a mapper class's public entry points, {@code newRoot}, {@code pageSizes}, {@code map},
 * {@code unmap} and {@code protect}, and their static helpers: which levels may hold a leaf
 * with these attributes ({@code allowed}), the smallest allowed page, which root translates
 * the range ({@code root}), and the top table of that root ({@code rootTable}). Everything here
 * runs once per call; the per-entry work is in the level steps.
 */
final class MapperEntryEmitter {

    private static final String NEW_ROOT = "(" + MapperOps.MEMORY_D + "I" + MapperOps.ALLOCATOR_D + ")J";
    private static final String MAP = "(" + MapperOps.MEMORY_D + "[JJJJJJI" + MapperOps.ALLOCATOR_D + ")"
            + MapperOps.OUTCOME_D;
    private static final String UNMAP = "(" + MapperOps.MEMORY_D + "[JJJ" + MapperOps.ALLOCATOR_D + ")"
            + MapperOps.OUTCOME_D;
    private static final String PROTECT = "(" + MapperOps.MEMORY_D + "[JJJJ" + MapperOps.ALLOCATOR_D + ")"
            + MapperOps.OUTCOME_D;

    private final MapperIr m;
    private final WalkerIr ir;
    private final String owner;

    MapperEntryEmitter(MapperIr m, String owner) {
        this.m = m;
        this.ir = m.tree();
        this.owner = owner;
    }

    void emit(ClassVisitor cv) {
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "newRoot", NEW_ROOT, this::newRoot);
        GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, "allowed", "(JJ)I", this::allowed);
        GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, "smallest", "(I)J", this::smallest);
        GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, "root", "(JJ)I", this::root);
        GeneratedMethod.emit(cv, ACC_PRIVATE | ACC_STATIC, "rootTable", "(I[JJ)J", this::rootTable);
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "map", MAP, this::map);
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "unmap", UNMAP, this::unmap);
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "protect", PROTECT, this::protect);
    }

    /** this 0, mem 1, root 2, tables 3; pa 4, scratch 6. */
    private void newRoot(MethodVisitor mv) {
        MapperOps ops = new MapperOps(mv, ir);
        for (int r = 0; r < m.roots().size(); r++) {
            MapperIr.RootEncoding enc = m.roots().get(r);
            Label next = new Label();
            Label allocated = new Label();
            Label holds = new Label();
            mv.visitVarInsn(ILOAD, 2);
            Constants.pushInt(mv, r);
            mv.visitJumpInsn(IF_ICMPNE, next);
            mv.visitVarInsn(ALOAD, 3);
            Constants.pushLong(mv, enc.tableBytes());
            Constants.pushLong(mv, enc.tableAlignment());
            mv.visitMethodInsn(INVOKEINTERFACE, MapperOps.ALLOCATOR, "allocate", "(JJ)J", true);
            mv.visitVarInsn(LSTORE, 4);
            mv.visitVarInsn(LLOAD, 4);
            Constants.pushLong(mv, -1);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, allocated);
            Constants.pushLong(mv, -1);
            mv.visitInsn(LRETURN);
            mv.visitLabel(allocated);
            mv.visitVarInsn(LLOAD, 4);
            Constants.pushLong(mv, ~enc.register().sourceMask());
            mv.visitInsn(LAND);
            Constants.pushLong(mv, 0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFEQ, holds);
            mv.visitVarInsn(ALOAD, 3);
            mv.visitVarInsn(LLOAD, 4);
            Constants.pushLong(mv, enc.tableBytes());
            mv.visitMethodInsn(INVOKEINTERFACE, MapperOps.ALLOCATOR, "free", "(JJ)V", true);
            Constants.pushLong(mv, -1);
            mv.visitInsn(LRETURN);
            mv.visitLabel(holds);
            mv.visitVarInsn(LLOAD, 4);
            ops.copies(enc.register(), 6);
            mv.visitInsn(LRETURN);
            mv.visitLabel(next);
        }
        mv.visitTypeInsn(NEW, "java/lang/IndexOutOfBoundsException");
        mv.visitInsn(DUP);
        mv.visitVarInsn(ILOAD, 2);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IndexOutOfBoundsException", "<init>", "(I)V", false);
        mv.visitInsn(ATHROW);
    }

    /** The levels whose leaf can carry the word (attributes 0, page size 2): bit l set. */
    private void allowed(MethodVisitor mv) {
        Constants.pushInt(mv, 0);
        mv.visitVarInsn(ISTORE, 4);
        for (int l = 0; l < ir.levels().size(); l++) {
            if (m.levels().get(l).leaf() == null) {
                continue;
            }
            Label next = new Label();
            Label check = new Label();
            mv.visitVarInsn(LLOAD, 2);
            Constants.pushLong(mv, 0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFEQ, check);
            mv.visitVarInsn(LLOAD, 2);
            Constants.pushLong(mv, ir.levels().get(l).span());
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, next);
            mv.visitLabel(check);
            mv.visitVarInsn(LLOAD, 0);
            mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("leafOk", l), "(J)Z", false);
            mv.visitJumpInsn(IFEQ, next);
            mv.visitVarInsn(ILOAD, 4);
            Constants.pushInt(mv, 1 << l);
            mv.visitInsn(IOR);
            mv.visitVarInsn(ISTORE, 4);
            mv.visitLabel(next);
        }
        mv.visitVarInsn(ILOAD, 4);
        mv.visitInsn(IRETURN);
    }

    /** The smallest allowed page size (the deepest allowed level's span), or 1. */
    private void smallest(MethodVisitor mv) {
        Constants.pushLong(mv, 1);
        mv.visitVarInsn(LSTORE, 1);
        for (int l = 0; l < ir.levels().size(); l++) {
            if (m.levels().get(l).leaf() == null) {
                continue;
            }
            Label next = new Label();
            mv.visitVarInsn(ILOAD, 0);
            Constants.pushInt(mv, 1 << l);
            mv.visitInsn(IAND);
            mv.visitJumpInsn(IFEQ, next);
            Constants.pushLong(mv, ir.levels().get(l).span());
            mv.visitVarInsn(LSTORE, 1);
            mv.visitLabel(next);
        }
        mv.visitVarInsn(LLOAD, 1);
        mv.visitInsn(LRETURN);
    }

    /** The root translating all of first (0) .. last (2), or -1: both in one walkable range and one root's range. */
    private void root(MethodVisitor mv) {
        Label none = new Label();
        unsignedAgainst(mv, 0, 2, IFGT, none);
        for (WalkerIr.AddressRange range : ir.ranges()) {
            for (int q = 0; q < ir.roots().size(); q++) {
                Root root = ir.roots().get(q);
                long a = Long.compareUnsigned(range.first(), root.first()) >= 0 ? range.first() : root.first();
                long b = Long.compareUnsigned(range.last(), root.last()) <= 0 ? range.last() : root.last();
                if (Long.compareUnsigned(a, b) > 0) {
                    continue;
                }
                Label next = new Label();
                constantAgainst(mv, 0, a, IFLT, next);
                constantAgainst(mv, 2, b, IFGT, next);
                Constants.pushInt(mv, q);
                mv.visitInsn(IRETURN);
                mv.visitLabel(next);
            }
        }
        mv.visitLabel(none);
        Constants.pushInt(mv, -1);
        mv.visitInsn(IRETURN);
    }

    private static void unsignedAgainst(MethodVisitor mv, int a, int b, int op, Label target) {
        mv.visitVarInsn(LLOAD, a);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitVarInsn(LLOAD, b);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(op, target);
    }

    private static void constantAgainst(MethodVisitor mv, int slot, long constant, int op, Label target) {
        mv.visitVarInsn(LLOAD, slot);
        Constants.pushLong(mv, Long.MIN_VALUE);
        mv.visitInsn(LXOR);
        Constants.pushLong(mv, constant ^ Long.MIN_VALUE);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(op, target);
    }

    /** The top table of root r (0), from roots (1), at address va (2). */
    private void rootTable(MethodVisitor mv) {
        for (int q = 0; q < ir.roots().size(); q++) {
            Label next = new Label();
            mv.visitVarInsn(ILOAD, 0);
            Constants.pushInt(mv, q);
            mv.visitJumpInsn(IF_ICMPNE, next);
            new ExprEmitter(mv, Operand.unavailable("an entry"), Operand.local(2), Operand.element(1, q))
                    .value(ir.roots().get(q).table());
            mv.visitInsn(LRETURN);
            mv.visitLabel(next);
        }
        Constants.pushLong(mv, 0);
        mv.visitInsn(LRETURN);
    }

    private void checkRoots(MethodVisitor mv, int roots) {
        Label fine = new Label();
        mv.visitVarInsn(ALOAD, roots);
        mv.visitInsn(ARRAYLENGTH);
        Constants.pushInt(mv, ir.roots().size());
        mv.visitJumpInsn(IF_ICMPEQ, fine);
        mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
        mv.visitInsn(DUP);
        mv.visitLdcInsn("tree " + ir.name() + " needs " + ir.roots().size() + " root value(s)");
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "(Ljava/lang/String;)V", false);
        mv.visitInsn(ATHROW);
        mv.visitLabel(fine);
    }

    /** this 0, mem 1, roots 2, va 3, pa 5, size 7, attributes 9, pageSize 11, flags 13, tables 14; last 15, allowed 17, smallest 18, r 20, table 21, o 23. */
    private void map(MethodVisitor mv) {
        MapperOps ops = new MapperOps(mv, ir);
        checkRoots(mv, 2);
        last(mv, 3, 7, 15);
        mv.visitVarInsn(LLOAD, 9);
        mv.visitVarInsn(LLOAD, 11);
        mv.visitMethodInsn(INVOKESTATIC, owner, "allowed", "(JJ)I", false);
        mv.visitVarInsn(ISTORE, 17);
        mv.visitVarInsn(ILOAD, 17);
        mv.visitMethodInsn(INVOKESTATIC, owner, "smallest", "(I)J", false);
        mv.visitVarInsn(LSTORE, 18);
        Label misaligned = new Label();
        Label aligned = new Label();
        mv.visitVarInsn(LLOAD, 7);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFEQ, misaligned);
        mv.visitVarInsn(LLOAD, 3);
        mv.visitVarInsn(LLOAD, 5);
        mv.visitInsn(LOR);
        mv.visitVarInsn(LLOAD, 7);
        mv.visitInsn(LOR);
        mv.visitVarInsn(LLOAD, 18);
        Constants.pushLong(mv, 1);
        mv.visitInsn(LSUB);
        mv.visitInsn(LAND);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFEQ, aligned);
        mv.visitLabel(misaligned);
        ops.fail(MapOutcome.Kind.MISALIGNED, 3, -1, -1);
        mv.visitLabel(aligned);
        rootIndex(mv, ops, 3, 15, 20);
        Label encodable = new Label();
        mv.visitVarInsn(ILOAD, 17);
        mv.visitJumpInsn(IFNE, encodable);
        ops.fail(MapOutcome.Kind.NOT_ENCODABLE, 3, -1, -1);
        mv.visitLabel(encodable);
        Label go = new Label();
        mv.visitVarInsn(ILOAD, 13);
        Constants.pushInt(mv, 1);
        mv.visitInsn(IAND);
        mv.visitJumpInsn(IFEQ, go);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitVarInsn(LLOAD, 3);
        mv.visitVarInsn(LLOAD, 7);
        mv.visitVarInsn(ALOAD, 14);
        mv.visitMethodInsn(INVOKEVIRTUAL, owner, "unmap", UNMAP, false);
        Label failed = new Label();
        ops.unlessOk(23, failed);
        mv.visitLabel(go);
        rootTable(mv, 20, 2, 3, 21);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(LLOAD, 21);
        mv.visitVarInsn(LLOAD, 3);
        mv.visitVarInsn(LLOAD, 15);
        mv.visitVarInsn(LLOAD, 5);
        mv.visitVarInsn(LLOAD, 3);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(LLOAD, 9);
        mv.visitVarInsn(ILOAD, 17);
        mv.visitVarInsn(ALOAD, 14);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("map", 0), MapperOps.MAP_LEVEL, false);
        mv.visitInsn(ARETURN);
        mv.visitLabel(failed);
        mv.visitVarInsn(ALOAD, 23);
        mv.visitInsn(ARETURN);
    }

    /** this 0, mem 1, roots 2, va 3, size 5, tables 7; last 8, r 10, table 11. */
    private void unmap(MethodVisitor mv) {
        MapperOps ops = new MapperOps(mv, ir);
        checkRoots(mv, 2);
        last(mv, 3, 5, 8);
        sizeNotZero(mv, ops, 5, 3);
        rootIndex(mv, ops, 3, 8, 10);
        rootTable(mv, 10, 2, 3, 11);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(LLOAD, 11);
        mv.visitVarInsn(LLOAD, 3);
        mv.visitVarInsn(LLOAD, 8);
        mv.visitVarInsn(ALOAD, 7);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("unmap", 0), MapperOps.UNMAP_LEVEL, false);
        mv.visitInsn(ARETURN);
    }

    /** this 0, mem 1, roots 2, va 3, size 5, attributes 7, tables 9; last 10, r 12, allowed 13, table 14. */
    private void protect(MethodVisitor mv) {
        MapperOps ops = new MapperOps(mv, ir);
        checkRoots(mv, 2);
        last(mv, 3, 5, 10);
        sizeNotZero(mv, ops, 5, 3);
        rootIndex(mv, ops, 3, 10, 12);
        mv.visitVarInsn(LLOAD, 7);
        Constants.pushLong(mv, 0);
        mv.visitMethodInsn(INVOKESTATIC, owner, "allowed", "(JJ)I", false);
        mv.visitVarInsn(ISTORE, 13);
        rootTable(mv, 12, 2, 3, 14);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(LLOAD, 14);
        mv.visitVarInsn(LLOAD, 3);
        mv.visitVarInsn(LLOAD, 10);
        mv.visitVarInsn(LLOAD, 7);
        mv.visitVarInsn(ILOAD, 13);
        mv.visitVarInsn(ALOAD, 9);
        mv.visitMethodInsn(INVOKESTATIC, owner, MapperOps.name("protect", 0), MapperOps.PROTECT_LEVEL, false);
        mv.visitInsn(ARETURN);
    }

    private static void last(MethodVisitor mv, int va, int size, int last) {
        mv.visitVarInsn(LLOAD, va);
        mv.visitVarInsn(LLOAD, size);
        mv.visitInsn(LADD);
        Constants.pushLong(mv, 1);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(LSTORE, last);
    }

    private static void sizeNotZero(MethodVisitor mv, MapperOps ops, int size, int va) {
        Label fine = new Label();
        mv.visitVarInsn(LLOAD, size);
        Constants.pushLong(mv, 0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, fine);
        ops.fail(MapOutcome.Kind.MISALIGNED, va, -1, -1);
        mv.visitLabel(fine);
    }

    /** r = root(va, last); out of range when negative. */
    private void rootIndex(MethodVisitor mv, MapperOps ops, int va, int last, int r) {
        Label found = new Label();
        mv.visitVarInsn(LLOAD, va);
        mv.visitVarInsn(LLOAD, last);
        mv.visitMethodInsn(INVOKESTATIC, owner, "root", "(JJ)I", false);
        mv.visitVarInsn(ISTORE, r);
        mv.visitVarInsn(ILOAD, r);
        mv.visitJumpInsn(IFGE, found);
        ops.fail(MapOutcome.Kind.OUT_OF_RANGE, va, -1, -1);
        mv.visitLabel(found);
    }

    private void rootTable(MethodVisitor mv, int r, int roots, int va, int table) {
        mv.visitVarInsn(ILOAD, r);
        mv.visitVarInsn(ALOAD, roots);
        mv.visitVarInsn(LLOAD, va);
        mv.visitMethodInsn(INVOKESTATIC, owner, "rootTable", "(I[JJ)J", false);
        mv.visitVarInsn(LSTORE, table);
    }
}
