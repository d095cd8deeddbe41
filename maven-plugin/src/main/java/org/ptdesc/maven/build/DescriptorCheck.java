package org.ptdesc.maven.build;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Checks every descriptor of a source directory without writing anything: shows each diagnostic
 * and counts errors. Not incremental, on purpose: a check is asked for its diagnostics, and a
 * descriptor that compiled cleanly may still have warnings to show.
 */
public final class DescriptorCheck {

    private final DescriptorCompiler compiler;
    private final BuildLog log;

    public DescriptorCheck(DescriptorCompiler compiler, BuildLog log) {
        this.compiler = compiler;
        this.log = log;
    }

    /** Checks the selected descriptors with the given parameters; the report counts them as compiled. */
    public BuildReport run(SourceSelection sources, Map<String, Long> parameters, String packageName)
            throws IOException {
        int checked = 0;
        int errors = 0;
        int failed = 0;
        for (String source : sources.scan()) {
            Path file = sources.directory().resolve(source).toAbsolutePath().normalize();
            CompiledDescriptor result = compiler.compile(file, parameters, packageName);
            result.messages().forEach(m -> m.showIn(log));
            checked++;
            if (result.errorCount() > 0) {
                errors += result.errorCount();
                failed++;
            }
        }
        log.info("ptdesc: checked " + BuildReport.count(checked, "descriptor") + " in " + sources.directory()
                + (errors == 0 ? ": no errors" : ""));
        return new BuildReport(checked, 0, 0, errors, failed);
    }
}
