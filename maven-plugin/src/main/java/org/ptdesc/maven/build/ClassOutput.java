package org.ptdesc.maven.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ptdesc.maven.staleness.AtomicFile;
import org.ptdesc.maven.staleness.DescriptorRecord;

/**
 * The class files of an output directory that the plugin owns. Classes of one descriptor are
 * first all written to temporary files and then renamed into place, so that a failure (a full
 * disk) leaves no mix of old and new classes; a class whose bytes did not change is not
 * rewritten, so its timestamp does not wake up incremental compilers downstream.
 */
public record ClassOutput(Path directory) {

    /** Writes {@code walkers}; returns how many class files were actually (re)written. */
    public int write(List<WalkerClass> walkers) throws IOException {
        Map<Path, Path> staged = new LinkedHashMap<>();
        try {
            for (WalkerClass w : walkers) {
                Path target = directory.resolve(w.classFile());
                if (Files.isRegularFile(target) && Arrays.equals(Files.readAllBytes(target), w.bytes())) {
                    continue;
                }
                Files.createDirectories(target.getParent());
                Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
                staged.put(tmp, target);
                Files.write(tmp, w.bytes());
            }
            for (Map.Entry<Path, Path> e : staged.entrySet()) {
                AtomicFile.move(e.getKey(), e.getValue());
            }
            return staged.size();
        } finally {
            for (Path tmp : staged.keySet()) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Deletes the class files of the given walkers (binary names); returns the ones that existed. */
    public List<String> delete(Collection<String> classNames) throws IOException {
        List<String> deleted = new ArrayList<>();
        for (String name : classNames) {
            if (Files.deleteIfExists(directory.resolve(DescriptorRecord.classFile(name)))) {
                deleted.add(name);
            }
        }
        return deleted;
    }
}
