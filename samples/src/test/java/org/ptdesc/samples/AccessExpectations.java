package org.ptdesc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.Access;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;

/**
 * Expected answers of access-checked translations of a hand-built tree, each with the manual
 * rule it follows: an access either maps to a physical address or is denied by the rule whose
 * text contains a given phrase. {@link #check} runs them on both engines (the reference
 * interpreter and the generated walker), through {@code translate} and
 * {@code translateDetailed}, and then requires that every permission rule of the tree denied
 * in some case and was passed in another case of an access it denied elsewhere (so each rule
 * is seen both denying and allowing).
 */
public final class AccessExpectations {

    private final String tree;
    private final List<Case> cases = new ArrayList<>();
    private Map<String, Long> modes = Map.of();

    /** One expectation; {@code rule} is null for an allowed access. */
    private record Case(long va, int access, Map<String, Long> modes, long pa, String rule, String why) {}

    /** Expectations for the main tree of {@code descriptors/TREE.ptdesc}. */
    public AccessExpectations(String tree) {
        this.tree = tree;
    }

    /** The modes of the cases that follow ({@code NAME, value, ...}); the others keep their defaults. */
    public AccessExpectations modes(Object... pairs) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        modes = Map.copyOf(m);
        return this;
    }

    /** {@code access} to {@code va} is allowed and reaches {@code pa}, by the manual's {@code why}. */
    public AccessExpectations allows(long va, int access, long pa, String why) {
        cases.add(new Case(va, access, modes, pa, null, why));
        return this;
    }

    /** {@code access} to {@code va} is denied by the rule whose text contains {@code rule}. */
    public AccessExpectations denies(long va, int access, String rule, String why) {
        cases.add(new Case(va, access, modes, TreeWalker.DENIED, rule, why));
        return this;
    }

    /** Runs every case on both engines and checks that every rule denied and allowed. */
    public void check(PhysicalMemory mem, long... roots) {
        TreeWalker interpreter = ShippedTree.interpreter(tree);
        TreeWalker generated = Ptdesc.load(Path.of("descriptors", tree + ".ptdesc"), tree);
        assertEquals(interpreter.info(), generated.info());
        for (TreeWalker walker : List.of(interpreter, generated)) {
            run(walker, mem, roots);
        }
        coverage(interpreter.info());
    }

    private void run(TreeWalker walker, PhysicalMemory mem, long[] roots) {
        TreeInfo info = walker.info();
        String engine = walker.getClass().getSimpleName();
        for (Case c : cases) {
            long word = info.modeWord(c.modes());
            String where = engine + " " + tree + " " + Access.toString(c.access()) + " 0x" + Long.toHexString(c.va())
                    + " modes " + c.modes() + " (" + c.why() + ")";
            long pa = walker.translate(mem, roots, c.va(), c.access(), word);
            Translation t = walker.translateDetailed(mem, roots, c.va(), c.access(), word);
            if (c.rule() == null) {
                assertEquals(hex(c.pa()), hex(pa), where);
                assertEquals(Failure.NONE, t.failure(), where + ": " + t);
                assertEquals(hex(c.pa()), hex(t.pa()), where);
            } else {
                int rule = rule(info, c.rule());
                assertEquals(TreeWalker.DENIED, pa, where + ": translate gave 0x" + Long.toHexString(pa));
                assertEquals(Failure.DENIED, t.failure(), where + ": " + t);
                assertEquals(rule, t.rule(), where + ": denied by " + t.message());
                assertEquals(info.permissions().get(rule).text(), t.message(), where);
            }
            if (roots.length == 1) {
                assertEquals(pa, walker.translate(mem, roots[0], c.va(), c.access(), word), where + ": one-root form");
            }
        }
    }

    /** Every rule denied in some case, and some case of an access it denied elsewhere was allowed. */
    private void coverage(TreeInfo info) {
        Map<Integer, Set<Integer>> deniedAccesses = new HashMap<>();
        Set<Integer> allowedAccesses = new HashSet<>();
        for (Case c : cases) {
            if (c.rule() == null) {
                allowedAccesses.add(c.access());
            } else {
                deniedAccesses.computeIfAbsent(rule(info, c.rule()), k -> new HashSet<>()).add(c.access());
            }
        }
        for (TreeInfo.PermissionInfo p : info.permissions()) {
            Set<Integer> denied = deniedAccesses.getOrDefault(p.index(), Set.of());
            assertTrue(!denied.isEmpty(), tree + ": no case is denied by rule " + p.index() + " \"" + p.text() + "\"");
            assertTrue(denied.stream().anyMatch(allowedAccesses::contains), tree + ": rule " + p.index() + " \""
                    + p.text() + "\" is never seen allowing an access it denies elsewhere");
        }
    }

    private int rule(TreeInfo info, String phrase) {
        List<TreeInfo.PermissionInfo> found = info.permissions().stream().filter(p -> p.text().contains(phrase)).toList();
        assertEquals(1, found.size(), tree + ": rules whose text contains \"" + phrase + "\": " + found);
        return found.getFirst().index();
    }

    private static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    /** A zeroed physical memory of {@code bytes} at address 0, for tables written entry by entry. */
    public static PhysicalMemory memory(long bytes) {
        return PhysicalMemory.of(Arena.ofAuto().allocate(bytes, 4096));
    }
}
