package org.ptdesc.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.ptdesc.compiler.Ptdesc;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.WalkVisitor;

/**
 * The listings of {@code walk} written piece by piece, as {@code --threads N} writes them
 * ({@link MappingSink#piece()}, {@link WalkTally#absorb}, and the piece fed again through the
 * tally when it cannot be absorbed), against the same events fed to one sink: random event
 * sequences with ranges that go on across the cuts, faults with control characters in their
 * messages, sizes whose sum passes 2^64, limits falling anywhere; in text and TSV, through
 * {@link Output} and through a plain writer. And the text format's lines against
 * {@code String.format} with the patterns the listing has always used.
 */
class ListingPiecesTest {

    private static final TreeInfo X86 = Ptdesc.load(Path.of(CliTest.X86), "x86_64").info();

    /** One walk event. */
    private record Event(char kind, long first, long last, long pa, int level, long attributes, String message) {
        boolean feed(WalkVisitor v) {
            return switch (kind) {
                case 'L' -> v.leaf(first, pa, last - first + 1, level, pa | 1, attributes);
                case 'H' -> v.hole(first, last, level);
                default -> v.fault(first, last, level, pa, level == 0 ? Failure.TABLE_OUTSIDE_MEMORY : Failure.NO_RULE, message);
            };
        }
    }

    /** Events in address order: runs of leaves that often continue each other, holes, faults. */
    private static List<Event> events(Random random, int count) {
        long[] sizes = {0x1000, 0x1000, 0x20_0000, 0x4000_0000, 1L << 62, 1L << 63};
        long[] attributes = {0, 1, 3, 0x21, 0x7f};
        String[] messages = {"", "entry is not a table", "tab\there, newline\nthere", "bell \u0007 and \u009b", "\u202e reversed"};
        List<Event> events = new ArrayList<>();
        long va = random.nextInt(1 << 20) * 0x1000L;
        long pa = random.nextInt(1 << 20) * 0x1000L;
        long size = 0x1000;
        int level = 3;
        long attrs = 0;
        for (int i = 0; i < count; i++) {
            int r = random.nextInt(100);
            if (r < 6) {
                events.add(new Event('H', va, va + 0xfff, 0, random.nextInt(4), 0, ""));
                va += 0x1000;
            } else if (r < 10) {
                events.add(new Event('F', va, va + 0xfff, random.nextLong(), random.nextInt(5), 0,
                        messages[random.nextInt(messages.length)]));
                va += 0x1000;
            } else {
                if (r < 25) {
                    // A change: another size, level, attribute word, or a jump in pa.
                    size = sizes[random.nextInt(sizes.length)];
                    level = random.nextInt(6);
                    attrs = attributes[random.nextInt(attributes.length)];
                    pa = random.nextBoolean() ? pa : random.nextInt(1 << 20) * 0x1000L;
                }
                events.add(new Event('L', va, va + size - 1, pa, level, attrs, ""));
                va += size;
                pa += size;
            }
        }
        return events;
    }

    /** A listing written by one sink, or piece by piece, and how its pieces went. */
    private record Listing(String text, int absorbed, int walkedAgain, int stopped) {}

    private static Listing oneSink(MappingFormat format, boolean faults, List<Event> events, long limit, boolean throughOutput) {
        return write(format, faults, events, limit, throughOutput, null);
    }

    /** {@code cuts}: where pieces begin (indexes into {@code events}); null: one sink sees every event. */
    private static Listing write(MappingFormat format, boolean faults, List<Event> events, long limit,
            boolean throughOutput, int[] cuts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringWriter chars = new StringWriter();
        Output raw = throughOutput ? Output.reporting(bytes, StatusLine.NONE) : null;
        PrintWriter out = throughOutput ? new PrintWriter(raw) : new PrintWriter(chars);
        MappingSink sink = format == MappingFormat.TEXT ? new TextMappings(out, raw, X86, faults) : new TsvMappings(out, raw, X86, faults);
        WalkTally tally = new WalkTally(sink, limit, new UnreadableRoots(X86, new long[] {0x1000}));
        int absorbed = 0;
        int again = 0;
        int stopped = 0;
        if (cuts == null) {
            for (Event e : events) {
                if (!e.feed(tally)) {
                    break;
                }
            }
        } else {
            for (int k = 0; k < cuts.length && !tally.stoppedAtLimit(); k++) {
                List<Event> piece = events.subList(cuts[k], k + 1 < cuts.length ? cuts[k + 1] : events.size());
                // As PieceListing makes them: a piece stops at the command's limit or at the most text it may keep.
                WalkTally listed = new WalkTally(sink.piece(), limit, new UnreadableRoots(X86, new long[] {0x1000}));
                for (Event e : piece) {
                    if (!e.feed(listed)) {
                        stopped++;
                        break;
                    }
                }
                if (tally.absorb(listed)) {
                    absorbed++;
                } else {
                    again++;
                    for (Event e : piece) {
                        if (!e.feed(tally)) {
                            break;
                        }
                    }
                }
            }
        }
        sink.finish(tally);
        out.flush();
        String text = throughOutput ? bytes.toString(StandardCharsets.UTF_8) : chars.toString();
        return new Listing(text, absorbed, again, stopped);
    }

