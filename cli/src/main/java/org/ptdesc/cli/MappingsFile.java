package org.ptdesc.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The mappings {@code ptdesc build} reads: exactly the TSV {@code ptdesc walk --format tsv}
 * prints ({@code va pa size level attributes}, hex with {@code 0x}, that header first; lines
 * starting with {@code #}, such as {@code #fault}, and blank lines are skipped). Each line is
 * one page; the level column is only a hint, the size decides. Lines that overlap another or
 * whose addresses are not aligned to their size are errors located as {@code file:line}.
 */
final class MappingsFile {

    static final String HEADER = "va\tpa\tsize\tlevel\tattributes";

    /** One page to map, and the line it came from. */
    record Line(long va, long pa, long size, long attributes, int number) {
        long last() {
            return va + size - 1;
        }
    }

    private MappingsFile() {}

    /** Every line of {@code file}, sorted by address; {@code pageSizes} has bit k set for a 2^k page. */
    static List<Line> read(Path file, long pageSizes) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String text = in.readLine();
            if (text == null || !text.strip().equals(HEADER)) {
                throw new UserError(file + ":1: expected the header '" + HEADER.replace("\t", "\\t")
                        + "' (the TSV of ptdesc walk --format tsv)");
            }
            int number = 1;
            while ((text = in.readLine()) != null) {
                number++;
                if (text.isBlank() || text.startsWith("#")) {
                    continue;
                }
                lines.add(parse(file, number, text, pageSizes));
            }
        }
        lines.sort(Comparator.comparing(Line::va, Long::compareUnsigned));
        for (int i = 1; i < lines.size(); i++) {
            Line a = lines.get(i - 1);
            Line b = lines.get(i);
            if (Long.compareUnsigned(b.va(), a.last()) <= 0) {
                throw new UserError(file + ":" + b.number() + ": 0x" + Long.toHexString(b.va()) + " .. 0x"
                        + Long.toHexString(b.last()) + " overlaps line " + a.number() + " (0x"
                        + Long.toHexString(a.va()) + " .. 0x" + Long.toHexString(a.last()) + ")");
            }
        }
        return lines;
    }

    private static Line parse(Path file, int number, String text, long pageSizes) {
        String[] cols = text.split("\t", -1);
        if (cols.length != 5) {
            throw new UserError(file + ":" + number + ": expected 5 tab-separated columns (" + HEADER.replace("\t", " ")
                    + "), found " + cols.length);
        }
        long va = hex(file, number, "va", cols[0]);
        long pa = hex(file, number, "pa", cols[1]);
        long size = hex(file, number, "size", cols[2]);
        try {
            Integer.parseInt(cols[3].strip());
        } catch (NumberFormatException e) {
            throw new UserError(file + ":" + number + ": level '" + cols[3] + "' is not a number");
        }
        long attributes = hex(file, number, "attributes", cols[4]);
        if (Long.bitCount(size) != 1 || (pageSizes & size) == 0) {
            throw new UserError(file + ":" + number + ": size 0x" + Long.toHexString(size)
                    + " is not a page size of this tree (" + sizes(pageSizes) + ")");
        }
        if (((va | pa) & (size - 1)) != 0) {
            throw new UserError(file + ":" + number + ": va 0x" + Long.toHexString(va) + " or pa 0x"
                    + Long.toHexString(pa) + " is not aligned to the page size 0x" + Long.toHexString(size));
        }
        if (va + size - 1 != -1L && Long.compareUnsigned(va + size - 1, va) < 0) {
            throw new UserError(file + ":" + number + ": the page at 0x" + Long.toHexString(va) + " runs past the top of the address space");
        }
        return new Line(va, pa, size, attributes, number);
    }

    private static String sizes(long pageSizes) {
        List<String> out = new ArrayList<>();
        for (long rest = pageSizes; rest != 0; rest &= rest - 1) {
            out.add(Sizes.human(Long.lowestOneBit(rest)));
        }
        return String.join(", ", out);
    }

    private static long hex(Path file, int number, String column, String text) {
        String s = text.strip();
        if (!s.startsWith("0x") || s.length() < 3) {
            throw new UserError(file + ":" + number + ": " + column + " '" + text + "' is not a hex number like 0x1000");
        }
        try {
            return Long.parseUnsignedLong(s.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new UserError(file + ":" + number + ": " + column + " '" + text + "' is not a hex number like 0x1000");
        }
    }
}
