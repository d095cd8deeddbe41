package org.ptdesc.compiler.syntax;

import java.util.List;
import java.util.Optional;
import org.ptdesc.compiler.source.SourceSpan;

/**
 * What formats, trees and levels have in common: entry fields and {@code with} attribute
 * defaults.
 */
public sealed interface Member extends TreeItem, LevelItem {

    /** {@code flag NAME [bit];} or {@code field NAME [hi:lo, ...];} (first slice most significant). */
    record Field(boolean flag, Name name, List<BitRange> slices, String doc) implements Member {
        public Field {
            slices = List.copyOf(slices);
        }
    }

    /** {@code with a = e, b = e;} */
    record With(List<Assignment> assignments) implements Member {
        public With {
            assignments = List.copyOf(assignments);
        }
    }

    /** One {@code hi:lo} (or single {@code bit}) of a field. */
    record BitRange(Expression hi, Optional<Expression> lo, SourceSpan span) {}

    /** {@code attribute = value}. */
    record Assignment(Name attribute, Expression value) {}
}
