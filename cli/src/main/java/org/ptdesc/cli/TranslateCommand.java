package org.ptdesc.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ptdesc.runtime.Failure;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.image.MemoryImage;
import org.ptdesc.runtime.roots.RootSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ptdesc translate}: one line per address, in order: the address, then its physical
 * address, or {@code unmapped} and the reason; with {@code --access}, {@code denied:} and the
 * text of the permission rule that denies it. An address that finds no mapping (or is denied) is
 * a success; a malformed one gets its own error line, in its place, and exit status 1.
 */
@Command(name = "translate", description = "Translate addresses (arguments, or one per line on standard input).")
final class TranslateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DescriptorOptions descriptor;

    @Mixin
    ImageOptions image;

    @Mixin
    Stage2Options stage2;

    @Mixin
    AccessOptions access;

    @Option(names = "--detail", description = "Also print the level, page size, entry and attributes.")
    boolean detail;

    @Parameters(paramLabel = "VA", arity = "0..*",
            description = "Addresses in hex; none: read them from standard input, one per line (# starts a comment line).")
    List<String> addresses = new ArrayList<>();

    private int badAddresses;
    /** The access checked, 0 when none is. */
    private int accessWord;
    private long modeWord;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        stage2.requireComplete();
        if (stage2.active()) {
            return NestedCommands.translate(out, err, descriptor, image, stage2, access, detail, addresses);
        }
        TreeWalker walker = descriptor.walker(err);
        // The access options are checked before any output, so a mistake prints nothing but the error.
        boolean checked = access.checked();
        accessWord = checked ? access.access() : 0;
        modeWord = checked ? access.modeWord(walker.info()) : 0;
        MemoryImage img = image.open();
        RootSet roots = image.roots(walker.info(), img, err);
        PhysicalMemory mem = img.memory();
        UnreadableRoots unreadable = new UnreadableRoots(walker.info(), roots.registers());
        if (addresses.isEmpty()) {
            InputLines in = new InputLines(System.in, out::flush);
            for (InputLines.Line line; (line = in.next()) != null; ) {
                String s = line.text().strip();
                if (line.tooLong()) {
                    badAddresses++;
                    out.println(ControlCharacters.escape(s.substring(0, Math.min(s.length(), 40)))
                            + "... error: line longer than " + InputLines.MAX_BYTES + " bytes");
                } else if (!s.isEmpty() && !s.startsWith("#")) {
                    out.println(translate(walker, mem, roots, s, unreadable));
                }
            }
        } else {
            for (String a : addresses) {
                out.println(translate(walker, mem, roots, a, unreadable));
            }
        }
        out.flush();
        boolean failed = unreadable.report(err) | badAddresses > 0;
        return failed ? ExitStatus.BAD_INPUT.code() : ExitStatus.SUCCESS.code();
    }

    private String translate(TreeWalker walker, PhysicalMemory mem, RootSet roots, String text, UnreadableRoots unreadable) {
        long va;
        try {
            va = HexConverter.parse(text);
        } catch (TypeConversionException e) {
            // Keep one line per input line, in order; the exit status reports the bad ones.
            badAddresses++;
            return ControlCharacters.escape(text.strip()) + " error: not a 64-bit hexadecimal address";
        }
        var missing = roots.missingFor(va);
        if (missing.isPresent()) {
            return HexConverter.hex(va) + " unmapped: no value for root " + missing.get().register() + " ("
                    + ControlCharacters.escape(missing.get().source()) + ")";
        }
        Translation t = accessWord == 0 ? walker.translateDetailed(mem, roots.registers(), va)
                : walker.translateDetailed(mem, roots.registers(), va, accessWord, modeWord);
        if (t.failure() == Failure.TABLE_OUTSIDE_MEMORY && t.level() == 0) {
            unreadable.note(va, t.entry());
        }
        TreeInfo info = walker.info();
        StringBuilder sb = new StringBuilder(HexConverter.hex(va)).append(' ');
        if (t.mapped()) {
            sb.append(HexConverter.hex(t.pa()));
            if (detail) {
                sb.append(" level=").append(levelName(info, t.level()))
                        .append(" size=").append(Sizes.human(t.size()).replace(" ", ""))
                        .append(" entry=").append(HexConverter.hex(t.entry()))
                        .append(" attributes=").append(info.describeAttributes(t.attributes()));
            }
        } else if (t.denied()) {
            sb.append("denied: ").append(ControlCharacters.escape(t.message()));
            if (detail) {
                sb.append(" (rule ").append(t.rule()).append(", ").append(levelName(info, t.level()))
                        .append(", entry ").append(HexConverter.hex(t.entry())).append(')');
            }
        } else {
            sb.append("unmapped: ").append(reason(info, t));
        }
        return sb.toString();
    }

    static String reason(TreeInfo info, Translation t) {
        String at = t.level() >= 0 ? " at " + levelName(info, t.level()) : "";
        return switch (t.failure()) {
            case NONE -> "mapped";
            case OUT_OF_RANGE -> "outside the tree's address range";
            case NOT_PRESENT -> "not present" + at + " (entry " + HexConverter.hex(t.entry()) + ")";
            case FAULT -> "fault" + at + ": " + ControlCharacters.escape(t.message()) + " (entry " + HexConverter.hex(t.entry()) + ")";
            case NO_RULE -> "no rule matches the entry" + at + " (entry " + HexConverter.hex(t.entry()) + ")";
            case TABLE_OUTSIDE_MEMORY -> "table outside memory" + at + " (reading " + HexConverter.hex(t.entry()) + ")";
            case DENIED -> "denied" + at + ": " + ControlCharacters.escape(t.message());
        };
    }

    private static String levelName(TreeInfo info, int l) {
        return info.levels().get(l).name() + " (level " + l + ")";
    }
}
