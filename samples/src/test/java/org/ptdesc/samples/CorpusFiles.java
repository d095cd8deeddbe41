package org.ptdesc.samples;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Public access to a case of the bundled QEMU corpus for the tests of the architecture
 * sub-packages ({@code arm}, {@code riscv}): {@link CorpusCase} stays package-private, this
 * class hands out what those tests read (the dump, the root registers, QEMU's answers).
 */
public final class CorpusFiles {

    private final CorpusCase corpus;

    private CorpusFiles(CorpusCase corpus) {
        this.corpus = corpus;
    }

    /** The case in {@code images/NAME}. */
    public static CorpusFiles of(String name) {
        return new CorpusFiles(CorpusCase.of(name));
    }

    /** The gzip-compressed ELF core written by QEMU's {@code dump-guest-memory}. */
    public Path dump() {
        return corpus.dump();
    }

    /** {@code root.txt}: register name to value. */
    public Map<String, Long> registers() throws IOException {
        return corpus.registers();
    }

    /** The rows of a gzip-compressed TSV file of the case, without comment lines. */
    public List<String[]> rows(String file) throws IOException {
        return corpus.rows(file);
    }

    /** Parses a hexadecimal number, with or without {@code 0x}. */
    public static long hex(String s) {
        return CorpusCase.hex(s);
    }

    @Override
    public String toString() {
        return corpus.name();
    }
}
