package org.ptdesc.compiler.model;

import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.source.SourceSpan;
import org.ptdesc.compiler.syntax.TreeItem.Accumulation;

/**
 * The checked model of a descriptor file: every tree of the main file with names resolved,
 * parameters folded, layout computed (level shifts, attribute offsets) and rules typed. Built
 * only when checking found no error; the lowering to IR cannot fail on it. {@code sources}
 * names every file read: the main file first, then its includes.
 */
public record Model(List<TreeModel> trees, List<String> sources) {

    public Model {
        trees = List.copyOf(trees);
        sources = List.copyOf(sources);
    }

    /** The tree named {@code name}. */
    public Optional<TreeModel> tree(String name) {
        return trees.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /**
     * One tree. {@code ranges} are as declared (or the default: the valid address space);
     * {@code levels} from the top down, each with its shift; {@code tagLow} the low bit of the
     * tag (address bits 63..tagLow ignored by translation), 0 without a tag.
     */
    public record TreeModel(String name, String doc, String sourceFile, int line, int addressBits,
            boolean signExtended, List<Range> ranges, int offsetBits, int entryBits, boolean bigEndian,
            List<RootModel> roots, List<AttributeModel> attributes, List<LevelModel> levels, int tagLow,
            List<ModeModel> modes, List<PermissionModel> permissions, CombinationModel combination) {
        public TreeModel {
            ranges = List.copyOf(ranges);
            roots = List.copyOf(roots);
            attributes = List.copyOf(attributes);
            levels = List.copyOf(levels);
            modes = List.copyOf(modes);
            permissions = List.copyOf(permissions);
        }

        /** A tree without combined attributes. */
        public TreeModel(String name, String doc, String sourceFile, int line, int addressBits, boolean signExtended,
                List<Range> ranges, int offsetBits, int entryBits, boolean bigEndian, List<RootModel> roots,
                List<AttributeModel> attributes, List<LevelModel> levels, int tagLow, List<ModeModel> modes,
                List<PermissionModel> permissions) {
            this(name, doc, sourceFile, line, addressBits, signExtended, ranges, offsetBits, entryBits, bigEndian, roots,
                    attributes, levels, tagLow, modes, permissions, CombinationModel.NONE);
        }

        /** A tree without modes or permission rules. */
        public TreeModel(String name, String doc, String sourceFile, int line, int addressBits, boolean signExtended,
                List<Range> ranges, int offsetBits, int entryBits, boolean bigEndian, List<RootModel> roots,
                List<AttributeModel> attributes, List<LevelModel> levels, int tagLow) {
            this(name, doc, sourceFile, line, addressBits, signExtended, ranges, offsetBits, entryBits, bigEndian, roots,
                    attributes, levels, tagLow, List.of(), List.of());
        }
    }

    /**
     * A stage 2 tree's combined attributes: the guest inputs it reads ({@code guest attribute}),
     * packed into the guest input word in declaration order, and the combined attributes, packed
     * into the combined word in declaration order, each a term over the leaf entry, the attribute
     * word and the guest input word ({@link Term.CheckInput#GUEST}), masked to its width.
     */
    public record CombinationModel(List<GuestInputModel> inputs, List<CombinedModel> attributes) {
        public static final CombinationModel NONE = new CombinationModel(List.of(), List.of());

        public CombinationModel {
            inputs = List.copyOf(inputs);
            attributes = List.copyOf(attributes);
        }
    }

    /**
     * A guest input: bits {@code offset + width - 1 .. offset} of the guest input word; {@code at}
     * and {@code sourceLine} locate the declaration for the errors of a pair.
     */
    public record GuestInputModel(String name, int offset, int width, boolean bool, String doc,
            org.ptdesc.compiler.source.SourceSpan at, String sourceLine, int caretColumn) {}

    /** A combined attribute: bits {@code offset + width - 1 .. offset} of the combined word. */
    public record CombinedModel(String name, int offset, int width, boolean bool, Term value, String doc, int line) {}

    /** A mode bit (or field): bits {@code offset + width - 1 .. offset} of the mode word. */
    public record ModeModel(String name, int offset, int width, long defaultValue, String doc, int line) {}

    /**
     * A permission rule: {@code condition} (a bool term over the leaf entry, the attribute word,
     * the mode word and the access) denies the access when true; {@code text} names the manual rule.
     */
    public record PermissionModel(Term condition, String text, int line) {}

    /** An unsigned inclusive address range. */
    public record Range(long first, long last) {}

    /** A root: its register, the range it translates (all addresses when declared without {@code for}). */
    public record RootModel(String register, Range range, Term table, String doc, int line) {}

    /** An attribute and its place in the packed attribute word. */
    public record AttributeModel(String name, int offset, int width, Accumulation accumulation, boolean bool,
            String doc) {}

    /** A level: its index bits, its shift (log2 of an entry's span) and its rules in order. */
    public record LevelModel(String name, int bits, int shift, String doc, List<RuleModel> rules, int line) {
        public LevelModel {
            rules = List.copyOf(rules);
        }
    }

    /** A checked rule; conditions are bool terms (constant true when the rule has no {@code when}). */
    public sealed interface RuleModel {
        Term condition();

        int line();
    }

    /** {@code invalid}. */
    public record InvalidRule(Term condition, int line) implements RuleModel {}

    /** {@code fault "message"}. */
    public record FaultRule(Term condition, String message, int line) implements RuleModel {}

    /**
     * {@code table} or {@code leaf}, with the value of every attribute the entry sets (already
     * resolved through rule, level, tree and format {@code with}s).
     */
    public record MappingRule(boolean leaf, Term condition, Term target, List<AttributeValue> attributes, int line,
            List<SetValue> sets) implements RuleModel {
        public MappingRule {
            attributes = List.copyOf(attributes);
            sets = List.copyOf(sets);
        }

        /** A rule without a {@code sets} clause. */
        public MappingRule(boolean leaf, Term condition, Term target, List<AttributeValue> attributes, int line) {
            this(leaf, condition, target, attributes, line, List.of());
        }
    }

    /**
     * One item of a rule's {@code sets} clause: the entry field (as a term over the entry), the
     * constant it gets when an encoder writes the entry, and where it was written.
     */
    public record SetValue(String name, Term field, long value, SourceSpan span) {}

    /** The value an entry gives an attribute. */
    public record AttributeValue(String attribute, Term value) {}
}
