package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The compiler as the build sees it: one descriptor file in, messages and classes out; or two
 * trees in, and their pair class out. The
 * plugin uses {@link PtdescCompiler}; tests substitute canned results.
 */
public interface DescriptorCompiler {

    /** A version stamp of the compiler: a change makes every descriptor stale. */
    String version();

    /**
     * Compiles one descriptor into classes of {@code packageName}. Of the {@code offered}
     * parameter overrides, those the descriptor declares apply and the others are left out
     * (reported as {@link CompiledDescriptor#undeclaredParameters()}), except those in
     * {@code required}: they are given to the compiler in any case, so one the descriptor does
     * not declare is its error.
     */
    CompiledDescriptor compile(Path descriptor, Map<String, Long> offered, Set<String> required, String packageName);

    /**
     * Generates the pair class of the {@code guest} tree over the stage 2 tree {@code host}, in
     * {@code packageName}, each descriptor compiled with its parameters as {@link #compile} would.
     * A side that names no tree of its file is an error naming the file and its trees.
     */
    CompiledPair compilePair(PairSource guest, PairSource host, String packageName);
}
