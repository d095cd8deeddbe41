package org.ptdesc.compiler.codegen;

/**
 * A tree whose walker class would break a limit of the JVM class file format: a method longer
 * than 65,535 bytes of bytecode (JVMS §4.7.3), a constant pool of more than 65,535 entries
 * (JVMS §4.1), or a string longer than 65,535 bytes in modified UTF-8 (JVMS §4.4.7). Bad input,
 * not a compiler bug: it carries the descriptor line that owns what did not fit (the level of a
 * level's walk method, the string's rule or declaration, otherwise the tree) so the facade can
 * report it as a located diagnostic.
 */
public final class ClassFileLimitException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** The largest method, constant pool or string a class file can hold. */
    public static final int LIMIT = 65_535;

    private final String tree;
    private final int line;
    private final String problem;

    ClassFileLimitException(String tree, int line, String problem, Throwable cause) {
        super("tree " + tree + " does not fit in a class file: " + problem, cause);
        this.tree = tree;
        this.line = line;
        this.problem = problem;
    }

    /** The tree whose class did not fit. */
    public String tree() {
        return tree;
    }

    /** The descriptor line of the part that did not fit (a level, a rule, the tree), 0 if unknown. */
    public int line() {
        return line;
    }

    /** What did not fit, with its size and the limit. */
    public String problem() {
        return problem;
    }
}
