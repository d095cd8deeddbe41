package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.NestedTranslation;
import org.ptdesc.runtime.NestedTranslation.Stage;
import org.ptdesc.runtime.NestedVisitor;
import org.ptdesc.runtime.NestedWalker;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.WalkVisitor;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code translate} and {@code walk} with {@code --stage2}: the same output as for one tree,
 * with host physical addresses, and failures that name their stage.
 */
final class NestedCommands {
    private NestedCommands() {}

    /** Nested {@code translate}: one line per address; exit status 1 when an address was not hex. */
    static int translate(PrintWriter out, PrintWriter err, DescriptorOptions descriptor, ImageOptions image,
            Stage2Options stage2, AccessOptions access, boolean detail, List<String> addresses) throws IOException {
        NestedWalker walker = stage2.walker(descriptor, err);
        Stage2Options.NestedCheck check = stage2.check(access, walker);
        long[] guestRoots = image.requiredRoots(walker.guestInfo(), "with --stage2 (the image's notes describe the host)");
        long[] hostRoots = stage2.roots(walker.hostInfo());
        PhysicalMemory mem = image.open().memory();
        int bad = 0;
        if (addresses.isEmpty()) {
            InputLines in = new InputLines(System.in, out::flush);
            for (InputLines.Line line; (line = in.next()) != null; ) {
                String s = line.text().strip();
                if (line.tooLong()) {
                    bad++;
                    out.println(ControlCharacters.escape(s.substring(0, Math.min(s.length(), 40)))
                            + "... error: line longer than " + InputLines.MAX_BYTES + " bytes");
                } else if (!s.isEmpty() && !s.startsWith("#")) {
                    bad += line(out, walker, mem, guestRoots, hostRoots, s, check, detail);
                }
            }
        } else {
            for (String a : addresses) {
                bad += line(out, walker, mem, guestRoots, hostRoots, a, check, detail);
            }
        }
        out.flush();
        return bad == 0 ? ExitStatus.SUCCESS.code() : ExitStatus.BAD_INPUT.code();
    }

    private static int line(PrintWriter out, NestedWalker walker, PhysicalMemory mem, long[] guestRoots,
            long[] hostRoots, String text, Stage2Options.NestedCheck check, boolean detail) {
        long va;
        try {
            va = HexConverter.parse(text);
        } catch (TypeConversionException e) {
            out.println(ControlCharacters.escape(text.strip()) + " error: not a 64-bit hexadecimal address");
            return 1;
        }
        NestedTranslation t = check == null ? walker.translateDetailed(mem, guestRoots, hostRoots, va)
                : walker.translateDetailed(mem, guestRoots, hostRoots, va, check.access(), check.guestModes(),
                        check.hostModes());
        StringBuilder sb = new StringBuilder(HexConverter.hex(va)).append(' ');
        if (t.mapped()) {
            sb.append(HexConverter.hex(t.pa()));
            if (detail) {
                TreeInfo g = walker.guestInfo();
                TreeInfo h = walker.hostInfo();
                sb.append(" gpa=").append(HexConverter.hex(t.gpa()))
                        .append(" size=").append(Sizes.human(t.size()).replace(" ", ""))
                        .append(" guest-level=").append(g.levels().get(t.guest().level()).name())
                        .append(" stage2-level=").append(h.levels().get(t.host().level()).name())
                        .append(" guest-attributes=").append(g.describeAttributes(t.guest().attributes()))
                        .append(" stage2-attributes=").append(h.describeAttributes(t.host().attributes()));
                if (!walker.combinedAttributes().isEmpty()) {
                    sb.append(" combined=").append(TreeInfo.describe(walker.combinedAttributes(), t.combined()));
                }
            }
        } else if (t.denied()) {
            sb.append("denied: ").append(ControlCharacters.escape(NestedReasons.denial(walker.guestInfo(), walker.hostInfo(), t, detail)));
        } else {
            sb.append("unmapped: ").append(ControlCharacters.escape(NestedReasons.reason(walker.guestInfo(), walker.hostInfo(), t)));
        }
        out.println(sb);
        return 0;
    }

    /**
     * Nested {@code walk}: the guest's mappings with host physical addresses, through {@code sink};
     * with a {@code check}, only the pieces that access may reach. A piece (a guest leaf within
     * one stage 2 page) has one guest table path, one guest leaf and one stage 2 leaf, so the
     * checked translation of its first address decides it whole.
     */
    static void walk(NestedWalker walker, PhysicalMemory mem, long[] guestRoots, long[] hostRoots, long from, long to,
            Stage2Options.NestedCheck check, WalkVisitor sink) {
        walker.walk(mem, guestRoots, hostRoots, from, to, new NestedVisitor() {
            @Override
            public boolean leaf(long va, long pa, long size, long gpa, int guestLevel, long guestEntry,
                    long guestAttributes, int hostLevel, long hostEntry, long hostAttributes) {
                if (check != null && !walker.translateDetailed(mem, guestRoots, hostRoots, va, check.access(),
                        check.guestModes(), check.hostModes()).mapped()) {
                    return true;
                }
                return sink.leaf(va, pa, size, guestLevel, guestEntry, guestAttributes);
            }

            @Override
            public boolean hole(long first, long last, Stage stage, int level) {
                return stage == Stage.GUEST ? sink.hole(first, last, level)
                        : sink.fault(first, last, level, 0, Failure.NOT_PRESENT, "stage 2: not present");
            }

            @Override
            public boolean fault(long first, long last, Stage stage, int guestLevel, int hostLevel, long entry,
                    Failure kind, String message) {
                String text = stage == Stage.GUEST ? message
                        : "stage 2 at level " + hostLevel + " for guest physical " + HexConverter.hex(entry)
                                + (message.isEmpty() ? "" : ": " + message);
                return sink.fault(first, last, stage == Stage.GUEST ? guestLevel : hostLevel, entry, kind, text);
            }

            @Override
            public WalkVisitor.Action pre(long first, long last, int level, long table, long hostTable) {
                return sink.pre(first, last, level, table);
            }

            @Override
            public boolean post(long first, long last, int level, long table) {
                return sink.post(first, last, level, table);
            }
        });
    }
}
