package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What compiling one descriptor gave: its diagnostics, its walker classes (none when there were
 * errors), every file the compiler read (the descriptor and its includes) with the digest of the
 * bytes it compiled, and the offered parameter overrides that were left out because the file
 * declares no parameter of that name.
 */
public record CompiledDescriptor(List<Message> messages, List<WalkerClass> walkers, Map<Path, String> inputs,
                                 SortedSet<String> undeclaredParameters) {

    public CompiledDescriptor {
        messages = List.copyOf(messages);
        walkers = List.copyOf(walkers);
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        undeclaredParameters = Collections.unmodifiableSortedSet(new TreeSet<>(undeclaredParameters));
    }

    /** A result in which every override named a parameter. */
    public CompiledDescriptor(List<Message> messages, List<WalkerClass> walkers, Map<Path, String> inputs) {
        this(messages, walkers, inputs, new TreeSet<>());
    }

    /** The number of error messages. */
    public int errorCount() {
        return (int) messages.stream().filter(m -> m.severity() == Message.Severity.ERROR).count();
    }
}
