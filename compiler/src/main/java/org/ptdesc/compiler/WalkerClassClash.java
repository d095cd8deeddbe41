package org.ptdesc.compiler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceSpan;

/**
 * Finds trees of different files that would be written to the same class file: their walker
 * class names are equal ignoring case, because on a case-insensitive file system (macOS and
 * Windows by default) {@code AbcWalker.class} and {@code ABCWalker.class} are one file. The
 * checker makes the same comparison between the trees of one file (P204).
 */
final class WalkerClassClash {

    private WalkerClassClash() {}

    private record Owner(Compilation file, WalkerIr tree, String className) {}

    static List<Diagnostic> find(List<Compilation> compilations, String packageName) {
        Diagnostics found = new Diagnostics();
        Map<String, Owner> owners = new HashMap<>();
        for (Compilation c : compilations) {
            for (WalkerIr tree : c.trees()) {
                String className = Compilation.walkerClassName(tree, packageName);
                Owner first = owners.putIfAbsent(className.toLowerCase(Locale.ROOT), new Owner(c, tree, className));
                if (first != null && !first.file().file().equals(c.file())) {
                    found.report(DiagnosticCode.WALKER_CLASS_CLASH, null, SourceSpan.ofFile(c.file().toString()),
                            tree.name(), tree.line(), className, first.tree().name(), first.file().file(),
                            first.className());
                }
            }
        }
        return new ArrayList<>(found.all());
    }
}
