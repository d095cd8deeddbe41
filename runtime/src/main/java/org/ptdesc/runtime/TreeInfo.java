package org.ptdesc.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a walker walks: the tree's name and documentation, its roots, its levels from the top,
 * the layout of the packed attribute word passed with every leaf and translation, the mode
 * bits its permission rules consult (packed into one {@code long} mode word, as
 * {@link #modes()} lays out) and the permission rules themselves, in the order they are tried.
 */
public record TreeInfo(
        String name,
        String doc,
        String sourceFile,
        int addressBits,
        int entryBytes,
        List<RootInfo> roots,
        List<LevelInfo> levels,
        List<AttributeInfo> attributes,
        List<ModeInfo> modes,
        List<PermissionInfo> permissions) {

    public TreeInfo {
        roots = List.copyOf(roots);
        levels = List.copyOf(levels);
        attributes = List.copyOf(attributes);
        modes = List.copyOf(modes);
        permissions = List.copyOf(permissions);
    }

    /** A tree without mode bits or permission rules (the form walkers of ABI 1 build). */
    public TreeInfo(String name, String doc, String sourceFile, int addressBits, int entryBytes, List<RootInfo> roots,
            List<LevelInfo> levels, List<AttributeInfo> attributes) {
        this(name, doc, sourceFile, addressBits, entryBytes, roots, levels, attributes, List.of(), List.of());
    }

    /**
     * A mode bit (or field of bits) the hardware consults when it checks an access, such as
     * x86 CR0.WP: bits {@code offset + width - 1 .. offset} of the mode word, {@code defaultValue}
     * when the caller does not say otherwise.
     */
    public record ModeInfo(String name, int offset, int width, long defaultValue, String doc) {
        /** The largest value the mode can hold. */
        public long max() {
            return width == 64 ? -1L : (1L << width) - 1;
        }

        /** This mode's value in a mode word. */
        public long valueIn(long modes) {
            return (modes >>> offset) & max();
        }
    }

    /** A permission rule: its index in {@link #permissions()}, the manual rule it states, and its descriptor line. */
    public record PermissionInfo(int index, String text, int line) {}

    /** The mode word with every mode at its documented default. */
    public long defaultModes() {
        long word = 0;
        for (ModeInfo m : modes) {
            word |= (m.defaultValue() & m.max()) << m.offset();
        }
        return word;
    }

    /**
     * The mode word with the given modes set and every other mode at its default.
     *
     * @throws IllegalArgumentException naming the mode, for an unknown name or a value that does
     *     not fit the mode's width
     */
    public long modeWord(Map<String, Long> values) {
        long word = defaultModes();
        for (Map.Entry<String, Long> e : values.entrySet()) {
            ModeInfo mode = mode(e.getKey());
            long v = e.getValue();
            if (mode.width() < 64 && Long.compareUnsigned(v, mode.max()) > 0) {
                throw new IllegalArgumentException("mode " + mode.name() + " of tree " + name + " is "
                        + mode.width() + (mode.width() == 1 ? " bit" : " bits") + " wide: " + Long.toUnsignedString(v)
                        + " is out of range 0.." + Long.toUnsignedString(mode.max()));
            }
            word = (word & ~(mode.max() << mode.offset())) | (v << mode.offset());
        }
        return word;
    }

    /**
     * The mode word from {@code NAME=VALUE} texts (values decimal, {@code 0x} hex or {@code 0b}
     * binary), every other mode at its default.
     *
     * @throws IllegalArgumentException for a malformed pair, an unknown name or an out-of-range value
     */
    public long parseModes(List<String> assignments) {
        Map<String, Long> values = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("mode '" + a + "' is not NAME=VALUE");
            }
            String text = a.substring(eq + 1).trim().replace("_", "");
            long v;
            try {
                String lower = text.toLowerCase(java.util.Locale.ROOT);
                v = lower.startsWith("0x") ? Long.parseUnsignedLong(text.substring(2), 16)
                        : lower.startsWith("0b") ? Long.parseUnsignedLong(text.substring(2), 2)
                        : Long.parseUnsignedLong(text);
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("mode " + a.substring(0, eq).trim() + ": '" + text
                        + "' is not a number (decimal, 0x hex or 0b binary)");
            }
            values.put(a.substring(0, eq).trim(), v);
        }
        return modeWord(values);
    }

    /** The mode called {@code name}. @throws IllegalArgumentException listing the modes when there is none */
    public ModeInfo mode(String name) {
        for (ModeInfo m : modes) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        List<String> names = new ArrayList<>();
        for (ModeInfo m : modes) {
            names.add(m.name());
        }
        throw new IllegalArgumentException("tree " + this.name + " has no mode '" + name + "'"
                + (names.isEmpty() ? " (it declares none)" : "; its modes: " + String.join(", ", names)));
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
        return describe(attributes, packed);
    }

    /**
     * A packed word laid out by {@code layout}, as {@link #describeAttributes} writes it (for
     * words of other layouts, such as a nested walker's combined attributes).
     */
    public static String describe(List<AttributeInfo> layout, long packed) {
        StringBuilder sb = new StringBuilder();
        for (AttributeInfo a : layout) {
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
