package org.ptdesc.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.Translation;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
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
 * text of the permission rule that denies it.
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
    AccessOptions access;

    @Option(names = "--detail", description = "Also print the level, page size, entry and attributes.")
    boolean detail;

    @Parameters(paramLabel = "VA", arity = "0..*", description = "Addresses in hex; none: read them from standard input.")
    List<String> addresses = new ArrayList<>();

    private int badAddresses;
    /** The access checked, 0 when none is. */
    private int accessWord;
    private long modeWord;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TreeWalker walker = descriptor.walker(err);
        long[] roots = image.roots(walker.info());
        boolean checked = access.checked();
        accessWord = checked ? access.access() : 0;
        modeWord = checked ? access.modeWord(walker.info()) : 0;
        PhysicalMemory mem = image.memory();
        if (addresses.isEmpty()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                String s = line.strip();
                if (!s.isEmpty() && !s.startsWith("#")) {
                    out.println(translate(walker, mem, roots, s));
                }
            }
        } else {
            for (String a : addresses) {
                out.println(translate(walker, mem, roots, a));
            }
        }
        out.flush();
        return badAddresses == 0 ? 0 : 1;
    }

    private String translate(TreeWalker walker, PhysicalMemory mem, long[] roots, String text) {
        long va;
        try {
            va = HexConverter.parse(text);
        } catch (TypeConversionException e) {
            // Keep one line per input line, in order; the exit status reports the bad ones.
            badAddresses++;
            return text.strip() + " error: not a 64-bit hexadecimal address";
        }
        Translation t = accessWord == 0 ? walker.translateDetailed(mem, roots, va)
                : walker.translateDetailed(mem, roots, va, accessWord, modeWord);
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
            sb.append("denied: ").append(t.message());
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
            case FAULT -> "fault" + at + ": " + t.message() + " (entry " + HexConverter.hex(t.entry()) + ")";
            case NO_RULE -> "no rule matches the entry" + at + " (entry " + HexConverter.hex(t.entry()) + ")";
            case TABLE_OUTSIDE_MEMORY -> "table outside memory" + at + " (reading " + HexConverter.hex(t.entry()) + ")";
            case DENIED -> "denied" + at + ": " + t.message();
        };
    }

    private static String levelName(TreeInfo info, int l) {
        return info.levels().get(l).name() + " (level " + l + ")";
    }
}
