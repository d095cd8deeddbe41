package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * One side of a pair as the compiler is given it: the descriptor file, the tree's name, and the parameter overrides it is offered and must declare, the same as when
 * its walker class is compiled, so that the pair class and the two walkers agree; {@code role}
 * says which side of which declared pair it is, for messages.
 */
public record PairSource(Path file, String tree, Map<String, Long> offered, Set<String> required, String role) {

    public PairSource {
        offered = Map.copyOf(offered);
        required = Set.copyOf(required);
    }
}
