package org.ptdesc.compiler.syntax;

import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.source.SourceSpan;

/** A declaration inside a {@code tree { ... }} block. {@code keyword} spans point at the keyword. */
public sealed interface TreeItem permits Declaration.Param, Member, TreeItem.Address, TreeItem.Range,
        TreeItem.Offset, TreeItem.EntrySize, TreeItem.UseFormat, TreeItem.Root, TreeItem.Tag, TreeItem.AttributeDecl, TreeItem.ModeDecl,
        TreeItem.Deny, TreeItem.GuestAttribute, TreeItem.Combined, TreeItem.Level {

    /** {@code address N bits [sign-extended];} */
    record Address(Expression bits, boolean signExtended, SourceSpan keyword) implements TreeItem {}

    /** {@code range A .. B;} */
    record Range(Expression first, Expression last, SourceSpan keyword) implements TreeItem {}

    /** {@code offset N bits;} */
    record Offset(Expression bits, SourceSpan keyword) implements TreeItem {}

    /** {@code entry 32|64 bits [little-endian|big-endian];} */
    record EntrySize(Expression bits, boolean bigEndian, SourceSpan keyword) implements TreeItem {}

    /** {@code format NAME;} */
    record UseFormat(Name format) implements TreeItem {}

    /** {@code root REG [for A .. B] = expr ["doc"];} */
    record Root(Name register, Optional<Expression> first, Optional<Expression> last, Expression value, String doc,
            SourceSpan forSpan) implements TreeItem {}

    /** {@code tag HI:LO ["doc"];} address bits HI..LO are ignored by translation. */
    record Tag(Expression hi, Expression lo, String doc, SourceSpan keyword) implements TreeItem {}

    /** {@code attribute NAME : [W bits] and|or|set ["doc"];} */
    record AttributeDecl(Name name, Optional<Expression> width, Accumulation accumulation, String doc)
            implements TreeItem {}

    /** {@code mode NAME [: W bits] = DEFAULT ["doc"];} a mode bit consulted by the permission rules. */
    record ModeDecl(Name name, Optional<Expression> width, Expression value, String doc, SourceSpan keyword)
            implements TreeItem {}

    /** {@code deny "text" when COND;} a permission rule. */
    record Deny(String text, Expression condition, SourceSpan keyword) implements TreeItem {}

    /**
     * {@code guest attribute NAME [: W bits] ["doc"];} in a stage 2 tree: an attribute the guest
     * tree of a pair must provide, read as {@code guest.NAME} in combined declarations.
     */
    record GuestAttribute(Name name, Optional<Expression> width, String doc, SourceSpan keyword) implements TreeItem {}

    /**
     * {@code combined NAME [: W bits] = EXPR ["doc"];} in a stage 2 tree: an attribute of a nested
     * translation computed from this tree's attributes and leaf entry and the guest's attributes.
     */
    record Combined(Name name, Optional<Expression> width, Expression value, String doc, SourceSpan keyword)
            implements TreeItem {}

    /** {@code level NAME bits N ["doc"] { ... }} */
    record Level(Name name, Expression bits, String doc, List<LevelItem> items) implements TreeItem {
        public Level {
            items = List.copyOf(items);
        }
    }

    /** How an attribute accumulates down the walk. */
    enum Accumulation {
        AND, OR, SET
    }
}
