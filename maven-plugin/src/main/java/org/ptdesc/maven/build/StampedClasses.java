package org.ptdesc.maven.build;

import java.io.IOException;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.ptdesc.runtime.GeneratedWalker;

/**
 * The classes of one package of an output directory that carry the runtime's
 * {@link GeneratedWalker} stamp, which the compiler puts on every walker it generates. When the
 * state of the last build is damaged, these are the classes the plugin may have written and must
 * not leave behind: a descriptor deleted meanwhile would otherwise stay registered. Only the
 * configured package is searched, not the whole output: a walker class elsewhere (one a project
 * compiled itself and ships as a resource) is not the plugin's to remove.
 */
record StampedClasses(Path outputDirectory, String packageName) {

    private static final String STAMP = GeneratedWalker.class.descriptorString();

    /** The binary names of the stamped classes, sorted; none when the package has no directory. */
    SortedSet<String> find() throws IOException {
        Path dir = outputDirectory.resolve(packageName.replace('.', '/'));
        TreeSet<String> found = new TreeSet<>();
        if (!Files.isDirectory(dir)) {
            return found;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".class")).toList()) {
                if (Files.isRegularFile(f) && stamped(Files.readAllBytes(f))) {
                    String simple = f.getFileName().toString();
                    found.add(packageName + "." + simple.substring(0, simple.length() - ".class".length()));
                }
            }
        }
        return found;
    }

    /** True when a class file carries the stamp; false for anything that does not parse as one. */
    static boolean stamped(byte[] classFile) {
        try {
            ClassModel model = ClassFile.of().parse(classFile);
            return model.findAttribute(Attributes.runtimeVisibleAnnotations()).stream()
                    .map(RuntimeVisibleAnnotationsAttribute::annotations)
                    .flatMap(java.util.List::stream)
                    .anyMatch(a -> a.className().stringValue().equals(STAMP));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
