package org.ptdesc.compiler;

import java.util.List;
import org.ptdesc.compiler.codegen.ClassFileLimitException;
import org.ptdesc.compiler.codegen.WalkerGenerator;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.compiler.source.DiagnosticCode;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.source.SourceSpan;

/**
 * The last stage of checking: each tree's walker class is generated once, and a tree whose class
 * would break a class-file limit (JVMS §4.7.3, §4.1, §4.4.7) is reported as error P901 at the level,
 * rule or tree responsible. Levels, rules and expressions each have limits of their own, but only
 * their product decides a method's length, and no estimate is exact: generating is, and takes
 * milliseconds. So {@code ptdesc check} accepts exactly what {@code ptdesc compile} compiles.
 */
final class ClassFileFit {

    private ClassFileFit() {}

    /** Reports every tree of {@code trees} (declared in {@code source}) whose class does not fit. */
    static void check(List<WalkerIr> trees, SourceFile source, Diagnostics diagnostics) {
        for (WalkerIr ir : trees) {
            try {
                WalkerGenerator.generate(ir, WalkerGenerator.defaultClassName(ir));
            } catch (ClassFileLimitException e) {
                diagnostics.report(DiagnosticCode.CLASS_FILE_LIMIT, source, lineSpan(source, e.line()), e.tree(),
                        e.problem());
            }
        }
    }

    /** The span of line {@code line}'s text without its indentation (the whole file for line 0). */
    private static SourceSpan lineSpan(SourceFile source, int line) {
        if (line <= 0 || line > source.lineCount()) {
            return SourceSpan.ofFile(source.name());
        }
        String text = source.lineText(line);
        int indent = 0;
        while (indent < text.length() && Character.isWhitespace(text.charAt(indent))) {
            indent++;
        }
        int length = text.strip().codePointCount(0, text.strip().length());
        return new SourceSpan(source.name(), line, text.codePointCount(0, indent) + 1, length);
    }
}
