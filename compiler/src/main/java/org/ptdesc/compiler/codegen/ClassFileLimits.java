package org.ptdesc.compiler.codegen;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;
import org.ptdesc.compiler.ir.Attribute;
import org.ptdesc.compiler.ir.Level;
import org.ptdesc.compiler.ir.Root;
import org.ptdesc.compiler.ir.Rule;
import org.ptdesc.compiler.ir.WalkerIr;

/**
 * Turns ASM's size failures into a {@link ClassFileLimitException} that names the part of the
 * descriptor responsible. Rule count, expression size and level count each stay within limits
 * that the checker can state on its own, but their product decides a method's length, so the
 * generator itself is the exact judge: it tries, and what does not fit becomes bad input
 * instead of an internal error.
 */
final class ClassFileLimits {

    private ClassFileLimits() {}

    /** The located form of ASM's failure {@code e} while generating the class of {@code ir}. */
    static ClassFileLimitException of(WalkerIr ir, RuntimeException e) {
        return switch (e) {
            case MethodTooLargeException m -> method(ir, m);
            case ClassTooLargeException c -> new ClassFileLimitException(ir.name(), ir.line(),
                    "its constant pool needs " + c.getConstantPoolCount() + " entries; a class file holds at most "
                            + ClassFileLimits.LIMIT_TEXT + " (JVMS 4.1)", e);
            default -> string(ir, e);
        };
    }

    /** True for the failures {@link #of} understands: ASM's size exceptions and its long-string refusal. */
    static boolean isSizeFailure(RuntimeException e) {
        return e instanceof MethodTooLargeException || e instanceof ClassTooLargeException
                || (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("UTF8 string too large"));
    }

    static final String LIMIT_TEXT = "65,535";

    private static ClassFileLimitException method(WalkerIr ir, MethodTooLargeException m) {
        String name = m.getMethodName();
        int line = ir.line();
        String what = "method " + name;
        // Level walk methods are named walk<index>_<level> (LevelWalkEmitter.methodName).
        for (int i = 0; i < ir.levels().size(); i++) {
            if (name.equals(LevelWalkEmitter.methodName(ir, i))) {
                Level level = ir.levels().get(i);
                line = level.line();
                what = "the walk method of level '" + level.name() + "' (" + level.rules().size() + " rules)";
            }
        }
        return new ClassFileLimitException(ir.name(), line, what + " needs " + m.getCodeSize()
                + " bytes of bytecode; a JVM method holds at most " + LIMIT_TEXT
                + " (JVMS 4.7.3): " + (line == ir.line()
                        ? "it holds every level and every root; use fewer or simpler rules, fewer levels or fewer roots"
                        : "use fewer or simpler rules in this level"), m);
    }

    /** A string constant too long for the class file: the first such string of the IR, by its line. */
    private static ClassFileLimitException string(WalkerIr ir, RuntimeException e) {
        for (Located s : strings(ir)) {
            int bytes = modifiedUtf8Length(s.text());
            if (bytes > ClassFileLimitException.LIMIT) {
                return new ClassFileLimitException(ir.name(), s.line(), s.what() + " is " + bytes
                        + " bytes in UTF-8; a class file holds strings of at most " + LIMIT_TEXT + " bytes (JVMS 4.4.7)", e);
            }
        }
        return new ClassFileLimitException(ir.name(), ir.line(), "a name or string is longer than " + LIMIT_TEXT
                + " bytes in UTF-8 (JVMS 4.4.7)", e);
    }

    private record Located(String what, String text, int line) {}

    /** Every string of the IR that becomes a class-file constant, with the line that declares it. */
    private static List<Located> strings(WalkerIr ir) {
        List<Located> all = new ArrayList<>();
        all.add(new Located("the tree's name", ir.name(), ir.line()));
        all.add(new Located("the walker class's name", WalkerGenerator.defaultClassName(ir), ir.line()));
        all.add(new Located("the tree's documentation", ir.doc(), ir.line()));
        for (Root r : ir.roots()) {
            all.add(new Located("the name of root '" + r.register() + "'", r.register(), r.line()));
            all.add(new Located("the documentation of root '" + r.register() + "'", r.doc(), r.line()));
        }
        for (Attribute a : ir.attributes()) {
            all.add(new Located("the name of attribute '" + a.name() + "'", a.name(), ir.line()));
            all.add(new Located("the documentation of attribute '" + a.name() + "'", a.doc(), ir.line()));
        }
        for (Level l : ir.levels()) {
            all.add(new Located("the name of level '" + l.name() + "'", l.name(), l.line()));
            all.add(new Located("the documentation of level '" + l.name() + "'", l.doc(), l.line()));
            all.add(new Located("the walk method's name of level '" + l.name() + "'",
                    LevelWalkEmitter.methodName(ir, ir.levels().indexOf(l)), l.line()));
            for (Rule rule : l.rules()) {
                if (rule instanceof Rule.Fault f) {
                    all.add(new Located("the fault message", f.message(), f.line()));
                }
            }
        }
        return all;
    }

    /** The length of {@code s} in the class file's modified UTF-8 (JVMS 4.4.7): NUL takes two bytes. */
    static int modifiedUtf8Length(String s) {
        if (s == null) {
            return 0;
        }
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            bytes += c >= 0x0001 && c <= 0x007f ? 1 : c <= 0x07ff ? 2 : 3;
        }
        return bytes;
    }
}
