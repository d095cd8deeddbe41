package org.ptdesc.maven.build;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.CompiledWalker;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.check.Checker;
import org.ptdesc.compiler.source.Diagnostic;
import org.ptdesc.compiler.source.Diagnostics;
import org.ptdesc.compiler.source.IncludeRoots;
import org.ptdesc.compiler.source.SourceFile;
import org.ptdesc.compiler.syntax.DescriptorParser;
import org.ptdesc.compiler.syntax.SyntaxTree;
import org.ptdesc.maven.staleness.Sha256;

/**
 * The real compiler, {@link Ptdesc#compile} and its walker classes: the one place the plugin
 * touches its API. The compiler reads the descriptor and its includes through a {@link ReadOnce}
 * reader, so the digests recorded for them are those of the bytes it compiled; which offered
 * parameters apply is decided by the compiler's own list of the parameters a file declares.
 * Includes resolve against the including file's directory and then the include roots given here
 * (the goal's source directory), and never outside them.
 */
public final class PtdescCompiler implements DescriptorCompiler {

    /** Digest of an input the compiler names but did not read: matches no file's digest. */
    private static final String NOT_READ = "not-read";

    private final IncludeRoots roots;
    private String version;

    /** A compiler whose includes resolve only against the including file's directory. */
    public PtdescCompiler() {
        this(List.of());
    }

    /** A compiler whose includes may also resolve against {@code includeRoots}, in order. */
    public PtdescCompiler(List<Path> includeRoots) {
        this.roots = IncludeRoots.of(includeRoots);
    }

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
    public CompiledDescriptor compile(Path descriptor, Map<String, Long> offered, Set<String> required,
                                      String packageName) {
        ReadOnce reader = new ReadOnce();
        Optional<Set<String>> declared = declaredParameters(descriptor, reader, roots);
        Compilation result = compilation(descriptor, offered, required, declared, reader);
        Map<Path, String> inputs = new LinkedHashMap<>();
        recordInputs(result, reader, inputs);
        // Unknown declarations (an include or the file could not be read or parsed): the file
        // has errors, and counts as possibly declaring every override, so none is reported.
        Set<String> undeclared = new TreeSet<>();
        declared.ifPresent(d -> offered.keySet().stream()
                .filter(name -> !d.contains(name) && !required.contains(name)).forEach(undeclared::add));
        return new CompiledDescriptor(
                result.diagnostics().stream().map(PtdescCompiler::message).toList(),
                result.walkers(packageName).stream().map(w -> new WalkerClass(w.tree(), w.className(), w.bytes())).toList(),
                inputs,
                new TreeSet<>(undeclared));
    }

    /**
     * Compiles both descriptors as {@link #compile} does (through one reader, so a file both
     * include is read once) and generates their pair class with {@link Ptdesc#nestedWalker}.
     */
    @Override
    public CompiledPair compilePair(PairSource guest, PairSource host, String packageName) {
        ReadOnce reader = new ReadOnce();
        Map<Path, String> inputs = new LinkedHashMap<>();
        List<Message> messages = new ArrayList<>();
        Compilation g = compilation(guest.file(), guest.offered(), guest.required(),
                declaredParameters(guest.file(), reader, roots), reader);
        Compilation h = compilation(host.file(), host.offered(), host.required(),
                declaredParameters(host.file(), reader, roots), reader);
        recordInputs(g, reader, inputs);
        recordInputs(h, reader, inputs);
        g.diagnostics().stream().map(PtdescCompiler::message).forEach(messages::add);
        h.diagnostics().stream().map(PtdescCompiler::message).forEach(messages::add);
        Optional<String> guestTree = tree(g, guest, messages);
        Optional<String> hostTree = tree(h, host, messages);
        if (g.hasErrors() || h.hasErrors() || guestTree.isEmpty() || hostTree.isEmpty()) {
            return new CompiledPair(messages, Optional.empty(), hostTree.orElse(""), inputs);
        }
        try {
            CompiledWalker pair = Ptdesc.nestedWalker(g, guestTree.get(), h, hostTree.get(), packageName);
            return new CompiledPair(messages, Optional.of(new WalkerClass(pair.tree(), pair.className(), pair.bytes())),
                    hostTree.get(), inputs);
        } catch (IllegalArgumentException e) {
            // A pair whose class breaks a class-file limit: the pair's error, not the descriptors'.
            messages.add(new Message(Message.Severity.ERROR, guest.file() + ": error: the pair class of "
                    + guestTree.get() + " over " + hostTree.get() + " cannot be generated: " + e.getMessage()));
            return new CompiledPair(messages, Optional.empty(), hostTree.get(), inputs);
        }
    }

    /**
     * The tree a side names, or an error message naming the file and its trees. Nothing when
     * the file has errors (they say why).
     */
    private static Optional<String> tree(Compilation c, PairSource side, List<Message> messages) {
        if (c.hasErrors()) {
            return Optional.empty();
        }
        List<String> trees = c.trees().stream().map(t -> t.name()).toList();
        if (trees.contains(side.tree())) {
            return Optional.of(side.tree());
        }
        messages.add(new Message(Message.Severity.ERROR, side.file() + ": error: this descriptor has no tree '"
                + side.tree() + "', " + side.role() + "; its trees: " + String.join(", ", trees)));
        return Optional.empty();
    }

    private Compilation compilation(Path descriptor, Map<String, Long> offered, Set<String> required,
                                    Optional<Set<String>> declared, ReadOnce reader) {
        Map<String, Long> applied = new TreeMap<>(offered);
        applied.keySet().removeIf(name -> !required.contains(name) && !declared.map(d -> d.contains(name)).orElse(false));
        return Ptdesc.compile(descriptor, applied, reader, roots);
    }

    private static void recordInputs(Compilation result, ReadOnce reader, Map<Path, String> inputs) {
        for (Path input : result.inputs()) {
            inputs.put(ReadOnce.normalized(input), reader.digest(input).orElse(NOT_READ));
        }
    }

    /**
     * The parameters {@code descriptor} declares (itself, its trees and its includes), as the
     * compiler's own {@link Checker#declaredParameters} finds them, read through the reader the
     * compilation then uses, so both see the same bytes. Empty when the file or an include cannot
     * be read or parsed; the compilation reports why.
     */
    private static Optional<Set<String>> declaredParameters(Path descriptor, ReadOnce reader, IncludeRoots roots) {
        byte[] bytes;
        try {
            bytes = reader.read(descriptor);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Diagnostics quiet = new Diagnostics();
        Optional<SyntaxTree> syntax = DescriptorParser.parse(SourceFile.fromBytes(descriptor.toString(), bytes), quiet);
        return syntax.isEmpty() || quiet.hasErrors() ? Optional.empty() : Checker.declaredParameters(syntax.get(), reader, roots);
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
