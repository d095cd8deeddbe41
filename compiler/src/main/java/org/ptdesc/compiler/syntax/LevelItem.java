package org.ptdesc.compiler.syntax;

import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.source.SourceSpan;

/** A declaration inside a {@code level { ... }} block: a field, a {@code with}, or a rule. */
public sealed interface LevelItem permits Member, LevelItem.RuleDecl {

    /** A rule; {@code keyword} points at {@code invalid}, {@code fault}, {@code table} or {@code leaf}. */
    sealed interface RuleDecl extends LevelItem {
        Optional<Expression> condition();

        SourceSpan keyword();
    }

    /** {@code invalid [when C] ["doc"];} */
    record Invalid(Optional<Expression> condition, String doc, SourceSpan keyword) implements RuleDecl {}

    /** {@code fault "message" [when C];} */
    record Fault(String message, Optional<Expression> condition, SourceSpan keyword) implements RuleDecl {}

    /** {@code table|leaf [when C] -> ADDR [with ...] [sets ...] ["doc"];} */
    record Mapping(boolean leaf, Optional<Expression> condition, Expression target, List<Member.Assignment> with,
            List<Setting> sets, String doc, SourceSpan keyword) implements RuleDecl {
        public Mapping {
            with = List.copyOf(with);
            sets = List.copyOf(sets);
        }

        /** A rule without a {@code sets} clause. */
        public Mapping(boolean leaf, Optional<Expression> condition, Expression target, List<Member.Assignment> with,
                String doc, SourceSpan keyword) {
            this(leaf, condition, target, with, List.of(), doc, keyword);
        }
    }

    /**
     * One item of a {@code sets} clause: entry field {@code field} gets {@code value} (1 when
     * omitted) when an encoder writes this rule's entries; decoding ignores it.
     */
    record Setting(Name field, Optional<Expression> value) {}
}
