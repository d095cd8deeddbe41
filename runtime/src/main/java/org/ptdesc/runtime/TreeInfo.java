package org.ptdesc.runtime;

import java.util.List;

/**
 * What a walker walks: the tree's name and documentation, its roots, its levels from the top,
 * and the layout of the packed attribute word passed with every leaf and translation.
 */
public record TreeInfo(
        String name,
        String doc,
        String sourceFile,
        int addressBits,
        int entryBytes,
        List<RootInfo> roots,
        List<LevelInfo> levels,
        List<AttributeInfo> attributes) {

    public TreeInfo {
        roots = List.copyOf(roots);
        levels = List.copyOf(levels);
        attributes = List.copyOf(attributes);
    }

    /** A root register and the (unsigned, inclusive) address range it translates. */
    public record RootInfo(String register, long first, long last, String doc) {}

    /** A level: its name, the address bits that index it, and its documentation. */
    public record LevelInfo(String name, int shift, int bits, String doc) {
        /** Bytes covered by one entry of this level. */
        public long entrySpan() {
            return 1L << shift;
        }
    }

    /**
     * An attribute: its name, its position and width in the packed attribute word, and how it
     * accumulates down the walk ({@code and}, {@code or}, or {@code set}: the lowest level that
     * sets it wins).
     */
    public record AttributeInfo(String name, int offset, int width, String operator, boolean bool, String doc) {
        /** This attribute's value in a packed attribute word. */
        public long valueIn(long attributes) {
            long v = attributes >>> offset;
            return width == 64 ? v : v & ((1L << width) - 1);
        }
    }

    /** Attributes as people read them: boolean names that are true, {@code name=0x..} for the rest. */
    public String describeAttributes(long packed) {
        StringBuilder sb = new StringBuilder();
        for (AttributeInfo a : attributes) {
            long v = a.valueIn(packed);
            if (a.bool()) {
                if (v == 0) {
                    continue;
                }
                if (!sb.isEmpty()) {
                    sb.append(',');
                }
                sb.append(a.name());
            } else {
                if (!sb.isEmpty()) {
                    sb.append(',');
                }
                sb.append(a.name()).append("=0x").append(Long.toHexString(v));
            }
        }
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
