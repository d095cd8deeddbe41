package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.List;

/**
 * What compiling one descriptor gave: its diagnostics, its walker classes (none when there were
 * errors), and every file the compiler read (the descriptor and its includes).
 */
public record CompiledDescriptor(List<Message> messages, List<WalkerClass> walkers, List<Path> inputs) {

    public CompiledDescriptor {
        messages = List.copyOf(messages);
        walkers = List.copyOf(walkers);
        inputs = List.copyOf(inputs);
    }

    /** The number of error messages. */
    public int errorCount() {
        return (int) messages.stream().filter(m -> m.severity() == Message.Severity.ERROR).count();
    }
}
