package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.ClassVisitor;
import org.ptdesc.compiler.encode.MapperIr;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Compiles a tree's {@link MapperIr} into a class implementing
 * {@link org.ptdesc.runtime.TreeMapper} for that tree alone: per level, the entry codec
 * ({@link EntryCodecEmitter}) and the map, unmap and protect steps ({@link MapperLevelEmitter}),
 * each level's step calling the next one's by name; the public methods
 * ({@link MapperEntryEmitter}) check the range, pick the root and the allowed page sizes once
 * per call, and start at the top level. The class needs
 * only the runtime library, and nothing in it allocates on success.
 */
public final class MapperGenerator {

    private final MapperIr m;
    private final WalkerIr ir;
    private final String owner;

    private MapperGenerator(MapperIr m, String owner) {
        this.m = m;
        this.ir = m.tree();
        this.owner = owner;
    }


    /** The class file of a mapper for {@code m}, named {@code className} (a binary name). */
    public static byte[] generate(MapperIr m, String className) {
        StableClassWriter writer = new StableClassWriter();
        emit(m, className, writer);
        return writer.toByteArray();
    }

    /** Emits the mapper class into any class visitor that computes frames and maximums. */
    public static void emit(MapperIr m, String className, ClassVisitor cv) {
        IrPreconditions.check(m.tree());
        new MapperGenerator(m, className.replace('.', '/')).emit(cv);
    }

    /** {@code org.ptdesc.generated.X86_64Mapper} for tree {@code x86_64}. */
    public static String defaultClassName(WalkerIr ir) {
        String walker = WalkerGenerator.defaultClassName(ir);
        return walker.substring(0, walker.length() - "Walker".length()) + "Mapper";
    }

    private void emit(ClassVisitor cv) {
        cv.visit(WalkerGenerator.CLASS_VERSION, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, owner, null, "java/lang/Object",
                new String[] {MapperOps.MAPPER});
        if (ir.sourceFile() != null) {
            cv.visitSource(ir.sourceFile(), null);
        }
        GeneratedMethod.emit(cv, ACC_PUBLIC, "<init>", "()V", mv -> {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            mv.visitInsn(RETURN);
        });
        new InfoEmitter(ir, owner).emit(cv);
        for (int l = 0; l < ir.levels().size(); l++) {
            new EntryCodecEmitter(m, owner, l).emit(cv);
            new MapperLevelEmitter(m, owner, l).emit(cv);
        }
        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "pageSizes", "()J", mv -> {
            long sizes = 0;
            for (int l = 0; l < ir.levels().size(); l++) {
                sizes |= m.levels().get(l).leaf() != null ? ir.levels().get(l).span() : 0;
            }
            Constants.pushLong(mv, sizes);
            mv.visitInsn(LRETURN);
        });
        new MapperEntryEmitter(m, owner).emit(cv);
        cv.visitEnd();
    }
}
