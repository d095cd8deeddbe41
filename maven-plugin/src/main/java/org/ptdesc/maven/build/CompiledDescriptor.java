package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * What compiling one descriptor gave: its diagnostics, its walker classes (none when there were
 * errors), every file the compiler read (the descriptor and its includes), and the parameter
 * overrides it was given that name no parameter of the file (also reported among the messages,
 * as errors, unless {@link ParameterOverrides} left them out).
 */
public record CompiledDescriptor(List<Message> messages, List<WalkerClass> walkers, List<Path> inputs,
                                 SortedSet<String> undeclaredParameters) {

    public CompiledDescriptor {
        messages = List.copyOf(messages);
        walkers = List.copyOf(walkers);
        inputs = List.copyOf(inputs);
        undeclaredParameters = Collections.unmodifiableSortedSet(new TreeSet<>(undeclaredParameters));
    }

    /** A result in which every override named a parameter. */
    public CompiledDescriptor(List<Message> messages, List<WalkerClass> walkers, List<Path> inputs) {
        this(messages, walkers, inputs, new TreeSet<>());
    }

    /** The same result with other undeclared parameters. */
    public CompiledDescriptor withUndeclaredParameters(Set<String> names) {
        return new CompiledDescriptor(messages, walkers, inputs, new TreeSet<>(names));
    }

    /** The number of error messages. */
    public int errorCount() {
        return (int) messages.stream().filter(m -> m.severity() == Message.Severity.ERROR).count();
    }
}
