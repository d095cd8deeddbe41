package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Type;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.GeneratedWalker;
import org.ptdesc.runtime.Walkers;

/**
 * The code generator's entry point: compiles the IR of one tree into the bytes of a JVM class
 * that implements {@link org.ptdesc.runtime.TreeWalker} for that tree alone. Every level,
 * rule, field and constant is inlined into straight-line bytecode; the class needs only the
 * runtime library, carries the descriptor's file name and lines ({@code SourceFile},
 * {@code LineNumberTable}) and the {@link GeneratedWalker} stamp, and is byte-for-byte the
 * same for the same IR. Each concern has
 * its emitter: {@link InfoEmitter}, {@link TranslateEmitter} (with {@link TranslatePlanner}), {@link DetailedTranslateEmitter},
 * {@link AccessTranslateEmitter},
 * {@link WalkEmitter} (with {@link LevelWalkEmitter}), down to {@link LevelBlockEmitter} and
 * {@link ExprEmitter}.
 */
public final class WalkerGenerator {

    /** The class file version of generated classes (Java 25). */
    public static final int CLASS_VERSION = V25;

    private WalkerGenerator() {}

    /**
     * The class file of a walker for {@code ir}.
     *
     * @throws IllegalArgumentException if the IR breaks a guarantee of the checker that the
     *     generated code relies on ({@link IrPreconditions})
     * @throws ClassFileLimitException if the class would break a limit of the class file format
     *     (a method over 64 KiB of bytecode, too many constants, a string too long): bad input,
     *     located at the part of the descriptor responsible
     * @param className binary name of the class to generate, e.g. {@code org.ptdesc.generated.X86_64Walker}
     */
    public static byte[] generate(WalkerIr ir, String className) {
        return generate(ir, className, TranslatePlanner.FREQ_INLINE_SIZE);
    }

    /**
     * The class file with the plain translate methods kept within {@code translateBudget} bytes
     * of bytecode where the {@link TranslatePlanner} can; tests pass 0 to give every level that
     * can have one a fast accept and an out-of-line rest.
     */
    static byte[] generate(WalkerIr ir, String className, int translateBudget) {
        StableClassWriter writer = new StableClassWriter();
        try {
            emit(ir, className, writer, translateBudget);
            return writer.toByteArray();
        } catch (RuntimeException e) {
            if (ClassFileLimits.isSizeFailure(e)) {
                throw ClassFileLimits.of(ir, e);
            }
            throw e;
        }
    }

    /**
     * Emits the walker class for {@code ir} into any class visitor (tests put ASM's checking
     * adapters here). The visitor must compute frames and maximums, as {@link #generate} does.
     */
    public static void emit(WalkerIr ir, String className, ClassVisitor cv) {
        emit(ir, className, cv, TranslatePlanner.FREQ_INLINE_SIZE);
    }

    static void emit(WalkerIr ir, String className, ClassVisitor cv, int translateBudget) {
        IrPreconditions.check(ir);
        String owner = className.replace('.', '/');
        TranslatePlan plan = TranslatePlanner.plan(ir, owner, translateBudget);
        cv.visit(CLASS_VERSION, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, owner, null, "java/lang/Object",
                new String[] {RuntimeTypes.TREE_WALKER, RuntimeTypes.RUN_DECODER});
        if (ir.sourceFile() != null) {
            cv.visitSource(ir.sourceFile(), null);
        }
        stamp(cv, ir);
        constructor(cv);
        new InfoEmitter(ir, owner).emit(cv);
        new TranslateEmitter(ir, owner, plan).emit(cv);
        new DetailedTranslateEmitter(ir, owner).emit(cv);
        new AccessTranslateEmitter(ir, owner).emit(cv);
        new WalkEmitter(ir, owner).emit(cv);
        new RunDecoderEmitter(ir).emit(cv);
        new AddressReadsEmitter(ir).emit(cv);
        RootCountError.emitHelper(cv, ir.name(), ir.roots().stream().map(r -> r.register()).toList());
        cv.visitEnd();
    }

    /**
     * The binary name the class for a tree gets by default: {@code org.ptdesc.generated.}, the
     * tree name with each word after an underscore capitalised, then {@code Walker}
     * ({@code linus_x86_64} becomes {@code Linus_X86_64Walker}).
     */
    public static String defaultClassName(WalkerIr ir) {
        StringBuilder sb = new StringBuilder();
        boolean upper = true;
        for (int i = 0; i < ir.name().length(); i++) {
            char c = ir.name().charAt(i);
            if (!Character.isJavaIdentifierPart(c) || c == '$') {
                upper = true;
                continue;
            }
            sb.append(upper ? Character.toUpperCase(c) : c);
            upper = c == '_';
        }
        return "org.ptdesc.generated." + sb + "Walker";
    }

    /** The {@link GeneratedWalker} stamp by which {@code Walkers.find} recognises the class. */
    private static void stamp(ClassVisitor cv, WalkerIr ir) {
        AnnotationVisitor av = cv.visitAnnotation(Type.getDescriptor(GeneratedWalker.class), true);
        av.visit("abi", Walkers.ABI_VERSION);
        av.visit("tree", ir.name());
        if (ir.sourceFile() != null) {
            av.visit("source", ir.sourceFile());
        }
        av.visit("compiler", CompilerVersion.VERSION);
        av.visitEnd();
    }

    private static void constructor(ClassVisitor cv) {
        GeneratedMethod.emit(cv, ACC_PUBLIC, "<init>", "()V", mv -> {
            mv.visitVarInsn(ALOAD, 0);
            mv.visitMethodInsn(INVOKESPECIAL, "java/lang/Object", "<init>", "()V", false);
            mv.visitInsn(RETURN);
        });
    }
}