    private enum MappingFormat { TEXT, TSV }

    @Test
    void piecesWriteWhatOneSinkWrites() {
        Random random = new Random(0x5eed_11575L);
        int absorbed = 0;
        int again = 0;
        int limited = 0;
        int continued = 0;
        for (int round = 0; round < 300; round++) {
            List<Event> events = events(random, 1 + random.nextInt(400));
            int[] cuts = cuts(random, events.size());
            for (int k = 1; k < cuts.length; k++) {
                Event before = events.get(cuts[k] - 1);
                Event after = events.get(cuts[k]);
                if (before.kind() == 'L' && after.kind() == 'L' && after.level() == before.level()
                        && after.attributes() == before.attributes() && after.pa() == before.pa() + before.last() - before.first() + 1) {
                    continued++;
                }
            }
            long limit = random.nextInt(3) == 0 ? 1 + random.nextInt(events.size()) : Long.MAX_VALUE;
            MappingFormat format = MappingFormat.values()[round % 2];
            boolean faults = random.nextBoolean();
            boolean throughOutput = random.nextBoolean();
            Listing one = oneSink(format, faults, events, limit, throughOutput);
            Listing pieces = write(format, faults, events, limit, throughOutput, cuts);
            assertEquals(one.text(), pieces.text(), "round " + round + ", " + format + ", cuts at " + java.util.Arrays.toString(cuts));
            absorbed += pieces.absorbed();
            again += pieces.walkedAgain();
            if (limit != Long.MAX_VALUE && one.text().contains("stopped after --limit")) {
                limited++;
            }
        }
        // Every path was taken, or the comparison proves less than it claims.
        assertTrue(absorbed > 1000, absorbed + " pieces absorbed");
        assertTrue(again > 20, again + " pieces fed again (limits, sums past 2^64)");
        assertTrue(limited > 20, limited + " listings stopped by a limit");
        assertTrue(continued > 50, continued + " cuts inside a range");
    }

    @Test
    void aPieceStopsAtTheMostTextItMayKeepAndIsListedAgain() {
        Random random = new Random(0xb16L);
        // 300 000 events (about 48 bytes of TSV a leaf), 10 pieces: two of them hold 160 000 and
        // 99 000 events, past 4 MiB of TSV; the others far less.
        List<Event> events = events(random, 300_000);
        int[] cuts = {0, 1, 2, 40_000, 200_000, 200_001, 200_100, 299_000, 299_990, 299_999};
        for (MappingFormat format : MappingFormat.values()) {
            for (boolean throughOutput : new boolean[] {true, false}) {
                Listing one = oneSink(format, true, events, Long.MAX_VALUE, throughOutput);
                Listing pieces = write(format, true, events, Long.MAX_VALUE, throughOutput, cuts);
                assertEquals(one.text(), pieces.text(), format + (throughOutput ? " through Output" : ""));
                if (format == MappingFormat.TSV) {
                    assertTrue(one.text().length() > 2 * ListingText.KEPT_MOST, one.text().length() + " characters");
                    assertEquals(2, pieces.stopped(), "pieces that stopped at " + ListingText.KEPT_MOST + " bytes");
                    assertEquals(2, pieces.walkedAgain());
                }
            }
        }
        // A piece also stops at the command's limit, then is listed again up to it.
        Listing limited = write(MappingFormat.TSV, false, events, 70_000, true, cuts);
        assertEquals(oneSink(MappingFormat.TSV, false, events, 70_000, true).text(), limited.text());
        assertEquals(1, limited.stopped(), "the piece from event 40 000 stops at the limit");
        assertEquals(1, limited.walkedAgain());
    }

