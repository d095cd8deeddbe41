package org.ptdesc.compiler.load;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Collectors;
import org.ptdesc.compiler.Compilation;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.TreeWalker;

/**
 * Remembers what {@link Ptdesc#load} compiled, keyed on the file and the parameters and checked
 * against a digest of every file the compilation read, so that a file is compiled once and
 * recompiled only when it (or an include) changes. Walkers are held weakly: one nobody uses can
 * be unloaded, and is compiled again when asked for.
 */
public final class LoadCache {

    public static final LoadCache SHARED = new LoadCache();

    private record Key(Path file, Map<String, Long> parameters) {}

    /** What one compilation gave: the walkers are held weakly, so that they can be unloaded. */
    private record Entry(byte[] digest, List<Path> inputs, Map<String, WeakReference<TreeWalker>> walkers,
            List<String> trees) {}

    private final Map<Key, Entry> entries = new HashMap<>();

    public synchronized TreeWalker load(Path file, String tree, Map<String, Long> parameters) {
        Key key = new Key(file.toAbsolutePath().normalize(), Map.copyOf(parameters));
        Entry e = entries.get(key);
        TreeWalker w = e == null ? null : walker(e, tree);
        if (e == null || !Arrays.equals(e.digest(), digest(e.inputs())) || (w == null && e.trees().contains(tree))) {
            Map<String, TreeWalker> loaded = new HashMap<>(); // strong until returned
            e = compile(file, parameters, loaded);
            entries.put(key, e);
            w = loaded.get(tree);
        }
        if (w == null) {
            throw new NoSuchElementException(file + " has no tree '" + tree + "'; it has: " + String.join(", ", e.trees()));
        }
        return w;
    }

    private static TreeWalker walker(Entry e, String tree) {
        WeakReference<TreeWalker> ref = e.walkers().get(tree);
        return ref == null ? null : ref.get();
    }

    private static Entry compile(Path file, Map<String, Long> parameters, Map<String, TreeWalker> loaded) {
        Compilation c = Ptdesc.compile(file, parameters);
        if (c.hasErrors()) {
            throw new IllegalArgumentException(file + ": the descriptor has errors\n" + c.renderDiagnostics());
        }
        // Digest first: a file changed during compilation is then seen as changed next time.
        byte[] digest = digest(c.inputs());
        Map<String, WeakReference<TreeWalker>> walkers = new HashMap<>();
        for (WalkerIr ir : c.trees()) {
            TreeWalker w = WalkerLoader.shared().load(ir);
            loaded.put(ir.name(), w);
            walkers.put(ir.name(), new WeakReference<>(w));
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
