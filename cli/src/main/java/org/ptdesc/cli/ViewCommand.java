package org.ptdesc.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.ptdesc.compiler.interp.Interpreter;
import org.ptdesc.compiler.ir.WalkerIr;
import org.ptdesc.runtime.PhysicalMemory;
import org.ptdesc.runtime.TreeInfo;
import org.ptdesc.runtime.TreeWalker;
import org.ptdesc.runtime.WalkVisitor;
import org.ptdesc.runtime.image.MemoryImage;
import org.ptdesc.runtime.roots.RootSet;
import org.ptdesc.runtime.roots.RootValue;
import org.ptdesc.view.CapturedWalk;
import org.ptdesc.view.Picture;
import org.ptdesc.view.ViewPage;
import org.ptdesc.view.WalkCapture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ptdesc view}: one self-contained HTML page picturing a walk (and, with
 * {@code --compare-root} or {@code --compare-image}, its difference from a second walk),
 * written atomically to the {@code -o} file.
 */
@Command(name = "view", description = "Write one self-contained HTML picture of an address space.")
final class ViewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DescriptorOptions descriptor;

    @Mixin
    ImageOptions image;

    @Option(names = "--from", paramLabel = "HEX", converter = HexConverter.class, description = "First address (default 0).")
    long from = 0;

    @Option(names = "--to", paramLabel = "HEX", converter = HexConverter.class,
            description = "Last address, inclusive (default 0xffffffffffffffff).")
    long to = -1L;

    @Option(names = "--compare-root", paramLabel = "HEX", converter = HexConverter.class,
            description = "Compare with a walk from these roots (repeat as --root); e.g. the other CR3 of a PTI process.")
    List<Long> compareRoots = new ArrayList<>();

    @Option(names = "--compare-image", paramLabel = "IMAGE",
            description = "Compare with a walk of this image (an ELF core; same roots unless --compare-root is given).")
    Path compareImage;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.html", description = "The HTML file to write.")
    Path output;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        writableDirectory(); // before a walk that may take a while, not after it
        WalkerIr ir = descriptor.treeIr(err);
        TreeWalker walker = descriptor.interpret ? new Interpreter(ir) : Engines.generated(ir);
        DescriptorRules rules = new DescriptorRules(ir, descriptor.desc);
        MemoryImage img = image.open();
        RootSet rootSet = image.roots(walker.info(), img, err);
        long[] roots = rootSet.registers();
        PhysicalMemory mem = img.memory();
        long started = System.nanoTime();
        CapturedWalk walk = walk(walker, rules, mem, rootSet, err);
        String label = image.image + " " + hexList(roots);
        Picture picture = Picture.of("ptdesc view: " + walker.info().name(), walk, label, rules);
        if (!compareRoots.isEmpty() || compareImage != null) {
            long[] otherRoots = compareRoots.isEmpty() ? roots : checkedRoots(walker);
            PhysicalMemory otherMem = compareImage == null ? mem : PhysicalMemory.open(compareImage);
            CapturedWalk other = walk(walker, rules, otherMem, compareRoots.isEmpty() ? rootSet : given(walker, otherRoots), err);
            Path otherImage = compareImage == null ? image.image : compareImage;
            picture = picture.comparedWith(other, otherImage + " " + hexList(otherRoots));
        }
        long size = writeAtomically(picture);
        out.printf("%s: %d leaves, %s mapped; %s in %.1f s%n", output, walk.leafCount(),
                Sizes.human(walk.runs().stream().mapToLong(r -> r.pageSize() * r.pages()).sum()),
                size < 0 ? "HTML" : Sizes.human(size) + " of HTML", (System.nanoTime() - started) / 1e9);
        out.flush();
        return 0;
    }

    private CapturedWalk walk(TreeWalker walker, DescriptorRules rules, PhysicalMemory mem, RootSet roots, PrintWriter err) {
        WalkCapture capture = new WalkCapture(walker.info(), rules, from, to);
        Progress progress = Progress.of(Main.statusLine(spec), from, to);
        WalkVisitor visitor = progress.wrap(capture);
        // Only the ranges of roots that have a value (all of them, unless VMCOREINFO gave a partial set).
        for (long[] part : roots.walkable(from, to)) {
            walker.walk(mem, roots.registers(), part[0], part[1], visitor);
        }
        progress.done();
        return capture.result();
    }

    /** A complete root set of the given register values, in declaration order. */
    private static RootSet given(TreeWalker walker, long[] values) {
        List<RootValue> set = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            TreeInfo.RootInfo r = walker.info().roots().get(i);
            set.add(new RootValue(r.register(), r.first(), r.last(), OptionalLong.of(values[i]), "--compare-root"));
        }
        return new RootSet(set);
    }

    private long[] checkedRoots(TreeWalker walker) {
        int needed = walker.info().roots().size();
        if (compareRoots.size() != needed) {
            throw new UserError("tree " + walker.info().name() + " needs " + needed + " --compare-root value(s); got "
                    + compareRoots.size());
        }
        return compareRoots.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Writes the page to a temporary file beside the output, then renames it: no half-written page
     * is left. An output that exists and is not a regular file ({@code /dev/stdout}, a pipe,
     * {@code /dev/full}) is written in place, since it cannot be renamed over. Whatever keeps the
     * page from being written is an {@link OutputFailure} (exit status 3), and no file is left.
     */
    private long writeAtomically(Picture picture) {
        Path target = output.toAbsolutePath();
        if (Files.exists(target) && !Files.isRegularFile(target)) {
            if (Files.isDirectory(target)) {
                throw cannotWrite("it is a directory", null);
            }
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(target, StandardCharsets.UTF_8), 1 << 16)) {
                ViewPage.write(picture, w);
            } catch (IOException e) {
                throw cannotWrite(reason(e), e);
            }
            return -1;
        }
        Path dir = writableDirectory();
        Path temp = null;
        try {
            temp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                // createTempFile makes the file private; a page is meant to be read like any output file
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(temp, StandardCharsets.UTF_8), 1 << 16)) {
                ViewPage.write(picture, w);
            } catch (IOException e) {
                throw cannotWrite(reason(e), e); // a full disk is a failed output (status 3), not bad input
            }
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } catch (IOException e) {
            throw cannotWrite(reason(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    // the failure that brought us here is the one to report
                }
            }
        }
    }

    /** The directory the output goes to; an {@link OutputFailure} when there is none. */
    private Path writableDirectory() {
        Path target = output.toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.exists(dir)) {
            throw cannotWrite("the directory does not exist", null);
        }
        if (!Files.isDirectory(dir)) {
            throw cannotWrite(dir + " is not a directory", null);
        }
        if (Files.isDirectory(target)) {
            throw cannotWrite("it is a directory", null);
        }
        return dir;
    }

    private OutputFailure cannotWrite(String reason, IOException cause) {
        return OutputFailure.of(new IOException(output + ": " + reason, cause));
    }

    private static String reason(IOException e) {
        return switch (e) {
            case java.nio.file.AccessDeniedException a -> "permission denied";
            case java.nio.file.NoSuchFileException n -> "no such file or directory";
            default -> e.getMessage() == null ? e.toString() : e.getMessage();
        };
    }

    private static String hexList(long[] roots) {
        return java.util.Arrays.stream(roots).mapToObj(r -> "0x" + Long.toHexString(r)).collect(Collectors.joining(","));
    }
}
