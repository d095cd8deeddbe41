package org.ptdesc.compiler.ir;

import java.util.ArrayList;
import java.util.List;
import org.ptdesc.runtime.TreeInfo;

/**
 * The IR of one tree: all a walker needs, with names resolved, types checked, parameters and
 * constants folded. The contract between the front end and both back ends (the reference
 * interpreter and the bytecode generator).
 *
 * @param ranges the walkable address ranges, unsigned, inclusive, sorted and disjoint
 * @param roots the roots in declaration order, their ranges sorted and disjoint
 * @param levels from the top (level 0) down; the last level's {@code shift} is the page offset
 * @param attributeInit the packed attribute word before the first level (identity of each operator)
 * @param tagLow the low bit of the tag ({@code tag 63:tagLow;}): translation first replaces address
 *     bits 63..tagLow with copies of bit tagLow-1; 0 when the tree has no tag
 * @param modes the mode bits of the mode word, in declaration order
 * @param permissions the permission rules, tried in order at the leaf of an access-checked walk
 * @param combination a stage 2 tree's combined attributes ({@link Combination#NONE} for most trees)
 */
public record WalkerIr(
        String name,
        String doc,
        String sourceFile,
        int line,
        int addressBits,
        boolean signExtended,
        List<AddressRange> ranges,
        List<Root> roots,
        int entryBytes,
        boolean bigEndian,
        List<Level> levels,
        List<Attribute> attributes,
        long attributeInit,
        int tagLow,
        List<Permission.Mode> modes,
        List<Permission> permissions,
        Combination combination) {

    public WalkerIr {
        ranges = List.copyOf(ranges);
        roots = List.copyOf(roots);
        levels = List.copyOf(levels);
        attributes = List.copyOf(attributes);
        modes = List.copyOf(modes);
        permissions = List.copyOf(permissions);
        java.util.Objects.requireNonNull(combination);
        if (tagLow < 0 || tagLow > 63) {
            throw new IllegalArgumentException("tag low bit " + tagLow + " is outside 1..63 (0: no tag)");
        }
    }

    /** A tree without combined attributes. */
    public WalkerIr(String name, String doc, String sourceFile, int line, int addressBits, boolean signExtended,
            List<AddressRange> ranges, List<Root> roots, int entryBytes, boolean bigEndian, List<Level> levels,
            List<Attribute> attributes, long attributeInit, int tagLow, List<Permission.Mode> modes,
            List<Permission> permissions) {
        this(name, doc, sourceFile, line, addressBits, signExtended, ranges, roots, entryBytes, bigEndian, levels,
                attributes, attributeInit, tagLow, modes, permissions, Combination.NONE);
    }

    /** A tree without modes or permission rules. */
    public WalkerIr(String name, String doc, String sourceFile, int line, int addressBits, boolean signExtended,
            List<AddressRange> ranges, List<Root> roots, int entryBytes, boolean bigEndian, List<Level> levels,
            List<Attribute> attributes, long attributeInit, int tagLow) {
        this(name, doc, sourceFile, line, addressBits, signExtended, ranges, roots, entryBytes, bigEndian, levels,
                attributes, attributeInit, tagLow, List.of(), List.of());
    }

    /** A tree without a tag (the form every IR had before tags). */
    public WalkerIr(String name, String doc, String sourceFile, int line, int addressBits, boolean signExtended,
            List<AddressRange> ranges, List<Root> roots, int entryBytes, boolean bigEndian, List<Level> levels,
            List<Attribute> attributes, long attributeInit) {
        this(name, doc, sourceFile, line, addressBits, signExtended, ranges, roots, entryBytes, bigEndian, levels,
                attributes, attributeInit, 0);
    }

    /** This tree with tag {@code 63:tagLow} (0: without a tag). */
    public WalkerIr withTag(int tagLow) {
        return new WalkerIr(name, doc, sourceFile, line, addressBits, signExtended, ranges, roots, entryBytes,
                bigEndian, levels, attributes, attributeInit, tagLow, modes, permissions, combination);
    }

    /** This tree with the given combined attributes. */
    public WalkerIr withCombination(Combination combination) {
        return new WalkerIr(name, doc, sourceFile, line, addressBits, signExtended, ranges, roots, entryBytes,
                bigEndian, levels, attributes, attributeInit, tagLow, modes, permissions, combination);
    }

    /** This tree with the given modes and permission rules. */
    public WalkerIr withPermissions(List<Permission.Mode> modes, List<Permission> permissions) {
        return new WalkerIr(name, doc, sourceFile, line, addressBits, signExtended, ranges, roots, entryBytes,
                bigEndian, levels, attributes, attributeInit, tagLow, modes, permissions, combination);
    }

    /**
     * The address translation works with: {@code va} with bits 63..tagLow replaced by copies of
     * bit tagLow-1 (an arithmetic shift left and back), or {@code va} itself without a tag.
     */
    public long untagged(long va) {
        return tagLow == 0 ? va : (va << (64 - tagLow)) >> (64 - tagLow);
    }

    /** An unsigned inclusive address range. */
    public record AddressRange(long first, long last) {
        public boolean contains(long va) {
            return Long.compareUnsigned(va, first) >= 0 && Long.compareUnsigned(va, last) <= 0;
        }
    }

    /** True when {@code va} is inside a walkable range. */
    public boolean inRange(long va) {
        for (AddressRange r : ranges) {
            if (r.contains(va)) {
                return true;
            }
        }
        return false;
    }

    /** The index of the root translating {@code va}, or -1. */
    public int rootFor(long va) {
        for (int i = 0; i < roots.size(); i++) {
            Root r = roots.get(i);
            if (Long.compareUnsigned(va, r.first()) >= 0 && Long.compareUnsigned(va, r.last()) <= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The runtime's description of this tree. */
    public TreeInfo info() {
        List<TreeInfo.RootInfo> rs = new ArrayList<>();
        for (Root r : roots) {
            rs.add(new TreeInfo.RootInfo(r.register(), r.first(), r.last(), r.doc()));
        }
        List<TreeInfo.LevelInfo> ls = new ArrayList<>();
        for (Level l : levels) {
            ls.add(new TreeInfo.LevelInfo(l.name(), l.shift(), l.bits(), l.doc()));
        }
        List<TreeInfo.AttributeInfo> as = new ArrayList<>();
        for (Attribute a : attributes) {
            as.add(new TreeInfo.AttributeInfo(a.name(), a.offset(), a.width(), a.operator().keyword(), a.bool(), a.doc()));
        }
        List<TreeInfo.ModeInfo> ms = new ArrayList<>();
        for (Permission.Mode m : modes) {
            ms.add(new TreeInfo.ModeInfo(m.name(), m.offset(), m.width(), m.defaultValue(), m.doc()));
        }
        List<TreeInfo.PermissionInfo> ps = new ArrayList<>();
        for (int i = 0; i < permissions.size(); i++) {
            ps.add(new TreeInfo.PermissionInfo(i, permissions.get(i).text(), permissions.get(i).line()));
        }
        return new TreeInfo(name, doc, sourceFile, addressBits, entryBytes, rs, ls, as, ms, ps);
    }
}
