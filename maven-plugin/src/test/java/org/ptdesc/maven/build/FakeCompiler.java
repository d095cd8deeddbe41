package org.ptdesc.maven.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A compiler of a toy language, so that the build can be tested without the real front end:
 * {@code tree NAME} yields a walker class, {@code include FILE} reads a sibling file,
 * {@code error TEXT} reports an error at that line, {@code crash} throws. The class bytes are made
 * of the descriptor's text, the package and the parameters, so any change shows in them.
 */
final class FakeCompiler implements DescriptorCompiler {

    final List<String> compiled = new ArrayList<>();
    String version = "fake-1";

    @Override
    public String version() {
        return version;
    }

    @Override
    public CompiledDescriptor compile(Path descriptor, Map<String, Long> parameters, String packageName) {
        compiled.add(descriptor.getFileName().toString());
        List<String> lines;
        try {
            lines = Files.readAllLines(descriptor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Message> messages = new ArrayList<>();
        List<WalkerClass> walkers = new ArrayList<>();
        List<Path> inputs = new ArrayList<>(List.of(descriptor));
        for (int i = 0; i < lines.size(); i++) {
            String[] words = lines.get(i).split(" ", 2);
            switch (words[0]) {
                case "tree" -> walkers.add(new WalkerClass(words[1], packageName + "." + words[1] + "Walker",
                        (String.join("\n", lines) + packageName + parameters).getBytes(StandardCharsets.UTF_8)));
                case "include" -> inputs.add(descriptor.resolveSibling(words[1]));
                case "error" -> messages.add(new Message(Message.Severity.ERROR,
                        descriptor + ":" + (i + 1) + ":1: error: " + words[1] + "\n" + lines.get(i) + "\n^"));
                case "warning" -> messages.add(new Message(Message.Severity.WARNING,
                        descriptor + ":" + (i + 1) + ":1: warning: " + words[1]));
                case "crash" -> throw new IllegalStateException("compiler bug");
                default -> { }
            }
        }
        return new CompiledDescriptor(messages, messages.isEmpty() ? walkers : List.of(), inputs);
    }
}
