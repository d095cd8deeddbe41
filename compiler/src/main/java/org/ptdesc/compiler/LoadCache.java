package org.ptdesc.compiler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.ptdesc.compiler.codegen.WalkerLoader;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.TreeWalker;

/**
 * Remembers what {@link Ptdesc#load} compiled, keyed on the file and the parameters and checked
 * against a digest of every file the compilation read, so that a file is compiled once and
 * recompiled only when it (or an include) changes.
 */
final class LoadCache {

    static final LoadCache SHARED = new LoadCache();

    private record Key(Path file, Map<String, Long> parameters) {}

    private record Entry(byte[] digest, List<Path> inputs, Map<String, TreeWalker> walkers, List<String> trees) {}

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

    TreeWalker load(Path file, String tree, Map<String, Long> parameters) {
        Key key = new Key(file.toAbsolutePath().normalize(), Map.copyOf(parameters));
        Entry e = entries.get(key);
        if (e == null || !Arrays.equals(e.digest(), digest(e.inputs()))) {
            e = compile(file, parameters);
            entries.put(key, e);
        }
        Entry found = e;
        TreeWalker w = found.walkers().get(tree);
        if (w == null) {
            throw new NoSuchElementException(file + " has no tree '" + tree + "'; it has: " + String.join(", ", found.trees()));
        }
        return w;
    }

    private static Entry compile(Path file, Map<String, Long> parameters) {
        Compilation c = Ptdesc.compile(file, parameters);
        if (c.hasErrors()) {
            throw new IllegalArgumentException(file + ": the descriptor has errors\n" + c.renderDiagnostics());
        }
        // Digest first: a file changed during compilation is then seen as changed next time.
        byte[] digest = digest(c.inputs());
        Map<String, TreeWalker> walkers = new HashMap<>();
        for (WalkerIr ir : c.trees()) {
            walkers.put(ir.name(), WalkerLoader.shared().load(ir));
        }
        return new Entry(digest, c.inputs(), walkers, c.trees().stream().map(WalkerIr::name).collect(Collectors.toList()));
    }

    private static byte[] digest(List<Path> inputs) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path p : inputs) {
                md.update(p.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                try {
                    md.update(Files.readAllBytes(p));
                } catch (IOException ex) {
                    md.update((byte) 0); // unreadable now: differs from any readable content
                }
            }
            return md.digest();
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every JDK", ex);
        }
    }
}
