package org.ptdesc.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The pair classes generated ahead of time (by the Maven plugin's {@code <pairs>}) as the class
 * path lists them, in every {@value NestedWalkers#REGISTRY} resource: one line per pair,
 * {@code GUEST HOST CLASS} (tree names and the pair class's binary name), {@code #} starting a
 * comment. A pair class is not a {@link java.util.ServiceLoader} provider, because it is built from
 * the two trees' walkers (its constructor takes {@code (TreeWalker guest, TreeWalker host)} for
 * the walk it does not specialise), so it has a listing of its own, read in class-path order;
 * the first line naming the pair wins. Lines that do not parse and listings that cannot be read
 * are kept as problems and named in the message when the pair is not found.
 */
final class NestedPairListing {

    /** Problems tolerated before the search gives up. */
    private static final int MAX_PROBLEMS = 100;

    private NestedPairListing() {}

    static NestedWalker find(String guest, String host, ClassLoader loader) {
        Objects.requireNonNull(guest, "guest");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(loader, "loader");
        SortedSet<String> found = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (URL listing : listings(loader, problems)) {
            List<String> lines;
            try (InputStream in = listing.openStream()) {
                lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            } catch (IOException e) {
                note(problems, listing + ": cannot be read: " + e.getMessage());
                continue;
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int hash = line.indexOf('#');
                String[] fields = (hash >= 0 ? line.substring(0, hash) : line).strip().split("\\s+");
                if (fields.length == 1 && fields[0].isEmpty()) {
                    continue;
                }
                if (fields.length != 3) {
                    note(problems, listing + ":" + (i + 1) + ": expected 'GUEST HOST CLASS', found '" + line.strip() + "'");
                    continue;
                }
                found.add(fields[0] + " over " + fields[1]);
                if (fields[0].equals(guest) && fields[1].equals(host)) {
                    return instantiate(fields[2], guest, host, listing, loader);
                }
            }
        }
        throw new NoSuchElementException(notFound(guest, host, found, problems));
    }

    private static List<URL> listings(ClassLoader loader, List<String> problems) {
        try {
            return Collections.list(loader.getResources(NestedWalkers.REGISTRY));
        } catch (IOException e) {
            note(problems, NestedWalkers.REGISTRY + ": cannot be listed: " + e.getMessage());
            return List.of();
        }
    }

    private static void note(List<String> problems, String problem) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(problem);
        }
    }

    private static NestedWalker instantiate(String className, String guest, String host, URL listing,
                                            ClassLoader loader) {
        String what = "nested walker class " + className + " for '" + guest + "' over '" + host + "' (listed in "
                + listing + ")";
        Class<?> type;
        try {
            type = Class.forName(className, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException(what + " cannot be loaded: " + e, e);
        }
        if (!NestedWalker.class.isAssignableFrom(type)) {
            throw new IllegalStateException(what + " is not a " + NestedWalker.class.getName());
        }
        // The pair's own walk is the composition of the two trees' walkers: they must be here too.
        TreeWalker guestWalker = walker(guest, "guest", what, loader);
        TreeWalker hostWalker = walker(host, "stage 2", what, loader);
        NestedWalker walker;
        try {
            walker = (NestedWalker) type.getConstructor(TreeWalker.class, TreeWalker.class)
                    .newInstance(guestWalker, hostWalker);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(what + " cannot be instantiated: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException(what + " cannot be instantiated: " + e, e);
        }
        String guestName = walker.guestInfo().name();
        String hostName = walker.hostInfo().name();
        if (!guestName.equals(guest) || !hostName.equals(host)) {
            throw new IllegalStateException(what + " walks '" + guestName + "' over '" + hostName + "'");
        }
        return walker;
    }

    private static TreeWalker walker(String tree, String role, String what, ClassLoader loader) {
        try {
            return Walkers.find(tree, loader);
        } catch (NoSuchElementException e) {
            throw new NoSuchElementException(what + " needs the walker of its " + role + " tree: " + e.getMessage(), e);
        }
    }

    private static String notFound(String guest, String host, SortedSet<String> found, List<String> problems) {
        StringBuilder message = new StringBuilder("no nested walker for '").append(guest).append("' over '")
                .append(host).append("' on the class path; ");
        if (found.isEmpty()) {
            message.append("found none");
        } else {
            message.append("found: ").append(String.join(", ", found));
        }
        message.append(" (pair classes generated ahead of time are listed in ").append(NestedWalkers.REGISTRY)
                .append("; NestedWalkers.compose composes two walkers without one)");
        if (!problems.isEmpty()) {
            message.append("; listings that could not be read: ").append(String.join("; ", problems));
        }
        return message.toString();
    }
}
