package org.ptdesc.runtime.roots;

import java.util.List;

/** What {@link RootFinder} found: the roots with how they were derived, or why there are none. */
public sealed interface RootFinding {

    /**
     * Roots found in the image.
     *
     * @param roots the values, possibly partial
     * @param summary one line saying where they came from (for stderr)
     * @param details the symbols, numbers and registers used, one per line
     */
    record Found(RootSet roots, String summary, List<String> details) implements RootFinding {
        public Found {
            details = List.copyOf(details);
        }
    }

    /**
     * No roots: the image carries none the tree can use.
     *
     * @param reason what was looked for and not found, as one sentence
     */
    record Missing(String reason) implements RootFinding {}
}
