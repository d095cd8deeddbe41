package org.ptdesc.maven.build;

/**
 * One generated walker class: the tree it walks, its binary name ({@code org.ptdesc.walkers.X})
 * and its class-file bytes.
 */
public record WalkerClass(String tree, String className, byte[] bytes) {

    /** The class file's path relative to an output directory, with {@code /} separators. */
    public String classFile() {
        return className.replace('.', '/') + ".class";
    }
}
