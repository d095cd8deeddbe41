package org.ptdesc.maven.build;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Optional;
import java.util.Map;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.maven.staleness.Sha256;

/** The real compiler, {@link Ptdesc#compile} and its walker classes: the one place the plugin touches its API. */
public final class PtdescCompiler implements DescriptorCompiler {

    private String version;

    /**
     * The compiler's version; for a snapshot (or unpackaged) compiler also the digest of its jar,
     * because a snapshot's code generator changes without its version changing, and classes it
     * generated before must not pass for up to date.
     */
    @Override
    public synchronized String version() {
        if (version == null) {
            version = Ptdesc.VERSION;
            if (version.endsWith("-SNAPSHOT") || version.equals("dev")) {
                version += jarDigest().map(d -> "+" + d).orElse("");
            }
        }
        return version;
    }

    private static Optional<String> jarDigest() {
        try {
            CodeSource source = Ptdesc.class.getProtectionDomain().getCodeSource();
            Path jar = source == null ? null : Path.of(source.getLocation().toURI());
            return jar != null && Files.isRegularFile(jar) ? Optional.of(Sha256.ofFile(jar)) : Optional.empty();
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // Without a digest the version alone decides, as it does for releases.
            return Optional.empty();
        }
    }

    @Override
    public CompiledDescriptor compile(Path descriptor, Map<String, Long> parameters, String packageName) {
        Compilation result = Ptdesc.compile(descriptor, parameters);
        return new CompiledDescriptor(
                result.diagnostics().stream().map(PtdescCompiler::message).toList(),
                result.walkers(packageName).stream().map(w -> new WalkerClass(w.tree(), w.className(), w.bytes())).toList(),
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