    /** Pieces of a list of {@code n} events: the first at 0, then random cuts, some pieces empty of leaves. */
    private static int[] cuts(Random random, int n) {
        List<Integer> at = new ArrayList<>(List.of(0));
        for (int i = 1; i < n; i++) {
            if (random.nextInt(12) == 0) {
                at.add(i);
            }
        }
        return at.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void textLinesAreTheFormatPatternsLines() {
        Random random = new Random(42);
        List<Event> events = events(random, 3000);
        String listing = oneSink(MappingFormat.TEXT, true, events, Long.MAX_VALUE, false).text();
        // The same listing made with String.format from the ranges, coalesced here again.
        StringBuilder expected = new StringBuilder(String.format("%-18s %-18s %-18s %10s %6s  %-8s %s%n",
                "first", "last", "pa", "size", "pages", "level", "attributes"));
        long[] open = null; // va, pa, size, level, attributes, pages
        int lines = 0;
        java.math.BigInteger bytes = java.math.BigInteger.ZERO;
        int faults = 0;
        for (Event e : events) {
            if (e.kind() == 'H') {
                continue;
            }
            long size = e.last() - e.first() + 1;
            if (e.kind() == 'L' && open != null && open[3] == e.level() && open[4] == e.attributes()
                    && e.first() == open[0] + open[2] && e.pa() == open[1] + open[2]
                    && Long.compareUnsigned(open[2] + size, open[2]) > 0) {
                open[2] += size;
                open[5]++;
                continue;
            }
            if (open != null) {
                expected.append(line(open));
                lines++;
                bytes = bytes.add(Sizes.unsigned(open[2]));
                open = null;
            }
            if (e.kind() == 'L') {
                open = new long[] {e.first(), e.pa(), size, e.level(), e.attributes(), 1};
            } else {
                faults++;
                String level = e.level() < X86.levels().size() ? X86.levels().get(e.level()).name() : "L" + e.level();
                Failure kind = e.level() == 0 ? Failure.TABLE_OUTSIDE_MEMORY : Failure.NO_RULE;
                expected.append(String.format("0x%016x 0x%016x fault at %s: %s%s (entry 0x%x)%n", e.first(), e.last(), level, kind,
                        e.message().isEmpty() ? "" : ": " + ControlCharacters.escape(e.message()), e.pa()));
            }
        }
        if (open != null) {
            expected.append(line(open));
            lines++;
            bytes = bytes.add(Sizes.unsigned(open[2]));
        }
        expected.append(lines).append(lines == 1 ? " range, " : " ranges, ").append(Sizes.human(bytes)).append(" mapped");
        if (faults > 0) {
            expected.append(", ").append(faults).append(faults == 1 ? " fault" : " faults");
        }
        expected.append(System.lineSeparator());
        assertTrue(lines > 100, lines + " lines");
        assertEquals(expected.toString(), listing);
    }

    private static String line(long[] r) {
        String level = r[3] < X86.levels().size() ? X86.levels().get((int) r[3]).name() : "L" + r[3];
        return String.format(Locale.ROOT, "0x%016x 0x%016x 0x%016x %10s %6d  %-8s %s%n", r[0], r[0] + r[2] - 1, r[1],
                Sizes.human(r[2]), r[5], level, X86.describeAttributes(r[4]));
    }

    @Test
    void tsvRowsAreTheHexOfEveryNumber() {
        Random random = new Random(7);
        List<Event> events = events(random, 2000);
        String listing = oneSink(MappingFormat.TSV, false, events, Long.MAX_VALUE, true).text();
        StringBuilder expected = new StringBuilder("va\tpa\tsize\tlevel\tattributes").append(System.lineSeparator());
        for (Event e : events) {
            if (e.kind() == 'L') {
                expected.append("0x").append(Long.toHexString(e.first())).append("\t0x").append(Long.toHexString(e.pa()))
                        .append("\t0x").append(Long.toHexString(e.last() - e.first() + 1)).append('\t').append(e.level())
                        .append("\t0x").append(Long.toHexString(e.attributes())).append('\n');
            }
        }
        assertEquals(expected.toString(), listing);
    }
}
