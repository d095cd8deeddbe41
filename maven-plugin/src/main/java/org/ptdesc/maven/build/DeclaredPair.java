package org.ptdesc.maven.build;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A pair the configuration declares ({@code <pairs><pair>}): a guest tree over a stage 2 tree,
 * whose pair class the build generates ahead of time. Its {@link #key()} (for example
 * {@code x86_64.ptdesc#x86_64 over intel_ept.ptdesc#intel_ept}) names it in messages and in the
 * build state.
 *
 * @param number the pair's position in {@code <pairs>}, from 1, for messages
 */
public record DeclaredPair(int number, PairEnd guest, PairEnd host) {

    /** The pair as written: {@code GUEST over HOST}. */
    public String key() {
        return guest + " over " + host;
    }

    /**
     * The pairs of a configuration, from its (guest, host) texts in order.
     *
     * @throws IllegalArgumentException for a side without a file, a {@code #} without a tree, or a
     *     pair declared twice
     */
    public static List<DeclaredPair> parse(List<Map.Entry<String, String>> declared) {
        List<DeclaredPair> pairs = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        for (Map.Entry<String, String> entry : declared) {
            int number = pairs.size() + 1;
            DeclaredPair pair;
            try {
                pair = new DeclaredPair(number, side(entry.getKey(), "guest"), side(entry.getValue(), "host"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ptdesc: <pairs>: pair " + number + ": " + e.getMessage(), e);
            }
            if (!keys.add(pair.key())) {
                throw new IllegalArgumentException("ptdesc: <pairs>: pair " + number + " (" + pair.key()
                        + ") is declared twice");
            }
            pairs.add(pair);
        }
        return List.copyOf(pairs);
    }

    private static PairEnd side(String text, String element) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("<" + element + "> is missing (write FILE#TREE)");
        }
        try {
            return PairEnd.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("<" + element + "> " + e.getMessage() + " (write FILE#TREE)", e);
        }
    }
}
