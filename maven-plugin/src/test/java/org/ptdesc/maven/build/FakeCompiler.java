package org.ptdesc.maven.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.classfile.Annotation;
import java.lang.classfile.AnnotationElement;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.attribute.ConstantValueAttribute;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.TreeSet;
import org.ptdesc.maven.staleness.Sha256;

/**
 * A compiler of a toy language, so that the build can be tested without the real front end:
 * {@code tree NAME} yields a walker class, {@code include FILE} reads a sibling file,
 * {@code error TEXT} reports an error at that line, {@code param NAME} declares a parameter (the
 * offered overrides it declares apply, a required one it does not declare is an error, as with
 * the real compiler), {@code crash} throws. The class bytes are made of the descriptor's text,
 * the package and the applied parameters, so any change shows in them. Each file is read once
 * and recorded with the digest of those bytes. {@link #duringCompile} runs after the files were
 * read, to play an editor saving a file in the middle of a compilation.
 */
final class FakeCompiler implements DescriptorCompiler {

    final List<String> compiled = new ArrayList<>();
    final List<Map<String, Long>> parametersGiven = new ArrayList<>();
    String version = "fake-1";
    Runnable duringCompile = () -> { };

    @Override
    public String version() {
        return version;
    }

    @Override
    public CompiledDescriptor compile(Path descriptor, Map<String, Long> offered, Set<String> required,
                                      String packageName) {
        compiled.add(descriptor.getFileName().toString());
        List<String> lines = new ArrayList<>();
        Map<Path, String> inputs = new LinkedHashMap<>();
        try {
            lines.addAll(read(descriptor, inputs));
            for (String line : List.copyOf(lines)) {
                if (line.startsWith("include ")) {
                    lines.addAll(read(descriptor.resolveSibling(line.substring("include ".length())), inputs));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        duringCompile.run();
        Set<String> declared = new TreeSet<>();
        lines.stream().filter(l -> l.startsWith("param ")).forEach(l -> declared.add(l.substring("param ".length())));
        Map<String, Long> applied = new TreeMap<>(offered);
        applied.keySet().removeIf(name -> !declared.contains(name) && !required.contains(name));
        parametersGiven.add(Map.copyOf(applied));
        List<Message> messages = new ArrayList<>();
        List<WalkerClass> walkers = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String[] words = lines.get(i).split(" ", 2);
            switch (words[0]) {
                case "tree" -> walkers.add(new WalkerClass(words[1], packageName + "." + words[1] + "Walker",
                        stampedClass(packageName + "." + words[1] + "Walker", words[1],
                                String.join("\n", lines) + packageName + applied)));
                case "error" -> messages.add(new Message(Message.Severity.ERROR,
                        descriptor + ":" + (i + 1) + ":1: error: " + words[1] + "\n" + lines.get(i) + "\n^"));
                case "warning" -> messages.add(new Message(Message.Severity.WARNING,
                        descriptor + ":" + (i + 1) + ":1: warning: " + words[1]));
                case "crash" -> throw new IllegalStateException("compiler bug");
                default -> { }
            }
        }
        applied.keySet().stream().filter(name -> !declared.contains(name)).forEach(name -> messages.add(new Message(
                Message.Severity.ERROR, descriptor + ": error: parameter override '" + name + "' names no parameter of this file")));
        Set<String> undeclared = new TreeSet<>(offered.keySet());
        undeclared.removeAll(declared);
        undeclared.removeAll(required);
        boolean failed = messages.stream().anyMatch(m -> m.severity() == Message.Severity.ERROR);
        return new CompiledDescriptor(messages, failed ? List.of() : walkers, inputs, new TreeSet<>(undeclared));
    }

    /**
     * A pair of two trees of the toy language: both files compiled as {@link #compile} does, the
     * class {@code GOverHNestedWalker} (unstamped, as the real pair classes are) whose content is
     * both files' class contents; a tree a file does not define is an error.
     */
    @Override
    public CompiledPair compilePair(PairSource guest, PairSource host, String packageName) {
        compiled.add("pair " + guest.tree() + " over " + host.tree());
        CompiledDescriptor g = compile(guest.file(), guest.offered(), guest.required(), packageName);
        CompiledDescriptor h = compile(host.file(), host.offered(), host.required(), packageName);
        compiled.removeLast();
        compiled.removeLast();
        Map<Path, String> inputs = new LinkedHashMap<>(g.inputs());
        inputs.putAll(h.inputs());
        List<Message> messages = new ArrayList<>();
        StringBuilder content = new StringBuilder();
        for (var side : List.of(Map.entry(guest, g), Map.entry(host, h))) {
            var walker = side.getValue().walkers().stream().filter(w -> w.tree().equals(side.getKey().tree())).findFirst();
            if (walker.isEmpty()) {
                messages.add(new Message(Message.Severity.ERROR, side.getKey().file() + ": error: no tree '"
                        + side.getKey().tree() + "', " + side.getKey().role()));
            } else {
                content.append(content(walker.get().bytes()));
            }
        }
        if (!messages.isEmpty()) {
            return new CompiledPair(messages, java.util.Optional.empty(), host.tree(), inputs);
        }
        String className = packageName + "." + guest.tree() + "Over" + host.tree() + "NestedWalker";
        byte[] bytes = ClassFile.of().build(ClassDesc.of(className), cb -> cb
                .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL)
                .withSuperclass(ConstantDescs.CD_Object)
                .withField("CONTENT", ConstantDescs.CD_String, fb -> fb
                        .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC | ClassFile.ACC_FINAL)
                        .with(ConstantValueAttribute.of(content.toString()))));
        return new CompiledPair(List.of(), java.util.Optional.of(new WalkerClass(guest.tree(), className, bytes)),
                host.tree(), inputs);
    }

    /** The lines of {@code file}, read once, its digest recorded as that of the bytes read. */
    private static List<String> read(Path file, Map<Path, String> inputs) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        inputs.put(file.toAbsolutePath().normalize(), Sha256.ofBytes(bytes));
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }

    /**
     * A class file carrying the runtime's {@code @GeneratedWalker} stamp, as the real compiler's
     * classes do, with {@code content} as a constant so that its bytes change with the input.
     */
    static byte[] stampedClass(String className, String tree, String content) {
        return ClassFile.of().build(ClassDesc.of(className), cb -> cb
                .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL)
                .withSuperclass(ConstantDescs.CD_Object)
                .with(RuntimeVisibleAnnotationsAttribute.of(Annotation.of(ClassDesc.of("org.ptdesc.runtime.GeneratedWalker"),
                        AnnotationElement.ofInt("abi", 1), AnnotationElement.ofString("tree", tree))))
                .withField("CONTENT", ConstantDescs.CD_String, fb -> fb
                        .withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC | ClassFile.ACC_FINAL)
                        .with(ConstantValueAttribute.of(content))));
    }

    /** The content a class made by {@link #stampedClass} carries. */
    static String content(byte[] classFile) {
        return ClassFile.of().parse(classFile).fields().getFirst().findAttribute(Attributes.constantValue())
                .orElseThrow().constant().constantValue().toString();
    }
}
