package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.Map;
import org.ptdesc.compiler.ClassCompilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.source.Diagnostic;

/** The real compiler, {@link Ptdesc#compileClasses}: the one place the plugin touches its API. */
public final class PtdescCompiler implements DescriptorCompiler {

    @Override
    public String version() {
        return Ptdesc.VERSION;
    }

    @Override
    public CompiledDescriptor compile(Path descriptor, Map<String, Long> parameters, String packageName) {
        ClassCompilation result = Ptdesc.compileClasses(descriptor, parameters, packageName);
        return new CompiledDescriptor(
                result.diagnostics().stream().map(PtdescCompiler::message).toList(),
                result.walkers().stream().map(w -> new WalkerClass(w.tree(), w.className(), w.bytes())).toList(),
                result.inputs());
    }

    private static Message message(Diagnostic d) {
        Message.Severity severity = switch (d.severity().name()) {
            case "ERROR" -> Message.Severity.ERROR;
            case "WARNING" -> Message.Severity.WARNING;
            default -> Message.Severity.NOTE;
        };
        return new Message(severity, d.render());
    }
}
