package org.ptdesc.compiler.syntax;

import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.source.SourceSpan;

/** A top-level declaration of a descriptor file. Missing documentation strings are empty. */
public sealed interface Declaration {

    /** {@code include "path";} */
    record Include(String path, SourceSpan pathSpan) implements Declaration {}

    /**
     * {@code param NAME [= value] [in LOW .. HIGH] ["doc"];} (also a tree item when written inside
     * a tree).
     */
    record Param(Name name, Optional<Expression> value, Optional<ValueRange> range, String doc)
            implements Declaration, TreeItem {

        /** A parameter without a declared range. */
        public Param(Name name, Optional<Expression> value, String doc) {
            this(name, value, Optional.empty(), doc);
        }
    }

    /** {@code in LOW .. HIGH} of a parameter: the values it may take, inclusive. */
    record ValueRange(Expression low, Expression high, SourceSpan keyword) {}

    /** {@code format NAME ["doc"] { fields; with ...; }} */
    record Format(Name name, String doc, List<Member> members) implements Declaration {
        public Format {
            members = List.copyOf(members);
        }
    }

    /** {@code tree NAME ["doc"] { ... }} */
    record Tree(Name name, String doc, List<TreeItem> items) implements Declaration {
        public Tree {
            items = List.copyOf(items);
        }
    }
}
