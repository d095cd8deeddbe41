package org.ptdesc.maven.build;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What generating one declared pair's class gave: its messages (a missing tree is an error
 * naming the descriptor), the pair class (none when there was an error), with the guest tree as
 * its {@link WalkerClass#tree()}, the stage 2 tree's name, and every file the compiler read for
 * it with the digest of the bytes it compiled.
 */
public record CompiledPair(List<Message> messages, Optional<WalkerClass> pairClass, String hostTree,
                           Map<Path, String> inputs) {

    public CompiledPair {
        messages = List.copyOf(messages);
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    }

    /** The number of error messages. */
    public int errorCount() {
        return (int) messages.stream().filter(m -> m.severity() == Message.Severity.ERROR).count();
    }
}
