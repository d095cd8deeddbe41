package org.ptdesc.compiler;

/**
 * One generated walker class: the tree it walks, its binary class name ({@code a.b.X86_64Walker})
 * and its class-file bytes, ready to be written as {@code a/b/X86_64Walker.class} and listed
 * in {@code META-INF/services/org.ptdesc.runtime.TreeWalker}.
 */
public record CompiledWalker(String tree, String className, byte[] bytes) {

    /** The class file's path relative to an output directory, with '/' separators. */
    public String classFile() {
        return className.replace('.', '/') + ".class";
    }
}
