package org.ptdesc.compiler.encode;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random descriptors meant to be buildable, as text for the whole front end: 1 to 5 levels of
 * 1 to 9 bits above a 12-bit offset, 32- or 64-bit entries in either byte order, sometimes
 * sign-extended; per level a present bit, sometimes a reserved bit that faults, a leaf selector
 * bit above the last level, address fields {@code entry[hi:s] << s}, and attributes of every
 * operator and width given by entry bits, some inverted, with {@code sets} of free bits. Flag
 * positions are drawn per rule from bits 11:0, so every layout differs.
 */
final class RandomDescriptors {

    private final SplittableRandom random;
    private final StringBuilder out = new StringBuilder();
    private final List<Attr> leafAttrs = new ArrayList<>();

    private RandomDescriptors(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static String descriptor(long seed) {
        return new RandomDescriptors(seed).tree();
    }

    private record Attr(String name, String op, int width) {}

    private String tree() {
        int levels = 1 + random.nextInt(5);
        int[] bits = new int[levels];
        int sum = 0;
        for (int i = 0; i < levels; i++) {
            bits[i] = 1 + random.nextInt(9);
            sum += bits[i];
        }
        int addressBits = 12 + sum;
        int entryBits = addressBits <= 32 && random.nextBoolean() ? 32 : 64;
        int hi = entryBits == 32 ? 31 : 40 + random.nextInt(12);
        boolean signExtended = random.nextInt(3) == 0 && addressBits < 64;
        line("tree rnd {");
        line("    address " + addressBits + " bits" + (signExtended ? " sign-extended" : "") + ";");
        line("    offset 12 bits;");
        line("    entry " + entryBits + " bits " + (random.nextInt(3) == 0 ? "big-endian" : "little-endian") + ";");
        for (int b = 0; b < 12; b++) {
            line("    flag b" + b + " [" + b + "];");
        }
        line("    root r = r[" + hi + ":12] << 12;");
        List<Attr> attrs = new ArrayList<>();
        int n = 1 + random.nextInt(4);
        int wide = 0;
        for (int i = 0; i < n; i++) {
            String op = List.of("and", "or", "set").get(random.nextInt(3));
            int width = op.equals("set") && wide < 2 && random.nextBoolean() ? 2 : 1;
            wide += width == 2 ? 1 : 0;
            attrs.add(new Attr("a" + i, op, width));
            line("    attribute a" + i + " : " + (width == 2 ? "2 bits " : "") + op + ";");
        }
        // Every leaf gives the same attributes (so that any page can be split into smaller ones
        // with the same word); the others come from tables only.
        for (Attr a : attrs) {
            if (random.nextInt(5) > 0 || a.op().equals("set")) {
                leafAttrs.add(a);
            }
        }
        int shift = addressBits;
        boolean leavesAbove = false;
        boolean gapAbove = false;
        for (int l = 0; l < levels; l++) {
            shift -= bits[l];
            boolean last = l == levels - 1;
            List<Integer> free = shuffledLowBits();
            int present = free.removeFirst();
            line("    level L" + l + " bits " + bits[l] + " {");
            line("        invalid when !b" + present + ";");
            if (random.nextInt(3) == 0) {
                line("        fault \"reserved\" when b" + free.removeFirst() + ";");
            }
            // Below the first level with leaves, never two levels in a row without: a superpage
            // splits through the levels between, and two would make that a quarter of a million
            // tables.
            boolean leafHere = shift <= hi && (last || gapAbove || random.nextBoolean());
            gapAbove = leavesAbove && !leafHere;
            leavesAbove |= leafHere;
            if (last) {
                line("        leaf -> entry[" + hi + ":" + shift + "] << " + shift + leafWith(attrs, new ArrayList<>(free)) + ";");
            } else {
                if (leafHere) {
                    List<Integer> leafFree = new ArrayList<>(free);
                    int selector = leafFree.removeFirst();
                    line("        leaf when b" + selector + " -> entry[" + hi + ":" + shift + "] << " + shift
                            + leafWith(attrs, leafFree) + ";");
                    free.remove(Integer.valueOf(selector));
                }
                line("        table -> entry[" + hi + ":12] << 12" + tableWith(attrs, free) + ";");
            }
            line("    }");
        }
        line("}");
        return out.toString();
    }

    private List<Integer> shuffledLowBits() {
        List<Integer> bits = new ArrayList<>();
        for (int b = 0; b < 12; b++) {
            bits.add(b);
        }
        for (int i = bits.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            bits.set(i, bits.set(j, bits.get(i)));
        }
        return bits;
    }

    /** The leaves' attributes from entry bits (inverted now and then; pairs first), then {@code sets} of a free bit or none. */
    private String leafWith(List<Attr> attrs, List<Integer> free) {
        List<String> with = new ArrayList<>();
        for (Attr a : leafAttrs) {
            if (a.width() == 2) {
                int b = twoAdjacent(free);
                with.add(a.name() + " = entry[" + (b + 1) + ":" + b + "]");
            }
        }
        for (Attr a : leafAttrs) {
            if (a.width() == 1) {
                with.add(a.name() + " = " + (random.nextInt(3) == 0 ? "!" : "") + "b" + free.removeFirst());
            }
        }
        return clause(with, free);
    }

    /** The {@code and} and {@code or} attributes from entry bits, some of them; {@code sets} of a free bit or none. */
    private String tableWith(List<Attr> attrs, List<Integer> free) {
        List<String> with = new ArrayList<>();
        for (Attr a : attrs) {
            if (a.op().equals("set") || random.nextBoolean()) {
                continue;
            }
            with.add(a.name() + " = " + (random.nextInt(3) == 0 ? "!" : "") + "b" + free.removeFirst());
        }
        return clause(with, free);
    }

    private String clause(List<String> with, List<Integer> free) {
        String text = with.isEmpty() ? "" : " with " + String.join(", ", with);
        if (!free.isEmpty() && random.nextInt(3) == 0) {
            text += " sets b" + free.removeFirst();
        }
        return text;
    }

    /**
     * A free bit whose next bit is free too (both taken). There always is one: at most three bits
     * (present, reserved, selector) and one pair are gone when a pair is asked for, and seven or
     * more of twelve bits in at most five runs include a run of two.
     */
    private static int twoAdjacent(List<Integer> free) {
        for (int b = 0; b < 11; b++) {
            if (free.contains(b) && free.contains(b + 1)) {
                free.remove(Integer.valueOf(b));
                free.remove(Integer.valueOf(b + 1));
                return b;
            }
        }
        throw new IllegalStateException("no two adjacent free bits in " + free);
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
