package org.ptdesc.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * One case of the real page-table corpus bundled in {@code images/}: a QEMU guest memory dump,
 * the register values that root its tables, and QEMU's own answers for it.
 */
record CorpusCase(String name, Path dir) {

    static CorpusCase of(String name) {
        return new CorpusCase(name, Path.of("images", name));
    }

    Path dump() {
        return dir.resolve("dump.elf.gz");
    }

    /** {@code root.txt}: register name to value. */
    Map<String, Long> registers() throws IOException {
        Map<String, Long> regs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("root.txt"))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("=", 2);
            regs.put(kv[0].strip(), Long.parseUnsignedLong(kv[1].strip().substring(2), 16));
        }
        return regs;
    }

    /** Rows of a gzip-compressed TSV file, without comment lines. */
    List<String[]> rows(String file) throws IOException {
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dir.resolve(file))), StandardCharsets.US_ASCII))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t"));
                }
            }
        }
        return rows;
    }

    /** Lines of a gzip-compressed text file. */
    List<String> lines(String file) throws IOException {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(dir.resolve(file))), StandardCharsets.US_ASCII))) {
            return in.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    static long hex(String s) {
        return Long.parseUnsignedLong(s.startsWith("0x") ? s.substring(2) : s, 16);
    }
}
