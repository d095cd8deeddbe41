package org.ptdesc.compiler.codegen;

import static org.objectweb.asm.Opcodes.*;

import java.util.List;
import java.util.function.Consumer;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Permission;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Emits the class's description of its tree: a static {@code INFO} field holding the
 * {@link org.ptdesc.runtime.TreeInfo}, built once in the static initializer from constants
 * (so the class needs nothing but the runtime library), and {@code info()} returning it.
 */
final class InfoEmitter {

    static final String FIELD = "INFO";

    private static final String ROOT_INFO = "org/ptdesc/runtime/TreeInfo$RootInfo";
    private static final String LEVEL_INFO = "org/ptdesc/runtime/TreeInfo$LevelInfo";
    private static final String ATTRIBUTE_INFO = "org/ptdesc/runtime/TreeInfo$AttributeInfo";
    private static final String MODE_INFO = "org/ptdesc/runtime/TreeInfo$ModeInfo";
    private static final String PERMISSION_INFO = "org/ptdesc/runtime/TreeInfo$PermissionInfo";
    private static final String STRING = "Ljava/lang/String;";
    private static final String LIST = "Ljava/util/List;";

    private final WalkerIr ir;
    private final String owner;

    InfoEmitter(WalkerIr ir, String owner) {
        this.ir = ir;
        this.owner = owner;
    }

    void emit(ClassVisitor cv) {
        cv.visitField(ACC_PRIVATE | ACC_STATIC | ACC_FINAL, FIELD, RuntimeTypes.TREE_INFO_D, null, null).visitEnd();

        GeneratedMethod.emit(cv, ACC_STATIC, "<clinit>", "()V", init -> {
            RuntimeTypes.line(init, ir.line());
            init.visitTypeInsn(NEW, RuntimeTypes.TREE_INFO);
            init.visitInsn(DUP);
            Constants.pushString(init, ir.name());
            Constants.pushString(init, ir.doc());
            Constants.pushString(init, ir.sourceFile());
            Constants.pushInt(init, ir.addressBits());
            Constants.pushInt(init, ir.entryBytes());
            list(init, ir.roots(), this::rootInfo);
            list(init, ir.levels(), this::levelInfo);
            list(init, ir.attributes(), this::attributeInfo);
            list(init, ir.modes(), this::modeInfo);
            list(init, indexed(ir.permissions()), this::permissionInfo);
            init.visitMethodInsn(INVOKESPECIAL, RuntimeTypes.TREE_INFO, "<init>",
                    "(" + STRING + STRING + STRING + "II" + LIST + LIST + LIST + LIST + LIST + ")V", false);
            init.visitFieldInsn(PUTSTATIC, owner, FIELD, RuntimeTypes.TREE_INFO_D);
            init.visitInsn(RETURN);
        });

        GeneratedMethod.emit(cv, ACC_PUBLIC | ACC_FINAL, "info", "()" + RuntimeTypes.TREE_INFO_D, info -> {
            info.visitFieldInsn(GETSTATIC, owner, FIELD, RuntimeTypes.TREE_INFO_D);
            info.visitInsn(ARETURN);
        });
    }

    /** {@code List.of(new Object[] {e0, e1, ...})}. */
    static <T> void list(MethodVisitor mv, List<T> items, java.util.function.BiConsumer<MethodVisitor, T> element) {
        Constants.pushInt(mv, items.size());
        mv.visitTypeInsn(ANEWARRAY, "java/lang/Object");
        for (int i = 0; i < items.size(); i++) {
            mv.visitInsn(DUP);
            Constants.pushInt(mv, i);
            element.accept(mv, items.get(i));
            mv.visitInsn(AASTORE);
        }
        mv.visitMethodInsn(INVOKESTATIC, "java/util/List", "of", "([Ljava/lang/Object;)" + LIST, true);
    }

    private void rootInfo(MethodVisitor mv, Root r) {
        construct(mv, ROOT_INFO, "(" + STRING + "JJ" + STRING + ")V", m -> {
            Constants.pushString(m, r.register());
            Constants.pushLong(m, r.first());
            Constants.pushLong(m, r.last());
            Constants.pushString(m, r.doc());
        });
    }

    private void levelInfo(MethodVisitor mv, Level l) {
        construct(mv, LEVEL_INFO, "(" + STRING + "II" + STRING + ")V", m -> {
            Constants.pushString(m, l.name());
            Constants.pushInt(m, l.shift());
            Constants.pushInt(m, l.bits());
            Constants.pushString(m, l.doc());
        });
    }

    private void attributeInfo(MethodVisitor mv, Attribute a) {
        construct(mv, ATTRIBUTE_INFO, "(" + STRING + "II" + STRING + "Z" + STRING + ")V", m -> {
            Constants.pushString(m, a.name());
            Constants.pushInt(m, a.offset());
            Constants.pushInt(m, a.width());
            Constants.pushString(m, a.operator().keyword());
            Constants.pushInt(m, a.bool() ? 1 : 0);
            Constants.pushString(m, a.doc());
        });
    }

    private void modeInfo(MethodVisitor mv, Permission.Mode m) {
        construct(mv, MODE_INFO, "(" + STRING + "IIJ" + STRING + ")V", v -> {
            Constants.pushString(v, m.name());
            Constants.pushInt(v, m.offset());
            Constants.pushInt(v, m.width());
            Constants.pushLong(v, m.defaultValue());
            Constants.pushString(v, m.doc());
        });
    }

    /** A permission rule with its index. */
    private record Indexed(int index, Permission rule) {}

    private static List<Indexed> indexed(List<Permission> rules) {
        return java.util.stream.IntStream.range(0, rules.size()).mapToObj(i -> new Indexed(i, rules.get(i))).toList();
    }

    private void permissionInfo(MethodVisitor mv, Indexed p) {
        construct(mv, PERMISSION_INFO, "(I" + STRING + "I)V", v -> {
            Constants.pushInt(v, p.index());
            Constants.pushString(v, p.rule().text());
            Constants.pushInt(v, p.rule().line());
        });
    }

    static void construct(MethodVisitor mv, String type, String descriptor, Consumer<MethodVisitor> arguments) {
        mv.visitTypeInsn(NEW, type);
        mv.visitInsn(DUP);
        arguments.accept(mv);
        mv.visitMethodInsn(INVOKESPECIAL, type, "<init>", descriptor, false);
    }
}
