package org.ptdesc.compiler.check;

import org.ptdesc.compiler.model.Term;
import org.ptdesc.compiler.source.SourceSpan;

/** What a name in an expression stands for. */
sealed interface Symbol {

    /** Where it was declared (for "already declared at" messages). */
    SourceSpan declared();

    /** The word for its kind, as in "duplicate field 'x'". */
    String kind();

    /** A parameter: its folded value (or poison when it has none). */
    record Param(Term value, SourceSpan declared) implements Symbol {
        public String kind() {
            return "parameter";
        }
    }

    /**
     * A field or flag: its value as a term over the entry; {@code parametric} when its bounds
     * depend on a parameter.
     */
    record Field(Term value, boolean flag, boolean parametric, SourceSpan declared) implements Symbol {
        public String kind() {
            return flag ? "flag" : "field";
        }
    }

    /** A root register. */
    record Register(String name, SourceSpan declared) implements Symbol {
        public String kind() {
            return "root register";
        }
    }

    /** A mode bit (or field), visible only in permission rules: a slice of the mode word. */
    record Mode(Term value, SourceSpan declared) implements Symbol {
        public String kind() {
            return "mode";
        }
    }

    /** An attribute read by a permission rule: a slice of the accumulated attribute word. */
    record Attribute(Term value, SourceSpan declared) implements Symbol {
        public String kind() {
            return "attribute";
        }
    }
}
