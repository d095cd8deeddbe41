package org.ptdesc.maven.build;

/**
 * One side of a declared pair, {@code FILE#TREE}: a descriptor of the build, relative to the
 * source directory with {@code /} separators, and the name of one of its trees.
 */
public record PairEnd(String source, String tree) {

    /**
     * Parses {@code FILE#TREE}, the path taken as {@code includes} are ({@code \} or {@code /}
     * separators, an optional leading {@code ./}).
     *
     * @throws IllegalArgumentException when there is no {@code #}, or the file or the tree is empty
     */
    public static PairEnd parse(String text) {
        String t = text == null ? "" : text.strip().replace('\\', '/');
        int hash = t.lastIndexOf('#');
        if (hash < 0) {
            throw new IllegalArgumentException("'" + t + "' names no tree");
        }
        String file = t.substring(0, hash).strip();
        while (file.startsWith("./")) {
            file = file.substring(2);
        }
        String tree = t.substring(hash + 1).strip();
        if (file.isEmpty()) {
            throw new IllegalArgumentException("'" + t + "' names no descriptor file");
        }
        if (tree.isEmpty()) {
            throw new IllegalArgumentException("'" + t + "' names no tree after '#'");
        }
        return new PairEnd(file, tree);
    }

    @Override
    public String toString() {
        return source + "#" + tree;
    }
}
